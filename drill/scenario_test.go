package drill

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"posdoctor/assets"
)

// A file Parse or Validate refuses gets a message a trainer can act on: it names the file,
// the line (where a line means something) and the field, and says what is wrong.
func TestScenarioRefused(t *testing.T) {
	base, err := fs.ReadFile(assets.Drills, "drills/printer.paper-out.yaml")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(base, []byte(old)) {
			t.Fatalf("printer.paper-out.yaml has no %q", old)
		}
		return bytes.Replace(base, []byte(old), []byte(new), 1)
	}
	hostile := hostileScenarios()
	cases := []struct {
		name  string
		data  []byte
		line  int    // the line the message names; 0: none expected
		at    string // or: the message names the line where this first shows in data
		field string // the field it names; "" when none
		msg   string // what it says
	}{
		{"not YAML", hostile["not yaml"], 0, "", "", "not UTF-8 text"},
		{"YAML but not a scenario", hostile["plain text"], 1, "", "", "a scenario is a mapping of fields"},
		{"broken YAML", edit("level: 1", "level: [1"), 0, "", "", "not a YAML scenario"},
		{"nested too deep (flow)", hostile["deep flow"], 0, "", "", "nested 200 deep"},
		{"nested too deep (block)", hostile["deep block"], 14, "", "", "nested more than 12 deep"},
		{"over 1 MiB", append(bytes.Repeat([]byte("# padding\n"), MaxFileSize/10), base...), 0, "", "", "more than 1048576 bytes: a scenario file is at most 1 MiB"},
		{"a huge list", hostile["huge list"], 3, "", "", "a list of 600: at most 500"},
		{"GBK bytes", hostile["gbk"], 2, "", "", "save the file as UTF-8"},
		{"anchors", hostile["alias bomb"], 1, "", "", "anchors and aliases"},
		{"unknown field", edit("level: 1", "level: 1\ncolour: red"), 0, "colour: red", "colour", "not found in Scenario"},
		{"unknown nested field", edit("  critical: [redo-sale]", "  critical: [redo-sale]\n  bonus: 5"), 0, "bonus: 5", "bonus", "not found in Answer"},
		{"unknown field in a critical action", edit("  critical: [redo-sale]", "  critical: [{action: redo-sale, colour: red}]"), 0, "colour: red", "colour", "not found"},
		{"unknown fault", edit("faults: [paper-out]", "faults: [paper-gone]"), 0, "paper-gone", "faults[0]", `unknown fault "paper-gone"`},
		{"unknown action", edit("required: [check-journal, replace-paper", "required: [check-journal, replace-papers"), 0, "replace-papers", "answer.required[1]", `unknown action "replace-papers" (did you mean replace-paper?)`},
		{"unknown action in the solution", edit("value: reprint-last", "value: reprint-slip"), 0, "reprint-slip", "solution[4].value", `unknown action "reprint-slip"`},
		{"unknown code", edit("diagnosis: [P1]", "diagnosis: [P9]"), 0, "P9", "answer.diagnosis[0]", `"P9" is not in the code book`},
		{"missing English text", edit("title:    {zh: 打印机缺纸, en: Printer out of paper}", "title:    {zh: 打印机缺纸, en: \"\"}"), 0, "title:", "title.en", "the English text is missing"},
		{"missing English text (no key)", edit(", en: Printer out of paper}", "}"), 0, "", "title.en", "the English text is missing"},
		{"missing why of a critical action", edit("  critical: [redo-sale]", "  critical: [escalate-to-provider]"), 0, "", "answer.critical[0].why", "say why escalate-to-provider costs money here"},
	}
	b := book(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			const file = "trainer/drill.yaml"
			sc, err := Parse(file, c.data)
			if err == nil {
				if errs := Validate(sc, b); len(errs) > 0 {
					err = errs
				}
			}
			if err == nil {
				t.Fatal("accepted")
			}
			var e *Error
			if !errors.As(err, &e) {
				var es Errors
				if !errors.As(err, &es) || len(es) == 0 {
					t.Fatalf("%T %q: not an *Error", err, err)
				}
				e = es[0]
			}
			got := e.Error()
			if !strings.HasPrefix(got, file) {
				t.Errorf("%q does not start with the file", got)
			}
			if c.at != "" {
				c.line = 1 + bytes.Count(c.data[:bytes.Index(c.data, []byte(c.at))], []byte("\n"))
			}
			if c.line > 0 && e.Line != c.line && !strings.Contains(got, fmt.Sprintf("line %d:", c.line)) {
				t.Errorf("%q does not name line %d", got, c.line)
			}
			if c.field != "" && !strings.Contains(got, c.field) {
				t.Errorf("%q does not name the field %s", got, c.field)
			}
			if !strings.Contains(got, c.msg) {
				t.Errorf("%q does not say %q", got, c.msg)
			}
		})
	}
}
