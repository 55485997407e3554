package drill

import (
	"errors"
	"io/fs"
	"path"
	"strings"
	"testing"
	"time"

	"posdoctor/assets"
)

// hostileScenarios are files a trainer (or anyone) may hand the loader: not YAML, nested
// deeper than any scenario, unknown fields, GBK bytes, a huge list, and the like. They are
// kept small (just past each limit): the fuzzer minimises every new input it finds, and a
// large seed keeps it minimising instead of fuzzing.
func hostileScenarios() map[string][]byte {
	deepFlow := strings.Repeat("[", 200) + strings.Repeat("]", 200)
	var deepBlock strings.Builder
	for i := range 40 {
		deepBlock.WriteString(strings.Repeat("  ", i) + "a:\n")
	}
	var hugeList strings.Builder
	hugeList.WriteString("format: posdoctor-drill/1\nfaults:\n")
	for range maxItems + 100 {
		hugeList.WriteString("  - paper-out\n")
	}
	return map[string][]byte{
		"not yaml":       []byte("\x89PNG\r\n\x1a\n this is: [not {yaml"),
		"plain text":     []byte("打印机缺纸，请换纸\n"),
		"scalar":         []byte("42"),
		"list":           []byte("- format: posdoctor-drill/1\n"),
		"deep flow":      []byte("faults: " + deepFlow),
		"deep block":     []byte(deepBlock.String()),
		"unknown field":  []byte("format: posdoctor-drill/1\nid: x\ncolour: red\n"),
		"gbk":            []byte("format: posdoctor-drill/1\ntitle: {zh: \xb4\xf2\xd3\xa1\xbb\xfa, en: Printer}\n"),
		"huge list":      []byte(hugeList.String()),
		"alias bomb":     []byte("a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"),
		"two documents":  []byte("format: posdoctor-drill/1\n---\nformat: posdoctor-drill/1\n"),
		"nul":            []byte("format: posdoctor-drill/1\x00\n"),
		"bom":            []byte("\xef\xbb\xbfformat: posdoctor-drill/1\n"),
		"wrong types":    []byte("format: [1]\nlevel: high\nanswer: {critical: [[x]], harmful: [3]}\nsolution: {at: x}\n"),
		"critical forms": []byte("answer: {critical: [redo-sale, {action: swap-terminal, before: settle-batch, colour: red}]}\n"),
		"empty":          nil,
	}
}

// FuzzParse: Parse and Validate never panic or hang, whatever the bytes, and every refusal
// is an *Error (or Errors) naming the file.
func FuzzParse(f *testing.F) {
	entries, err := fs.ReadDir(assets.Drills, "drills")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		data, err := fs.ReadFile(assets.Drills, path.Join("drills", e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, data := range hostileScenarios() {
		f.Add(data)
	}
	b := book(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		done := make(chan error, 1)
		go func() {
			sc, err := Parse("fuzz.yaml", data)
			if err == nil {
				if errs := Validate(sc, b); len(errs) > 0 {
					err = errs
				}
			}
			done <- err
		}()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("Parse and Validate still running after 10 s on %d bytes", len(data))
		}
		if err == nil {
			return
		}
		var one *Error
		var many Errors
		switch {
		case errors.As(err, &many):
			for _, e := range many {
				if e.File != "fuzz.yaml" {
					t.Fatalf("error %q does not name the file", e)
				}
			}
		case errors.As(err, &one):
			if one.File != "fuzz.yaml" {
				t.Fatalf("error %q does not name the file", one)
			}
		default:
			t.Fatalf("%T %q: not an *Error naming the file", err, err)
		}
	})
}
