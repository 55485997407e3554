package reports

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// exportTo writes a bundle of s (sel) and returns its bytes.
func exportTo(t testing.TB, s *Store, sel BundleSelect) ([]byte, Exported) {
	t.Helper()
	var buf bytes.Buffer
	ex, err := s.ExportBundle(context.Background(), &buf, sel)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), ex
}

// importBytes imports a bundle held in memory under the name "b.pdbundle".
func importBytes(s *Store, b []byte) (Imported, error) {
	return s.ImportBundle(context.Background(), "b.pdbundle", bytes.NewReader(b), int64(len(b)), nil)
}

// listJSON is what `incidents --json` would print for s.
func listJSON(t testing.TB, s *Store) string {
	t.Helper()
	l, err := s.List(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(l, "", " ")
	return string(b)
}

func TestBundleRoundTrip(t *testing.T) {
	ctx := context.Background()
	a, b := openTestStore(t), openTestStore(t)
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	var ids []string
	for i := range 3 {
		inc := testIncident(now.Add(time.Duration(i)*24*time.Hour), 20+i)
		inc.Reported = inc.Opened.Add(-3 * time.Hour)
		if i == 2 {
			inc.Closed = inc.Opened.Add(2 * time.Hour)
			inc.Resolution = ResolutionFixedOnSite
		}
		if err := a.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inc.ID)
	}
	raw, ex := exportTo(t, a, BundleSelect{})
	if ex.Manifest.Incidents != 3 || ex.Manifest.Deleted != 0 || ex.Manifest.Format != BundleFormat {
		t.Errorf("manifest %+v", ex.Manifest)
	}
	res, err := importBytes(b, raw)
	if err != nil {
		t.Fatal(err)
	}
	if res != (Imported{Added: 3}) {
		t.Errorf("first import %+v, want 3 added", res)
	}
	if got, want := listJSON(t, b), listJSON(t, a); got != want {
		t.Errorf("incidents --json differs after the round trip:\n%s\nwant\n%s", got, want)
	}
	for _, id := range ids {
		x, _ := a.Get(ctx, id)
		y, err := b.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !y.Updated.Equal(x.Updated) {
			t.Errorf("%s: updated %v after import, want the bundle's %v", id, y.Updated, x.Updated)
		}
		if canonical(t, y) != canonical(t, x) {
			t.Errorf("%s differs after the round trip", id)
		}
	}

	if src, err := b.BundleSources(ctx); err != nil || len(src) != 1 || !src[0].Exported.Equal(ex.Manifest.Exported) {
		t.Errorf("bundle sources after the import: %+v, %v", src, err)
	} else if dev, _ := a.Device(ctx); src[0].Device != dev {
		t.Errorf("source device %s, want the exporting store's %s", src[0].Device, dev)
	}

	// twice: all unchanged, nothing written
	res, err = importBytes(b, raw)
	if err != nil || res != (Imported{Unchanged: 3}) {
		t.Errorf("second import %+v, %v; want 3 unchanged", res, err)
	}

	// a later edit on a wins; an edit made on b afterwards gets a new updated of its own
	editVisit(t, a, ids[0], func(x *Incident) { x.Notes = "换了打印机" })
	raw2, _ := exportTo(t, a, BundleSelect{})
	if res, err := importBytes(b, raw2); err != nil || res != (Imported{Updated: 1, Unchanged: 2}) {
		t.Errorf("import after an edit: %+v, %v", res, err)
	}
	y, _ := b.Get(ctx, ids[0])
	if y.Notes != "换了打印机" {
		t.Errorf("notes %q after the update", y.Notes)
	}
	before := y.Updated
	y.Notes += "；已回访"
	if err := b.Save(ctx, y); err != nil {
		t.Fatal(err)
	}
	if z, _ := b.Get(ctx, ids[0]); !z.Updated.After(before) {
		t.Errorf("a local edit after the import kept updated %v", z.Updated)
	}
	// and the older bundle does not undo that edit
	if res, err := importBytes(b, raw2); err != nil || res.Unchanged != 3 {
		t.Errorf("re-import after a local edit: %+v, %v", res, err)
	}
}

func TestBundleDeletionDoesNotResurrect(t *testing.T) {
	ctx := context.Background()
	a, b := openTestStore(t), openTestStore(t)
	inc := testIncident(time.Now(), 5)
	if err := a.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	old, _ := exportTo(t, a, BundleSelect{})
	if _, err := importBytes(b, old); err != nil {
		t.Fatal(err)
	}
	if err := a.Delete(ctx, inc.ID); err != nil {
		t.Fatal(err)
	}
	del, ex := exportTo(t, a, BundleSelect{})
	if ex.Manifest.Deleted != 1 || ex.Manifest.Incidents != 0 {
		t.Fatalf("bundle after a deletion: %+v", ex.Manifest)
	}
	if res, err := importBytes(b, del); err != nil || res != (Imported{Deleted: 1}) {
		t.Fatalf("import of the deletion: %+v, %v", res, err)
	}
	if _, err := b.Get(ctx, inc.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the deleted visit is still there: %v", err)
	}
	// the older bundle, imported afterwards, does not bring it back; nor into a store that
	// learnt of the deletion first
	for name, s := range map[string]*Store{"b": b, "c": openTestStore(t)} {
		if name == "c" {
			if _, err := importBytes(s, del); err != nil {
				t.Fatal(err)
			}
		}
		res, err := importBytes(s, old)
		if err != nil || res != (Imported{Unchanged: 1}) {
			t.Errorf("%s: older bundle after the deletion: %+v, %v", name, res, err)
		}
		if _, err := s.Get(ctx, inc.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: an older bundle brought the deleted visit back: %v", name, err)
		}
	}
	// a deletion older than the visit's last update leaves it (and says unchanged)
	d := openTestStore(t)
	newer := testIncident(time.Now(), 2)
	if err := d.Save(ctx, newer); err != nil {
		t.Fatal(err)
	}
	stale := handBundle(t, nil, []string{fmt.Sprintf(`{"id":%q,"deleted":"2020-01-01T00:00:00Z"}`, newer.ID)}, nil)
	if res, err := importBytes(d, stale); err != nil || res != (Imported{Unchanged: 1}) {
		t.Errorf("stale deletion: %+v, %v", res, err)
	}
	if _, err := d.Get(ctx, newer.ID); err != nil {
		t.Errorf("a deletion older than the visit removed it: %v", err)
	}
}

func TestBundleSinceLast(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	first := testIncident(time.Now(), 2)
	if err := s.Save(ctx, first); err != nil {
		t.Fatal(err)
	}
	_, ex := exportTo(t, s, BundleSelect{SinceLast: true})
	if ex.Manifest.Incidents != 1 || ex.Mark.IsZero() {
		t.Fatalf("first --since-last: %+v", ex)
	}
	if err := s.SetExportMark(ctx, "", ex.Mark); err != nil {
		t.Fatal(err)
	}
	if _, ex := exportTo(t, s, BundleSelect{SinceLast: true}); ex.Manifest.Incidents != 0 || ex.Manifest.Deleted != 0 {
		t.Errorf("nothing changed, yet --since-last carries %+v", ex.Manifest)
	}
	second := testIncident(time.Now(), 2)
	if err := s.Save(ctx, second); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, first.ID); err != nil {
		t.Fatal(err)
	}
	_, ex = exportTo(t, s, BundleSelect{SinceLast: true})
	if ex.Manifest.Incidents != 1 || ex.Manifest.Deleted != 1 {
		t.Errorf("after one save and one deletion: %+v", ex.Manifest)
	}
	if err := s.SetExportMark(ctx, "", ex.Mark); err != nil {
		t.Fatal(err)
	}
	// a mark never moves back
	if err := s.SetExportMark(ctx, "", ex.Mark.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if m, err := s.ExportMark(ctx, ""); err != nil || !m.Equal(ex.Mark) {
		t.Errorf("mark %v (%v), want it kept at %v", m, err, ex.Mark)
	}
}

// handBundle writes a bundle the way another program would: archive/zip and encoding/json,
// only the required fields. edit, when not nil, changes the manifest before it is written.
func handBundle(t testing.TB, incidents, deleted []string, edit func(m map[string]any)) []byte {
	t.Helper()
	inc := strings.Join(incidents, "\n")
	if inc != "" {
		inc += "\n"
	}
	del := strings.Join(deleted, "\n")
	if del != "" {
		del += "\n"
	}
	sum := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	m := map[string]any{
		"format": "posdoctor-bundle", "version": 1, "exported": "2026-04-01T09:00:00+08:00",
		"device": "0f8fad5b-d9cb-469f-a165-70867728950e", "incidents": len(incidents),
		"files": map[string]any{"incidents.ndjson": sum(inc)},
	}
	files := map[string]string{"incidents.ndjson": inc}
	if len(deleted) > 0 { // deleted.ndjson and its fields are optional
		m["deleted"] = len(deleted)
		m["files"].(map[string]any)["deleted.ndjson"] = sum(del)
		files["deleted.ndjson"] = del
	}
	if edit != nil {
		edit(m)
		if f, ok := m["_files"].(map[string]string); ok { // a test replacing the entries
			files = f
			delete(m, "_files")
		}
	}
	mb, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"manifest.json", "incidents.ndjson", "deleted.ndjson"} {
		body := string(mb)
		if name != "manifest.json" {
			var ok bool
			if body, ok = files[name]; !ok {
				continue
			}
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	for name, body := range files {
		if name != "incidents.ndjson" && name != "deleted.ndjson" {
			w, err := zw.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(body))
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const handID = "3f2b8e4c-1a6d-4c9e-b7f0-5d2e8a9c1b3f"

// A bundle written by another program with only the required fields imports; a full card
// number planted in it never reaches the store.
func TestBundleFromAnotherProgram(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	spaced := testPAN[0:4] + " " + testPAN[4:8] + " " + testPAN[8:12] + " " + testPAN[12:16]
	lines := []string{
		`{"id":"` + handID + `","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00","category":"printer","resolution":"open"}`,
		`{"id":"6B7C2A2E-9F1E-4A53-8D59-1C1F8E0A1B2C","opened":"2026-03-03T09:15:00+08:00","updated":"2026-03-03T11:00:00+08:00",` +
			`"category":"other","resolution":"escalated","closed":null,"tid":"12345678","notes":"顾客卡号 ` + spaced + `",` +
			`"journal":[{"time":"2026-03-03T09:00:00+08:00","type":"SALE","amount":100,"pan":"` + testPAN + `"}],` +
			`"trace":[{"time":"2026-03-03T09:00:00+08:00","dir":"in","kind":"bytes","text":"REC ` + testPAN + `"}],` +
			`"codes":[{"code":"14","prompt":"无效卡号 ` + testPAN + `"}],"reported":"2026-03-03T08:00:00+08:00"}`,
	}
	res, err := importBytes(s, handBundle(t, lines, nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if res != (Imported{Added: 2}) {
		t.Errorf("import %+v", res)
	}
	inc, err := s.Get(ctx, "6b7c2a2e-9f1e-4a53-8d59-1c1f8e0a1b2c")
	if err != nil {
		t.Fatal(err)
	}
	if !inc.Closed.IsZero() || inc.Reported.IsZero() || inc.TID != "12345678" {
		t.Errorf("imported %+v", inc)
	}
	if want := time.Date(2026, 3, 3, 3, 0, 0, 0, time.UTC); !inc.Updated.Equal(want) {
		t.Errorf("updated %v, want the bundle's %v", inc.Updated, want)
	}
	// no full card number anywhere in the database
	for _, table := range []string{"incidents", "journal", "trace", "incident_codes"} {
		err := eachRow(ctx, s.db, "SELECT * FROM "+table, nil, func(rows *sql.Rows) error {
			cols, _ := rows.Columns()
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			for i, v := range vals {
				if l := leaks(fmt.Sprint(v)); l != "" {
					t.Errorf("%s.%s keeps the card number: %s", table, cols[i], l)
				}
				if b, ok := v.([]byte); ok && leaks(string(b)) != "" {
					t.Errorf("%s.%s keeps the card number in bytes", table, cols[i])
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Every refusal of the issue, each with its message: the file, the entry and line when it is
// one line's fault, and what to do. Nothing of a refused bundle is imported.
func TestBundleRefusals(t *testing.T) {
	good := `{"id":"` + handID + `","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00","category":"printer","resolution":"open"}`
	other := strings.Replace(good, "3f2b", "4f2b", 1)
	var bomb bytes.Buffer
	{
		zw := zip.NewWriter(&bomb)
		w, _ := zw.Create("incidents.ndjson")
		w.Write(bytes.Repeat([]byte(" "), 4<<20)) // 4 MiB of spaces: about 1000:1
		w, _ = zw.Create("manifest.json")
		w.Write([]byte(`{"format":"posdoctor-bundle","version":1}`))
		zw.Close()
	}
	var huge bytes.Buffer
	{
		zw := zip.NewWriter(&huge)
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "incidents.ndjson", Method: zip.Store,
			CompressedSize64: 300 << 20, UncompressedSize64: 300 << 20})
		w.Write([]byte("{}\n")) // the header claims 300 MiB; it is refused before a byte is read
		zw.Close()
	}
	cases := []struct {
		name  string
		data  []byte
		want  error
		entry string
		line  int
	}{
		{"not a zip", []byte("this is a mail, not a bundle\n"), ErrNotBundle, "", 0},
		{"no manifest", func() []byte {
			var b bytes.Buffer
			zw := zip.NewWriter(&b)
			zw.Create("incidents.ndjson")
			zw.Close()
			return b.Bytes()
		}(), ErrNotBundle, "", 0},
		{"unknown format", handBundle(t, []string{good}, nil, func(m map[string]any) { m["format"] = "other-tool" }), ErrNotBundle, "manifest.json", 0},
		{"newer version", handBundle(t, []string{good}, nil, func(m map[string]any) { m["version"] = 2 }), ErrBundleVersion, "manifest.json", 0},
		{"hash mismatch", handBundle(t, []string{good}, nil, func(m map[string]any) {
			m["files"].(map[string]any)["incidents.ndjson"] = strings.Repeat("ab", 32)
		}), ErrBundleMismatch, "incidents.ndjson", 0},
		{"count too low", handBundle(t, []string{good, other}, nil, func(m map[string]any) { m["incidents"] = 1 }), ErrBundleMismatch, "incidents.ndjson", 2},
		{"count too high", handBundle(t, []string{good}, nil, func(m map[string]any) { m["incidents"] = 2 }), ErrBundleMismatch, "incidents.ndjson", 0},
		{"deleted count", handBundle(t, []string{good}, []string{`{"id":"` + handID + `","deleted":"2026-03-02T11:00:00Z"}`},
			func(m map[string]any) { m["deleted"] = 2 }), ErrBundleMismatch, "deleted.ndjson", 0},
		{"deletions without their file", handBundle(t, []string{good}, nil, func(m map[string]any) { m["deleted"] = 1 }), ErrBundleMismatch, "manifest.json", 0},
		// a good line first: the refusal must roll it back
		{"invalid JSON", handBundle(t, []string{good, `{"id": "` + handID + `", "opened": `}, nil, nil), ErrBundleLine, "incidents.ndjson", 2},
		{"invalid id", handBundle(t, []string{strings.Replace(good, handID, "../../etc/passwd", 1)}, nil, nil), ErrBundleLine, "incidents.ndjson", 1},
		{"invalid id in deletions", handBundle(t, nil, []string{`{"id":"x","deleted":"2026-03-02T11:00:00Z"}`}, nil), ErrBundleLine, "deleted.ndjson", 1},
		{"missing updated", handBundle(t, []string{strings.Replace(good, `"updated"`, `"touched"`, 1)}, nil, nil), ErrBundleLine, "incidents.ndjson", 1},
		{"updated in the future", handBundle(t, []string{strings.Replace(good, "2026-03-02T11:00:00+08:00", "2099-01-01T00:00:00Z", 1)}, nil, nil), ErrBundleLine, "incidents.ndjson", 1},
		{"unknown category", handBundle(t, []string{strings.Replace(good, `"printer"`, `"toaster"`, 1)}, nil, nil), ErrBundleLine, "incidents.ndjson", 1},
		{"path with ..", handBundle(t, []string{good}, nil, func(m map[string]any) {
			m["_files"] = map[string]string{"incidents.ndjson": good + "\n", "../../.bashrc": "rm -rf ~\n"}
		}), ErrBundlePath, "../../.bashrc", 0},
		{"over 200:1", bomb.Bytes(), ErrBundleTooLarge, "incidents.ndjson", 0},
		{"over 256 MiB", huge.Bytes(), ErrBundleTooLarge, "incidents.ndjson", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTestStore(t)
			res, err := importBytes(s, tc.data)
			var be *BundleError
			if !errors.As(err, &be) || !errors.Is(err, tc.want) {
				t.Fatalf("import: %+v, %v; want a *BundleError with %v", res, err, tc.want)
			}
			if be.File != "b.pdbundle" || be.Entry != tc.entry || be.Line != tc.line || be.Do == "" {
				t.Errorf("refusal names file %q entry %q line %d, advice %q; want entry %q line %d and advice",
					be.File, be.Entry, be.Line, be.Do, tc.entry, tc.line)
			}
			msg := err.Error()
			if !strings.Contains(msg, "b.pdbundle") || tc.line > 0 && !strings.Contains(msg, fmt.Sprintf("line %d", tc.line)) ||
				!strings.Contains(msg, "nothing was imported") {
				t.Errorf("message does not name the file, line and outcome: %s", msg)
			}
			if strings.Contains(msg, testPAN) {
				t.Errorf("message repeats a card number: %s", msg)
			}
			t.Log(msg)
			if l, _ := s.List(context.Background(), Filter{}); len(l) != 0 {
				t.Errorf("a refused bundle left %d visits in the store", len(l))
			}
		})
	}
}

// FuzzBundleLine imports a bundle another program wrote, whose one visit is the fuzzed line:
// it is imported or refused with a *BundleError, never a panic, and what enters holds no full
// card number.
func FuzzBundleLine(f *testing.F) {
	good := `{"id":"` + handID + `","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00","category":"printer","resolution":"open"}`
	f.Add(good)
	f.Add(strings.Replace(good, `"open"}`, `"open","notes":"卡号 `+testPAN+`","journal":[{"pan":"`+testPAN+`"}]}`, 1))
	f.Add(strings.Replace(good, handID, "x", 1))
	f.Add(`{"id": "` + handID + `", "opened": `)
	f.Add(strings.Replace(good, `"updated":"2026-03-02T11:00:00+08:00",`, ``, 1))
	f.Add(strings.Replace(good, `"open"}`, `"open","closed":null,"runs":[{"terminal":{"tid":"1"}}],"tid":"2"}`, 1))
	s := openTestStore(f)
	f.Fuzz(func(t *testing.T, line string) {
		res, err := importBytes(s, handBundle(t, []string{line}, nil, nil))
		var be *BundleError
		if err != nil && !errors.As(err, &be) {
			t.Fatalf("import failed without a *BundleError: %v", err)
		}
		if err == nil && res.Added+res.Updated+res.Unchanged != 1 {
			t.Fatalf("one line counted %+v", res)
		}
		if err == nil && res.Added+res.Updated == 1 {
			inc, err := s.Get(context.Background(), handID)
			if err == nil {
				raw, _ := json.Marshal(inc)
				if l := leaks(string(raw)); l != "" {
					t.Fatalf("a card number entered the store: %s", l)
				}
				s.Delete(context.Background(), handID)
				s.db.Exec(`DELETE FROM deleted`)
			}
		}
	})
}

// BenchmarkImportBundle imports a bundle of 1,000 visits of 20 transactions each into a new
// store; ns/op ÷ 1,000 × 100,000 estimates the 100,000-visit import.
func BenchmarkImportBundle(b *testing.B) {
	ctx := context.Background()
	src := openTestStore(b)
	now := time.Now()
	for i := range 1000 {
		if err := src.Save(ctx, testIncident(now.Add(-time.Duration(i)*time.Hour), 20)); err != nil {
			b.Fatal(err)
		}
	}
	raw, _ := exportTo(b, src, BundleSelect{})
	b.SetBytes(int64(len(raw)))
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		dst := openTestStore(b)
		b.StartTimer()
		if res, err := importBytes(dst, raw); err != nil || res.Added != 1000 {
			b.Fatal(res, err)
		}
	}
}

// A run of a bundle holds text in places no checklist writes free text: the templates its
// summary and findings name, and the names of its terminal fields. A card number there is
// masked as anywhere else, and no template of the checklist is changed by that.
func TestBundleRunTemplatesAndNamesMasked(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	line := `{"id":"` + handID + `","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00","category":"printer","resolution":"open",` +
		`"tid":"12345678","serial":"SN1","runs":[{"terminal":{"tid":"12345678","sn":"SN1","card ` + testPAN + `":"x"},` +
		`"steps":[{"id":"printer","status":"fail","summary":"s","summary_key":"card ` + testPAN + `",` +
		`"findings":[{"code":"P1","severity":"critical","who":"technician","message":"m","actions":[],"message_key":"card ` + testPAN + `"}],` +
		`"evidence":{},"started":"2026-03-02T09:20:00+08:00","duration_ms":5}],` +
		`"verdict":{"kind":"fix-on-site","reasons":[]},"started":"2026-03-02T09:20:00+08:00","finished":"2026-03-02T09:21:00+08:00"}]}`
	if _, err := importBytes(s, handBundle(t, []string{line}, nil, nil)); err != nil {
		t.Fatal(err)
	}
	inc, err := s.Get(ctx, handID)
	if err != nil {
		t.Fatal(err)
	}
	if raw, _ := json.Marshal(inc); leaks(string(raw)) != "" {
		t.Errorf("the stored visit keeps the card number: %s", leaks(string(raw)))
	}
	out, _ := exportTo(t, s, BundleSelect{})
	zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		if l := leaks(b.String()); l != "" {
			t.Errorf("the exported %s keeps the card number: %s", f.Name, l)
		}
	}
	for _, key := range diagnostics.MessageTemplates() {
		if got := CleanText(key); got != key {
			t.Errorf("CleanText changes the checklist's template %q to %q", key, got)
		}
	}
}
