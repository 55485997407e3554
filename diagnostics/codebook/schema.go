package codebook

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// bookFile is one parsed and checked file.
type bookFile struct {
	name    string
	sources map[string]Source
	entries []Entry
	lines   []int // line of each entry, for cross-file errors
}

var topKeys = []string{"schema", "sources", "entries"}

var entryKeys = []string{
	"code", "kind", "title_zh", "title_en", "meaning_zh", "meaning_en", "generic_en",
	"cups_category", "display", "aliases", "causes", "who", "actions", "retry", "retry_note",
	"checks", "conflict", "conflict_note", "variants", "related", "sources",
}

var variantKeys = []string{"source", "title_zh", "title_en", "meaning_zh", "meaning_en", "cups_category", "retry"}

// checker walks one file's tree and collects schema errors with their lines.
type checker struct {
	file string
	li   lineIndex
	errs []error
	code string // code of the entry being checked
}

func (c *checker) fail(off int64, field, format string, args ...any) {
	c.errs = append(c.errs, &SchemaError{
		File:  c.file,
		Line:  c.li.line(off),
		Field: field,
		Code:  c.code,
		Msg:   fmt.Sprintf(format, args...),
	})
}

func parseBookFile(name string, data []byte, strict bool) (*bookFile, []error) {
	// Windows editors save UTF-8 with a byte order mark; it says nothing, so skip it.
	data = bytes.TrimPrefix(data, utf8BOM)
	c := &checker{file: name, li: newLineIndex(data)}
	if msg := unreadableText(data); msg != "" {
		c.fail(0, "", "%s", msg)
		return nil, c.errs
	}
	// GBK (what a Chinese Windows' Notepad and Excel save as "ANSI") would otherwise load with
	// every Chinese character turned into U+FFFD
	if off := invalidUTF8(data); off >= 0 {
		c.fail(int64(off), "", "not UTF-8 text (saved as GBK or ANSI?): save the file as UTF-8 (in Notepad: Save as, Encoding UTF-8)")
		return nil, c.errs
	}
	root, err := parseJSON(data)
	if err != nil {
		var oe *offsetError
		off := int64(0)
		msg := err.Error()
		if errors.As(err, &oe) {
			off, msg = oe.off, oe.msg+syntaxHint(data, oe.off, oe.msg)
		}
		c.fail(off, "", "%s", msg)
		return nil, c.errs
	}
	if root.kind != 'o' {
		c.fail(root.off, "", "the file must hold a JSON object with \"entries\", not %s", root.withArticle())
		return nil, c.errs
	}
	c.unknownKeys(root, "", topKeys)
	f := &bookFile{name: name, sources: map[string]Source{}}
	if v, _, ok := root.get("schema"); ok {
		c.schema(v)
	}
	if v, _, ok := root.get("sources"); ok {
		if v.kind != 'o' {
			c.fail(v.off, "sources", "must be an object of id → {title, url, kind, name_zh, name_en}, not %s", v.withArticle())
		} else {
			for i, id := range v.keys {
				s := v.vals[i]
				field := "sources." + id
				if s.kind != 'o' {
					c.fail(s.off, field, "must be an object with \"title\" and \"url\", not %s", s.withArticle())
					continue
				}
				c.unknownKeys(s, field, []string{"title", "url", "kind", "name_zh", "name_en"})
				src := Source{ID: id, Title: c.str(s, field, "title", true), URL: c.str(s, field, "url", false),
					NameZH: c.str(s, field, "name_zh", false), NameEN: c.str(s, field, "name_en", false)}
				if _, _, ok := s.get("kind"); ok {
					src.Kind = spelledField(c, s, field, "kind", sourceKinds)
				}
				f.sources[id] = src
			}
		}
	}
	ents, _, ok := root.get("entries")
	switch {
	case !ok:
		c.fail(root.off, "entries", "missing: the file must have an \"entries\" array")
	case ents.kind != 'a':
		c.fail(ents.off, "entries", "must be an array of entries, not %s", ents.withArticle())
	default:
		for i, en := range ents.elems {
			e, ok := c.entry(en, fmt.Sprintf("entries[%d]", i), strict)
			if ok {
				f.entries = append(f.entries, e)
				f.lines = append(f.lines, c.li.line(en.off))
			}
		}
	}
	return f, c.errs
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// unreadableText explains a file that cannot be JSON at all: empty, or UTF-16 (what Windows
// Notepad calls "Unicode"), which the JSON parser would report as an invalid character 'ÿ'.
// invalidUTF8 is the offset of the first byte of data that is not UTF-8, or -1.
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return -1
}

func unreadableText(data []byte) string {
	switch {
	case len(bytes.TrimSpace(data)) == 0:
		return "the file is empty: an overlay is a JSON object with an \"entries\" array"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "the file is UTF-16 text; save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)"
	}
	return ""
}

// syntaxHint adds what most likely went wrong to the JSON syntax error msg at off: the
// mistakes of hand-written JSON that the parser's own message does not name.
func syntaxHint(data []byte, off int64, msg string) string {
	switch {
	case strings.Contains(msg, "invalid character '/'"), strings.Contains(msg, "invalid character '#'"):
		return " (JSON has no comments)"
	case strings.Contains(msg, `invalid character '\''`):
		return " (JSON strings and keys need double quotes)"
	case strings.Contains(msg, "invalid character '}'"), strings.Contains(msg, "invalid character ']'"):
		// the parser stops at or just before the closing bracket
		i := max(off-1, 0)
		for i < int64(len(data)) && data[i] != '}' && data[i] != ']' {
			i++
		}
		if bytes.HasSuffix(bytes.TrimRight(data[:min(i, int64(len(data)))], " \t\r\n"), []byte(",")) {
			return " (a comma after the last item: JSON allows none there)"
		}
	}
	return ""
}

// schema checks the "schema" field: the number 1.
func (c *checker) schema(v *jnode) {
	switch v.kind {
	case 'n':
		if f, err := strconv.ParseFloat(v.str, 64); err != nil || f != 1 {
			c.fail(v.off, "schema", "unsupported schema %s (this version reads schema 1)", v.str)
		}
	case 's':
		c.fail(v.off, "schema", "must be the number 1, not the string %q: write \"schema\": 1 without quotes", v.str)
	default:
		c.fail(v.off, "schema", "must be the number 1, not %s", v.withArticle())
	}
}

// withArticle is the node's type name with "a" or "an", for messages.
func (n *jnode) withArticle() string {
	switch n.kind {
	case 'o', 'a':
		return "an " + n.typeName()
	case 'z':
		return "null"
	}
	return "a " + n.typeName()
}

func (c *checker) unknownKeys(n *jnode, prefix string, known []string) {
	for i, k := range n.keys {
		found := false
		for _, kk := range known {
			if k == kk {
				found = true
				break
			}
		}
		if !found {
			c.fail(n.kOffs[i], join(prefix, k), "unknown field (known: %s)", strings.Join(known, ", "))
		}
	}
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// str reads an optional or required string field of an object.
func (c *checker) str(n *jnode, prefix, key string, required bool) string {
	v, koff, ok := n.get(key)
	if !ok {
		if required {
			c.fail(n.off, join(prefix, key), "missing (required string)")
		}
		return ""
	}
	if v.kind != 's' {
		c.fail(koff, join(prefix, key), "must be a string, not %s", v.withArticle())
		return ""
	}
	if required && strings.TrimSpace(v.str) == "" {
		c.fail(koff, join(prefix, key), "must not be empty")
	}
	if len(v.str) > 4000 {
		c.fail(koff, join(prefix, key), "too long (%d bytes, at most 4000)", len(v.str))
	}
	return v.str
}

// spelledField reads a required string field of an object that must be one of the words of
// s, as the data spells them; the zero value if it is missing, not a string or another word.
func spelledField[T comparable](c *checker, n *jnode, prefix, key string, s spelling[T]) T {
	var zero T
	v, koff, ok := n.get(key)
	if !ok {
		c.fail(n.off, join(prefix, key), "missing (one of %s)", s.list())
		return zero
	}
	if v.kind != 's' {
		c.fail(koff, join(prefix, key), "must be a string, not %s", v.withArticle())
		return zero
	}
	x, err := s.parse(v.str)
	if err != nil {
		c.fail(koff, join(prefix, key), "%v", err)
		return zero
	}
	return x
}

// parseEach parses each string of the list field key (read by strs, with their offsets) with
// parse; a string parse refuses fails the check and is left out.
func parseEach[T any](c *checker, prefix, key string, list []string, offs []int64, parse func(string) (T, error)) []T {
	var out []T
	for i, s := range list {
		v, err := parse(s)
		if err != nil {
			c.fail(offs[i], fmt.Sprintf("%s[%d]", join(prefix, key), i), "%v", err)
			continue
		}
		out = append(out, v)
	}
	return out
}

// strs reads an optional array of strings.
func (c *checker) strs(n *jnode, prefix, key string) ([]string, []int64) {
	v, koff, ok := n.get(key)
	if !ok {
		return nil, nil
	}
	if v.kind != 'a' {
		c.fail(koff, join(prefix, key), "must be an array of strings, not %s", v.withArticle())
		return nil, nil
	}
	out := make([]string, 0, len(v.elems))
	offs := make([]int64, 0, len(v.elems))
	for i, el := range v.elems {
		if el.kind != 's' {
			c.fail(el.off, fmt.Sprintf("%s[%d]", join(prefix, key), i), "must be a string, not %s", el.withArticle())
			continue
		}
		out = append(out, el.str)
		offs = append(offs, el.off)
	}
	return out, offs
}

// text reads a {zh, en} object; at least one language must be present when required.
func (c *checker) text(v *jnode, field string, strict, required bool) (Text, bool) {
	if v.kind != 'o' {
		c.fail(v.off, field, "must be an object {\"zh\": ..., \"en\": ...}, not %s", v.withArticle())
		return Text{}, false
	}
	c.unknownKeys(v, field, []string{"zh", "en"})
	t := Text{ZH: c.str(v, field, "zh", strict && required), EN: c.str(v, field, "en", strict && required)}
	if required && strings.TrimSpace(t.ZH) == "" && strings.TrimSpace(t.EN) == "" {
		c.fail(v.off, field, "needs \"zh\" or \"en\" text")
		return t, false
	}
	return t, true
}

func (c *checker) texts(n *jnode, prefix, key string, strict, required bool) []Text {
	v, koff, ok := n.get(key)
	if !ok {
		if required {
			c.fail(n.off, join(prefix, key), "missing (required list of {\"zh\", \"en\"})")
		}
		return nil
	}
	if v.kind != 'a' {
		c.fail(koff, join(prefix, key), "must be an array of {\"zh\", \"en\"} objects, not %s", v.withArticle())
		return nil
	}
	if required && len(v.elems) == 0 {
		c.fail(koff, join(prefix, key), "must not be empty")
	}
	out := make([]Text, 0, len(v.elems))
	for i, el := range v.elems {
		if t, ok := c.text(el, fmt.Sprintf("%s[%d]", join(prefix, key), i), strict, true); ok {
			out = append(out, t)
		}
	}
	return out
}

func (c *checker) entry(n *jnode, field string, strict bool) (Entry, bool) {
	c.code = ""
	if n.kind != 'o' {
		c.fail(n.off, field, "must be an object, not %s", n.withArticle())
		return Entry{}, false
	}
	before := len(c.errs)
	if v, _, ok := n.get("code"); ok && v.kind == 's' {
		c.code = v.str
	}
	c.unknownKeys(n, field, entryKeys)
	var e Entry
	e.Code = strings.TrimSpace(c.str(n, field, "code", true))
	if len(e.Code) > 200 {
		c.fail(n.off, field+".code", "too long (at most 200 bytes)")
	}
	e.Kind = spelledField(c, n, field, "kind", kinds)
	e.TitleZH = c.str(n, field, "title_zh", strict)
	e.TitleEN = c.str(n, field, "title_en", strict)
	e.MeaningZH = c.str(n, field, "meaning_zh", strict)
	e.MeaningEN = c.str(n, field, "meaning_en", strict)
	if !strict {
		if strings.TrimSpace(e.TitleZH) == "" && strings.TrimSpace(e.TitleEN) == "" {
			c.fail(n.off, field+".title_zh", "an entry needs \"title_zh\" or \"title_en\"")
		}
		if strings.TrimSpace(e.MeaningZH) == "" && strings.TrimSpace(e.MeaningEN) == "" {
			c.fail(n.off, field+".meaning_zh", "an entry needs \"meaning_zh\" or \"meaning_en\"")
		}
	}
	e.GenericEN = c.str(n, field, "generic_en", false)
	if v, koff, ok := n.get("cups_category"); ok {
		if v.kind != 's' {
			c.fail(koff, field+".cups_category", "must be a string, not %s", v.withArticle())
		} else if cat, err := ParseCategory(v.str); err != nil {
			c.fail(koff, field+".cups_category", "%v", err)
		} else {
			e.Category = cat
		}
	}
	e.Display, _ = c.strs(n, field, "display")
	e.Aliases, _ = c.strs(n, field, "aliases")
	e.Causes = c.texts(n, field, "causes", strict, strict && e.Kind != KindISO8583)
	e.Actions = c.texts(n, field, "actions", strict, true)
	who, whoOffs := c.strs(n, field, "who")
	if _, _, ok := n.get("who"); !ok {
		c.fail(n.off, field+".who", "missing (list of %s)", whos.list())
	} else if len(who) == 0 && len(c.errs) == before {
		c.fail(n.off, field+".who", "must name at least one of %s", whos.list())
	}
	e.Who = parseEach(c, field, "who", who, whoOffs, ParseParty)
	e.Retry = spelledField(c, n, field, "retry", retries)
	if v, _, ok := n.get("retry_note"); ok {
		e.RetryNote, _ = c.text(v, field+".retry_note", false, false)
	}
	checks, checkOffs := c.strs(n, field, "checks")
	e.Checks = parseEach(c, field, "checks", checks, checkOffs, ParseStep)
	if v, koff, ok := n.get("conflict"); ok {
		if v.kind != 'b' {
			c.fail(koff, field+".conflict", "must be true or false, not %s", v.withArticle())
		} else {
			e.Conflict = v.str == "true"
		}
	}
	if v, _, ok := n.get("conflict_note"); ok {
		e.ConflictNote, _ = c.text(v, field+".conflict_note", false, false)
	}
	if v, koff, ok := n.get("variants"); ok {
		if v.kind != 'a' {
			c.fail(koff, field+".variants", "must be an array of variant objects, not %s", v.withArticle())
		} else {
			for i, vn := range v.elems {
				vf := fmt.Sprintf("%s.variants[%d]", field, i)
				if vn.kind != 'o' {
					c.fail(vn.off, vf, "must be an object, not %s", vn.withArticle())
					continue
				}
				c.unknownKeys(vn, vf, variantKeys)
				va := Variant{
					Source:    c.str(vn, vf, "source", true),
					TitleZH:   c.str(vn, vf, "title_zh", false),
					TitleEN:   c.str(vn, vf, "title_en", false),
					MeaningZH: c.str(vn, vf, "meaning_zh", false),
					MeaningEN: c.str(vn, vf, "meaning_en", false),
				}
				if va.TitleZH == "" && va.TitleEN == "" && va.MeaningZH == "" && va.MeaningEN == "" {
					c.fail(vn.off, vf, "a variant needs a title or a meaning")
				}
				if cv, ckoff, ok := vn.get("cups_category"); ok {
					if cat, err := ParseCategory(cv.str); cv.kind != 's' || err != nil {
						c.fail(ckoff, vf+".cups_category", "must be one of %s", categories.list())
					} else {
						va.Category = cat
					}
				}
				if rv, rkoff, ok := vn.get("retry"); ok {
					if r, err := ParseRetry(rv.str); rv.kind != 's' || err != nil {
						c.fail(rkoff, vf+".retry", "must be one of %s", retries.list())
					} else {
						va.Retry = r
					}
				}
				e.Variants = append(e.Variants, va)
			}
		}
	}
	if e.Conflict && len(e.Variants) == 0 {
		c.fail(n.off, field+".variants", "\"conflict\" is true but no variants say what the sources claim")
	}
	e.Related, _ = c.strs(n, field, "related")
	e.Sources, _ = c.strs(n, field, "sources")
	if strict && len(e.Sources) == 0 {
		c.fail(n.off, field+".sources", "every built-in entry must name its sources")
	}
	c.code = ""
	return e, len(c.errs) == before
}
