package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestCleanTyping: text saved while a person is still typing keeps at most the first 6 digits
// of a number being typed and none of a PIN being typed; what was finished is judged as
// CleanText judges it.
func TestCleanTyping(t *testing.T) {
	for _, c := range []struct{ in, done, want string }{
		{"不出小票", "", "不出小票"},
		{"卡号 6222 0212 3456 789", "", "卡号 6222 02** **** ***"},
		{"卡号 4000 0566 5566 5556", "", "卡号 4000 05** **** ****"},
		{"商户说密码是 12", "", "商户说密码是 **"},
		{"PIN 1", "", "PIN *"},
		{"序列号 141000015866，卡号 62220", "序列号 141000015866", "序列号 141000015866，卡号 62220"},
		{"卡号 4000056655665556 ok", "卡号 4000056655665556 ok", "卡号 400005******5556 ok"}, // finished: CleanText's masking
	} {
		if got := CleanTyping(c.in, c.done); got != c.want {
			t.Errorf("CleanTyping(%q, %q) = %q, want %q", c.in, c.done, got, c.want)
		}
	}
	// finished text is CleanText's: a 12-digit serial and a 4-digit PIN as always
	if got := CleanText("序列号 141000015866 PIN 12"); got != "序列号 141000015866 PIN 12" {
		t.Errorf("CleanText changed: %q", got)
	}
}

// TestStoreLeavesNoOldText: what a save replaced and a visit deleted are not left in the
// store's files: the file overwrites deleted content (secure_delete), and Checkpoint empties
// the write-ahead log.
func TestStoreLeavesNoOldText(t *testing.T) {
	path := filepath.Join(t.TempDir(), "incidents.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var on int
	if err := s.db.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&on); err != nil || on != 1 {
		t.Errorf("secure_delete is %d (%v), want 1", on, err)
	}
	inc := NewIncident(time.Now())
	inc.Notes = "ALPHA-OLD-NOTE the merchant said so"
	inc.Symptom = "not yet"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	inc.Notes = "BRAVO"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	gone := NewIncident(time.Now())
	gone.Notes = "CHARLIE-DELETED-NOTE of a visit deleted"
	if err := s.Save(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() != 0 {
		t.Errorf("the log after a checkpoint: %v, %v", fi, err)
	}
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		b, _ := os.ReadFile(f)
		for _, old := range []string{"ALPHA-OLD-NOTE", "CHARLIE-DELETED-NOTE"} {
			if bytes.Contains(b, []byte(old)) {
				t.Errorf("%s still holds %s", filepath.Base(f), old)
			}
		}
	}
}
