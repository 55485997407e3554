package codebook

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/filetest"
)

func TestIssue9Item16OverlayFIFO(t *testing.T) {
	fifo := filetest.FIFO(t, "site.json")
	type result struct {
		b   *Book
		err error
	}
	r := filetest.Returns(t, fifo, 5*time.Second, "LoadFile on a FIFO", func() result {
		b, err := LoadFile(context.Background(), fifo)
		return result{b, err}
	})
	if !errors.Is(r.err, ErrNotRegularFile) {
		t.Errorf("FIFO overlay: err = %v, want ErrNotRegularFile", r.err)
	}
	if !strings.Contains(r.err.Error(), "named pipe") {
		t.Errorf("message %q does not say the path is a named pipe", r.err)
	}
	if r.b == nil || r.b != mustDefault(t) {
		t.Error("a refused overlay must hand back the built-in book")
	}
}

func TestIssue9Item16OverlayNotRegular(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadFile(context.Background(), dir); !errors.Is(err, ErrNotRegularFile) || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder as overlay: err = %v, want ErrNotRegularFile naming a folder", err)
	}
}

func TestIssue9Item16OverlayTooLarge(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// sparse: the size says it all, and nothing of it should be read
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	b, err := LoadFile(context.Background(), big)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("1 GiB overlay: err = %v, want ErrTooLarge", err)
	}
	if b != mustDefault(t) {
		t.Error("an oversized overlay must hand back the built-in book")
	}
	// a file just over the bound is refused too, one at the bound is read
	over := filepath.Join(t.TempDir(), "over.json")
	if err := os.WriteFile(over, []byte(strings.Repeat(" ", maxOverlay+1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(context.Background(), over); !errors.Is(err, ErrTooLarge) {
		t.Errorf("overlay of 8 MiB + 1: err = %v, want ErrTooLarge", err)
	}
}

func TestIssue9Item16OverlayCancelled(t *testing.T) {
	path := filepath.Join("testdata", "overlay_example.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b, err := LoadFile(ctx, path)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: err = %v, want context.Canceled", err)
	}
	if b != mustDefault(t) {
		t.Error("a cancelled load must hand back the built-in book")
	}
	if _, err := LoadFile(context.Background(), path); err != nil {
		t.Errorf("the same file with a live context: %v", err)
	}
}

func TestIssue9Item18OverlayBOM(t *testing.T) {
	doc := "\xef\xbb\xbf{\"schema\": 1,\n \"entries\": [" + goodEntry + "]}"
	b, err := Load("site.json", strings.NewReader(doc))
	if err != nil {
		t.Fatalf("overlay with a UTF-8 BOM: %v", err)
	}
	if _, ok := b.Lookup("Z9"); !ok {
		t.Error("the BOM overlay's entry is missing")
	}
	// line numbers are unchanged by the BOM
	bad := "\xef\xbb\xbf{\"entries\": [\n  {\"code\": \"Z1\", \"kind\": \"boss\"}]}"
	var se *SchemaError
	if _, err := Load("site.json", strings.NewReader(bad)); !errors.As(err, &se) || se.Line != 2 {
		t.Errorf("BOM overlay with an error: %v, want line 2", err)
	}
}

func TestIssue9Item18OverlayMessages(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string // all of these in the message
		not  []string // none of these
	}{
		{"schema as a string", `{"schema": "1", "entries": []}`, []string{"the number 1", `not the string "1"`}, []string{"unsupported schema 1 "}},
		{"schema as a boolean", `{"schema": true, "entries": []}`, []string{"the number 1", "not a boolean"}, nil},
		{"schema 2", `{"schema": 2, "entries": []}`, []string{"schema 2", "reads schema 1"}, nil},
		{"empty file", "", []string{"empty"}, []string{"unexpected end"}},
		{"blank file", " \n\t", []string{"empty"}, nil},
		{"UTF-16", "\xff\xfe{\x00\"\x00", []string{"UTF-16", "UTF-8"}, []string{"invalid character"}},
		{"UTF-16 BE", "\xfe\xff\x00{\x00\"", []string{"UTF-16", "UTF-8"}, []string{"invalid character"}},
		{"trailing comma", "{\"entries\": [\n" + goodEntry + ",\n]}", []string{"comma"}, nil},
		{"comment", "// site codes\n{\"entries\": []}", []string{"comments"}, nil},
		{"single quotes", `{'entries': []}`, []string{"double quotes"}, nil},
		{"article", `{"entries": {}}`, []string{"not an object"}, []string{"a object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("site.json", strings.NewReader(tt.doc))
			if !errors.Is(err, ErrSchema) {
				t.Fatalf("err = %v, want a schema error", err)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(msg, n) {
					t.Errorf("message %q still says %q", msg, n)
				}
			}
		})
	}
	// 1.0 is the number 1
	if _, err := Load("site.json", strings.NewReader(`{"schema": 1.0, "entries": [`+goodEntry+`]}`)); err != nil {
		t.Errorf(`"schema": 1.0 refused: %v`, err)
	}
}
