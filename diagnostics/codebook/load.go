package codebook

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"posdoctor/assets"
)

// ErrSchema is matched (errors.Is) by every *SchemaError.
var ErrSchema = errors.New("code book schema error")

// SchemaError says where a code book file breaks the schema: the file, the 1-based line, the
// field (a path such as entries[3].who[1]) and, when known, the code of the entry.
type SchemaError struct {
	File  string
	Line  int
	Field string
	Code  string
	Msg   string
}

func (e *SchemaError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Field != "" {
		fmt.Fprintf(&b, "field %s", e.Field)
		if e.Code != "" {
			fmt.Fprintf(&b, " (entry %q)", e.Code)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap makes errors.Is(err, ErrSchema) true.
func (e *SchemaError) Unwrap() error { return ErrSchema }

// maxOverlay bounds an overlay file's size.
const maxOverlay = 8 << 20

// maxReported bounds how many schema errors one load reports.
const maxReported = 20

// builtinFS is the embedded code book directory.
func builtinFS() fs.FS {
	sub, err := fs.Sub(assets.Codebook, "codebook")
	if err != nil {
		panic(err) // unreachable: "codebook" is a valid path
	}
	return sub
}

var defaultBook = sync.OnceValues(func() (*Book, error) {
	b, err := FromFS(builtinFS())
	if err != nil {
		return nil, fmt.Errorf("built-in code book: %w", err)
	}
	return b, nil
})

// Default returns the built-in code book embedded in the binary. It is loaded and indexed once;
// later calls return the same *Book. An error means the embedded data is broken (a build defect).
func Default() (*Book, error) { return defaultBook() }

// Load returns the built-in book with the overlay read from r (name is used in messages, e.g.
// the file name). If the overlay is invalid, Load returns the built-in book together with the
// error (a *SchemaError, or several joined), so the caller can warn and keep working.
func Load(name string, overlay io.Reader) (*Book, error) {
	b, err := Default()
	if err != nil {
		return nil, err
	}
	return b.WithOverlay(name, overlay)
}

// FromFS builds a book from every *.json file at the root of fsys, in name order, with the strict
// schema of the built-in book (both languages, sources, related codes that resolve).
func FromFS(fsys fs.FS) (*Book, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no *.json files")
	}
	sort.Strings(names)
	var files []*bookFile
	var errs []error
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, ferrs := parseBookFile(name, data, true)
		errs = append(errs, ferrs...)
		if f != nil {
			files = append(files, f)
		}
	}
	if len(errs) > 0 {
		return nil, joinLimited(errs)
	}
	b, errs := assemble(files, nil, true)
	if len(errs) > 0 {
		return nil, joinLimited(errs)
	}
	return b, nil
}

// WithOverlay returns a new book: b plus the overlay entries read from r. An overlay entry with
// a code b already has takes its place for Lookup and Search, and b's reading is kept as a
// variant (source "builtin") with the entry marked as a conflict. If the overlay is invalid,
// WithOverlay returns b itself, unchanged, and the error.
func (b *Book) WithOverlay(name string, r io.Reader) (*Book, error) {
	if name == "" {
		name = "overlay"
	}
	data, err := io.ReadAll(io.LimitReader(r, maxOverlay+1))
	if err != nil {
		return b, fmt.Errorf("overlay %s: %w", name, err)
	}
	if len(data) > maxOverlay {
		return b, &SchemaError{File: name, Msg: fmt.Sprintf("file is larger than %d MiB", maxOverlay>>20)}
	}
	f, errs := parseBookFile(name, data, false)
	if len(errs) > 0 {
		return b, joinLimited(errs)
	}
	maskOverlay(f)
	nb, errs := assemble([]*bookFile{f}, b, false)
	if len(errs) > 0 {
		return b, joinLimited(errs)
	}
	return nb, nil
}

func joinLimited(errs []error) error {
	if len(errs) > maxReported {
		n := len(errs) - maxReported
		errs = append(errs[:maxReported:maxReported], fmt.Errorf("... and %d more problems", n))
	}
	return errors.Join(errs...)
}

// builtinSource names the built-in book when an overlay redefines one of its codes.
var builtinSource = Source{ID: "builtin", Title: "POS Doctor built-in code book",
	Kind: SourceKindProject, NameZH: "内置码表", NameEN: "built-in code book"}

// assemble checks references across files and builds the indexed book. With base, files are an
// overlay on top of base.
func assemble(files []*bookFile, base *Book, strict bool) (*Book, []error) {
	var errs []error
	b := &Book{sources: map[string]Source{}}
	if base != nil {
		for id, s := range base.sources {
			b.sources[id] = s
		}
		b.entries = append(b.entries, base.entries...)
	}
	for _, f := range files {
		for id, s := range f.sources {
			if _, dup := b.sources[id]; dup && strict {
				errs = append(errs, &SchemaError{File: f.name, Field: "sources." + id, Msg: "source id defined twice"})
			}
			b.sources[id] = s
		}
	}
	if base != nil {
		b.sources[builtinSource.ID] = builtinSource
	}
	baseCodes := map[string]int{}
	for i, e := range b.entries {
		baseCodes[NormalizeCode(e.Code)] = i
	}
	seen := map[string]string{} // code key → file:line of first definition in these files
	for _, f := range files {
		overlaySrc := "overlay:" + f.name
		for i, e := range f.entries {
			line := f.lines[i]
			fail := func(field, format string, args ...any) {
				errs = append(errs, &SchemaError{File: f.name, Line: line, Field: fmt.Sprintf("entries[%d].%s", i, field), Code: e.Code, Msg: fmt.Sprintf(format, args...)})
			}
			key := NormalizeCode(e.Code)
			if key == "" {
				fail("code", "has no letters or digits")
				continue
			}
			if where, dup := seen[key]; dup {
				fail("code", "code %q is defined twice (first at %s)", e.Code, where)
				continue
			}
			seen[key] = fmt.Sprintf("%s:%d", f.name, line)
			for j, id := range e.Sources {
				if _, ok := b.sources[id]; !ok {
					fail(fmt.Sprintf("sources[%d]", j), "unknown source id %q (define it under \"sources\")", id)
				}
			}
			for j, v := range e.Variants {
				if _, ok := b.sources[v.Source]; !ok {
					fail(fmt.Sprintf("variants[%d].source", j), "unknown source id %q (define it under \"sources\")", v.Source)
				}
			}
			if base != nil {
				if len(e.Sources) == 0 {
					if _, ok := b.sources[overlaySrc]; !ok {
						b.sources[overlaySrc] = Source{ID: overlaySrc, Title: "site overlay " + f.name,
							Kind: SourceKindSite, NameZH: f.name, NameEN: f.name}
					}
					e.Sources = []string{overlaySrc}
				}
				if j, ok := baseCodes[key]; ok {
					b.entries[j] = overrideEntry(e, b.entries[j], f.name)
					continue
				}
			}
			b.entries = append(b.entries, e)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if strict {
		b.index()
		for _, f := range files {
			for i, e := range f.entries {
				for j, r := range e.Related {
					if _, ok := b.Lookup(r); !ok {
						errs = append(errs, &SchemaError{File: f.name, Line: f.lines[i], Field: fmt.Sprintf("entries[%d].related[%d]", i, j), Code: e.Code, Msg: fmt.Sprintf("related code %q is not in the book", r)})
					}
				}
			}
		}
		if len(errs) > 0 {
			return nil, errs
		}
		return b, nil
	}
	b.index()
	return b, nil
}

// overrideEntry lets an overlay entry replace a built-in one while keeping the built-in reading
// (and its variants) visible as variants: the conflict is shown, not hidden.
func overrideEntry(ov, old Entry, file string) Entry {
	ov.Conflict = true
	note := Text{
		ZH: fmt.Sprintf("现场覆盖文件 %s 重新定义了此代码；内置代码书的含义作为变体保留。", file),
		EN: fmt.Sprintf("The site overlay %s redefines this code; the built-in meaning is kept as a variant.", file),
	}
	if ov.ConflictNote.ZH == "" && ov.ConflictNote.EN == "" {
		ov.ConflictNote = note
	} else {
		ov.ConflictNote = Text{ZH: ov.ConflictNote.ZH + " " + note.ZH, EN: ov.ConflictNote.EN + " " + note.EN}
	}
	vs := append([]Variant(nil), ov.Variants...)
	vs = append(vs, Variant{
		Source: builtinSource.ID, TitleZH: old.TitleZH, TitleEN: old.TitleEN,
		MeaningZH: old.MeaningZH, MeaningEN: old.MeaningEN, Category: old.Category, Retry: old.Retry,
	})
	vs = append(vs, old.Variants...)
	ov.Variants = vs
	if ov.GenericEN == "" {
		ov.GenericEN = old.GenericEN
	}
	return ov
}
