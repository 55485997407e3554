package drill

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// The problems Parse finds with a file's shape.
var (
	msgTooLarge     = tpl("more than {{.Max}} bytes: a scenario file is at most 1 MiB")
	msgNotUTF8      = tpl("not UTF-8 text (saved as GBK?): save the file as UTF-8")
	msgNUL          = tpl("not a text file (it holds NUL bytes)")
	msgNestedFlow   = tpl("nested {{.Depth}} deep: a scenario nests at most {{.Max}}")
	msgEmpty        = tpl("empty file: a scenario starts with `format: {{.Format}}`")
	msgNotYAMLLine  = tpl("not a YAML scenario: line {{.Line}}: {{.Detail}}")
	msgNotYAML      = tpl("not a YAML scenario: {{.Detail}}")
	msgSecondDoc    = tpl("a second document: one drill per file")
	msgNotMapping   = tpl("a scenario is a mapping of fields (format, id, title, ...)")
	msgNested       = tpl("nested more than {{.Max}} deep")
	msgAnchors      = tpl("anchors and aliases (&, *) are not used in scenario files")
	msgMergeKeys    = tpl("merge keys (<<) are not used in scenario files: write each field out")
	msgFieldTwice   = tpl("field {{.Field}} twice")
	msgManyFields   = tpl("more than {{.Max}} fields")
	msgLongList     = tpl("a list of {{.N}}: at most {{.Max}}")
	msgNoSuchField  = tpl("line {{.Line}}: field {{.Field}} not found in {{.Type}}")
	msgWrongType    = tpl("line {{.Line}}: cannot unmarshal {{.Value}} into {{.Type}}")
	msgYAMLLine     = tpl("line {{.Line}}: {{.Detail}}")
	msgCriticalForm = tpl("line {{.Line}}: a critical action is an action id or {action, before, why}")
)

// Parse reads one scenario file's bytes; name is what messages call it. It checks the file's
// shape (size, encoding, nesting, known fields, types), not its content: Validate does that.
func Parse(name string, data []byte) (*Scenario, error) {
	fail := func(line int, key string, args kv) error {
		e := fileProblem(name, key, args)
		e.Line = line
		return e
	}
	if len(data) > MaxFileSize {
		// LoadFile reads no more than MaxFileSize+1 bytes: the size is not known, only that it is over
		return nil, fail(0, msgTooLarge, kv{"Max": MaxFileSize})
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, fail(lineOfInvalidUTF8(data), msgNotUTF8, nil)
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, fail(0, msgNUL, nil)
	}
	if d := flowDepth(data); d > maxDepth {
		return nil, fail(0, msgNestedFlow, kv{"Depth": d, "Max": maxDepth})
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fail(0, msgEmpty, kv{"Format": Format})
		}
		return nil, notYAML(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fail(extra.Line, msgSecondDoc, nil)
	} else if !errors.Is(err, io.EOF) {
		return nil, notYAML(name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fail(doc.Line, msgNotMapping, nil)
	}
	lines := map[string]int{}
	if err := walk(doc.Content[0], "", 0, lines); err != nil {
		err.File = name
		return nil, err
	}
	sc := &Scenario{}
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(sc); err != nil {
		return nil, decodeErrors(name, err)
	}
	sum := sha256.Sum256(data)
	sc.Source, sc.SHA256, sc.lines = name, hex.EncodeToString(sum[:]), lines
	return sc, nil
}

// yamlLine is the line yaml.v3 names at the start of a message ("line 5: ..."), and the rest.
var yamlLine = regexp.MustCompile(`^line (\d+): (?s)(.*)$`)

// notYAML is a file the YAML parser refuses.
func notYAML(name string, err error) *Error {
	e := yamlProblem(yamlMsg(err), true)
	e.File = name
	return e
}

var (
	noSuchField = regexp.MustCompile(`^field (\S+) not found in (?:type )?(\S+)$`)
	wrongType   = regexp.MustCompile(`^cannot unmarshal (.+) into (\S+)$`)
	goPackages  = strings.NewReplacer("drill.", "", "diagnostics.", "", "serialio.", "")
)

// decodeErrors are the problems of the strict decode, one for each of yaml.v3's messages: an
// unknown field, a value of the wrong type, a critical action of the wrong form.
func decodeErrors(name string, err error) error {
	var own *Error
	if errors.As(err, &own) {
		own.File = name
		return own
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		te = &yaml.TypeError{Errors: []string{err.Error()}}
	}
	var errs Errors
	for _, s := range te.Errors {
		e := yamlProblem(yamlMsg(errors.New(s)), false)
		e.File = name
		errs = append(errs, e)
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errs
}

// yamlProblem is one of yaml.v3's messages as a problem: an unknown field, a value of the
// wrong type, else the library's own words after the line they name — after "not a YAML
// scenario" when the parser refused the file (syntax).
func yamlProblem(s string, syntax bool) *Error {
	m := yamlLine.FindStringSubmatch(s)
	if m == nil {
		return problem(msgNotYAML, kv{"Detail": s})
	}
	n, _ := strconv.Atoi(m[1])
	f, w := noSuchField.FindStringSubmatch(m[2]), wrongType.FindStringSubmatch(m[2])
	switch {
	case syntax:
		return problem(msgNotYAMLLine, kv{"Line": n, "Detail": m[2]})
	case f != nil:
		return problem(msgNoSuchField, kv{"Line": n, "Field": f[1], "Type": goPackages.Replace(f[2])})
	case w != nil:
		return problem(msgWrongType, kv{"Line": n, "Value": w[1], "Type": goPackages.Replace(w[2])})
	}
	return problem(msgYAMLLine, kv{"Line": n, "Detail": m[2]})
}

// strictDecode decodes n into v refusing unknown fields (yaml.v3's Node.Decode does not).
func strictDecode(n *yaml.Node, v any) error {
	out, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(out))
	dec.KnownFields(true)
	// lines in errors count from n's own first line
	if err := dec.Decode(v); err != nil {
		return shiftLines(err, n.Line-1)
	}
	return nil
}

// walk records the line of every field path and refuses aliases, deep nesting and huge lists.
func walk(n *yaml.Node, path string, depth int, lines map[string]int) *Error {
	at := func(line int, key string, args kv) *Error {
		e := problem(key, args)
		e.Line = line
		return e
	}
	if depth > maxDepth {
		return at(n.Line, msgNested, kv{"Max": maxDepth})
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return at(n.Line, msgAnchors, nil)
	}
	if path != "" {
		if _, seen := lines[path]; !seen {
			lines[path] = n.Line
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content)/2 > maxItems {
			return at(n.Line, msgManyFields, kv{"Max": maxItems})
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if k == "<<" || n.Content[i].Tag == "!!merge" {
				return at(n.Content[i].Line, msgMergeKeys, nil)
			}
			if seen[k] {
				return at(n.Content[i].Line, msgFieldTwice, kv{"Field": strconv.Quote(k)})
			}
			seen[k] = true
			p := k
			if path != "" {
				p = path + "." + k
			}
			lines[p] = n.Content[i].Line
			if err := walk(n.Content[i+1], p, depth+1, lines); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		if len(n.Content) > maxItems {
			return at(n.Line, msgLongList, kv{"N": len(n.Content), "Max": maxItems})
		}
		for i, c := range n.Content {
			if err := walk(c, path+"["+strconv.Itoa(i)+"]", depth+1, lines); err != nil {
				return err
			}
		}
	}
	return nil
}

// flowDepth is the deepest nesting of [ and { outside quotes: yaml.v3 would recurse that deep
// before walk sees the tree.
func flowDepth(data []byte) int {
	depth, most := 0, 0
	var quote byte
	for _, c := range data {
		switch {
		case quote != 0:
			if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			quote = '\n' // a comment runs to the end of the line
		case c == '[' || c == '{':
			depth++
			most = max(most, depth)
		case c == ']' || c == '}':
			depth = max(0, depth-1)
		}
	}
	return most
}

func lineOfInvalidUTF8(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[size:]
	}
	return 0
}

// yamlMsg is yaml.v3's message without its "yaml: " prefix and Go type names.
func yamlMsg(err error) string {
	s := strings.TrimPrefix(err.Error(), "yaml: ")
	s = strings.ReplaceAll(s, "unmarshal errors:\n  ", "")
	s = strings.ReplaceAll(s, "\n  ", "; ")
	for _, t := range []string{"drill.", "[]drill.", "map[drill.ActionID]drill.", "diagnostics.", "serialio."} {
		s = strings.ReplaceAll(s, " in type "+t, " in ")
	}
	return s
}

// shiftLines adds off to the "line N" of yaml.v3's messages.
func shiftLines(err error, off int) error {
	if off == 0 {
		return err
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		out := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			out[i] = shiftLine(e, off)
		}
		return &yaml.TypeError{Errors: out}
	}
	return errors.New(shiftLine(err.Error(), off))
}

func shiftLine(s string, off int) string {
	const p = "line "
	i := strings.Index(s, p)
	if i < 0 {
		return s
	}
	j := i + len(p)
	k := j
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	n, err := strconv.Atoi(s[j:k])
	if err != nil {
		return s
	}
	return s[:j] + strconv.Itoa(n+off) + s[k:]
}
