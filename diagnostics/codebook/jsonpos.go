package codebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// jnode is a JSON value with the byte offset it ends at, so schema errors can name a line.
type jnode struct {
	kind  byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	off   int64
	str   string
	keys  []string
	kOffs []int64 // offset of each key
	vals  []*jnode
	elems []*jnode
}

func (n *jnode) typeName() string {
	switch n.kind {
	case 'o':
		return "object"
	case 'a':
		return "array"
	case 's':
		return "string"
	case 'n':
		return "number"
	case 'b':
		return "boolean"
	}
	return "null"
}

// parseJSON reads one JSON document into a tree of jnodes. Errors carry the offset where the
// document stopped making sense.
func parseJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &offsetError{dec.InputOffset(), "unexpected data after the top-level value"}
	}
	return root, nil
}

// maxDepth bounds nesting so a hostile overlay cannot exhaust the stack.
const maxDepth = 64

type offsetError struct {
	off int64
	msg string
}

func (e *offsetError) Error() string { return e.msg }

func parseValue(dec *json.Decoder, depth int) (*jnode, error) {
	if depth > maxDepth {
		return nil, &offsetError{dec.InputOffset(), "nested too deeply"}
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, tokenError(dec, err)
	}
	off := dec.InputOffset() - 1
	if off < 0 {
		off = 0
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &jnode{kind: 'o', off: off}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, tokenError(dec, err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, &offsetError{dec.InputOffset(), "object key is not a string"}
				}
				koff := dec.InputOffset() - 1
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.kOffs = append(n.kOffs, koff)
				n.vals = append(n.vals, v)
			}
			if _, err := dec.Token(); err != nil { // '}'
				return nil, tokenError(dec, err)
			}
			return n, nil
		case '[':
			n := &jnode{kind: 'a', off: off}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, tokenError(dec, err)
			}
			return n, nil
		}
		return nil, &offsetError{off, fmt.Sprintf("unexpected %q", rune(t))}
	case string:
		return &jnode{kind: 's', off: off, str: t}, nil
	case json.Number:
		return &jnode{kind: 'n', off: off, str: t.String()}, nil
	case bool:
		s := "false"
		if t {
			s = "true"
		}
		return &jnode{kind: 'b', off: off, str: s}, nil
	case nil:
		return &jnode{kind: 'z', off: off}, nil
	}
	return nil, &offsetError{off, "unexpected token"}
}

func tokenError(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &offsetError{se.Offset, "invalid JSON: " + se.Error()}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &offsetError{dec.InputOffset(), "invalid JSON: unexpected end of file"}
	}
	return &offsetError{dec.InputOffset(), "invalid JSON: " + err.Error()}
}

// get returns the value of key in an object node.
func (n *jnode) get(key string) (*jnode, int64, bool) {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i], n.kOffs[i], true
		}
	}
	return nil, 0, false
}

// lineIndex turns byte offsets into 1-based line numbers.
type lineIndex []int64

func newLineIndex(data []byte) lineIndex {
	li := lineIndex{0}
	for i, c := range data {
		if c == '\n' {
			li = append(li, int64(i+1))
		}
	}
	return li
}

func (li lineIndex) line(off int64) int {
	return sort.Search(len(li), func(i int) bool { return li[i] > off })
}
