package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/internal/filetest"
	"posdoctor/locale"
	"posdoctor/reports"
)

// hostile holds what an overlay, a terminal or a bundle could slip into text: a screen clear,
// an OSC window title, a CR that fakes a line, bidi overrides and isolates, an 8-bit CSI.
var hostile = []string{"\x1b", "\a", "\r", "\u202e", "\u202a", "\u2066", "\u200f", "\u061c", "\u009b", "\x7f", "\x00", "\b"}

func assertNoHostile(t *testing.T, what, out string) {
	t.Helper()
	for _, h := range hostile {
		if strings.Contains(out, h) {
			t.Errorf("%s contains %q:\n%q", what, h, out)
		}
	}
}

func TestIssue9Item16OverlayFIFO(t *testing.T) {
	fifo := filetest.FIFO(t, "site.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		code     int
		out, err string
	}
	// Ctrl+C after a moment, as a person would: by then lookup must have refused the FIFO.
	time.AfterFunc(300*time.Millisecond, cancel)
	r := filetest.Returns(t, fifo, 5*time.Second, "lookup --overlay FIFO (nor after its context was cancelled)", func() result {
		var out, errb syncBuffer
		code := Run(ctx, []string{"lookup", "--overlay", fifo, "03"}, &out, &errb)
		return result{code, out.String(), errb.String()}
	})
	if !strings.Contains(r.err, "named pipe") || !strings.Contains(r.err, fifo) {
		t.Errorf("stderr %q does not say the overlay is a named pipe", r.err)
	}
	if r.code != ExitOK || !strings.HasPrefix(r.out, "03  ") {
		t.Errorf("the built-in book must still answer: exit %d, out %q", r.code, r.out)
	}
}

func TestIssue9Item16OverlayTooLarge(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil { // sparse: nothing of it needs reading
		t.Fatal(err)
	}
	f.Close()
	code, out, errs := runCLI(t, "lookup", "--overlay", big, "03")
	if !strings.Contains(errs, "1024.0 MiB") || !strings.Contains(errs, "8 MiB") {
		t.Errorf("stderr %q does not give the file's size and the bound", errs)
	}
	if code != ExitOK || !strings.HasPrefix(out, "03  ") {
		t.Errorf("the built-in book must still answer: exit %d, out %q", code, out)
	}
}

func TestIssue9Item16LookupInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb syncBuffer
	code := Run(ctx, []string{"lookup", "--overlay", filepath.Join("..", "..", "diagnostics", "codebook", "testdata", "overlay_example.json"), "03"}, &out, &errb)
	if code != ExitFailed || out.String() != "" || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("interrupted lookup: exit %d, out %q, err %q; want exit 2, nothing on stdout, and 'interrupted'", code, out.String(), errb.String())
	}
}

// hostileOverlay is an overlay whose texts carry terminal control sequences.
const hostileOverlay = `{"schema": 1, "entries": [{
  "code": "Z8", "kind": "acquirer",
  "title_zh": "清屏\u001b[2J\u001b[H假标题",
  "title_en": "\u001b]0;pwned\u0007Title\rFAKE LINE \u202eevil\u202c \u2066iso\u2069",
  "meaning_zh": "含义\u009b2J\u200f\u061c", "meaning_en": "bell\u0007 del\u007f back\b nul\u0000 c1\u0085",
  "display": ["\u001bP1;2|secret\u001b\\shown"],
  "who": ["acquirer"], "actions": [{"en": "call \u001b[31mred\u001b[0m"}], "retry": "no"}]}`

func writeHostileOverlay(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "site.json")
	if err := os.WriteFile(path, []byte(hostileOverlay), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestIssue9Item17LookupText(t *testing.T) {
	ov := writeHostileOverlay(t)
	// the output speaks one language: each shows its own texts (and the English action, which
	// has no Chinese), cleaned
	for lang, texts := range map[string][]string{"zh": {"清屏假标题", "含义"}, "en": {"TitleFAKE LINE evil iso", "bell del back nul c1"}} {
		code, out, errs := runCLI(t, "lookup", "--overlay", ov, "--lang", lang, "z8")
		if code != ExitOK {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		assertNoHostile(t, "lookup output", out)
		assertNoHostile(t, "lookup stderr", errs)
		for _, want := range append([]string{"Z8", "shown", "call red"}, texts...) {
			if !strings.Contains(out, want) {
				t.Errorf("--lang %s: output lacks the visible text %q:\n%s", lang, want, out)
			}
		}
		if strings.Contains(out, "pwned") || strings.Contains(out, "secret") {
			t.Errorf("the text of control strings (window title, DCS) was printed:\n%s", out)
		}
	}
}

func TestIssue9Item17LookupJSON(t *testing.T) {
	ov := writeHostileOverlay(t)
	code, out, errs := runCLI(t, "lookup", "--overlay", ov, "--json", "z8")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	assertNoHostile(t, "lookup --json output", out)
	var got []lookupJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) == 0 {
		t.Fatalf("output is not the JSON list: %v\n%s", err, out)
	}
	var want struct {
		Entries []struct {
			TitleZH   string   `json:"title_zh"`
			TitleEN   string   `json:"title_en"`
			MeaningZH string   `json:"meaning_zh"`
			MeaningEN string   `json:"meaning_en"`
			Display   []string `json:"display"`
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(hostileOverlay), &want); err != nil {
		t.Fatal(err)
	}
	w, g := want.Entries[0], got[0]
	if g.TitleZH != w.TitleZH || g.TitleEN != w.TitleEN || g.MeaningZH != w.MeaningZH || g.MeaningEN != w.MeaningEN ||
		len(g.Display) != 1 || g.Display[0] != w.Display[0] {
		t.Errorf("JSON values changed:\n got %q %q %q %q %q\nwant %q %q %q %q %q",
			g.TitleZH, g.TitleEN, g.MeaningZH, g.MeaningEN, g.Display, w.TitleZH, w.TitleEN, w.MeaningZH, w.MeaningEN, w.Display)
	}
}

func TestIssue9Item17Incidents(t *testing.T) {
	path := filepath.Join(t.TempDir(), "incidents.db")
	inc := reports.NewIncident(time.Date(2026, 3, 9, 9, 0, 0, 0, time.Local))
	inc.TID = "T1\r\x1b[2J"
	inc.Merchant = "好运来\x1b]0;owned\a便利店\u202e"
	inc.Codes = []reports.CodeSeen{{Code: "03"}}
	saveIncidents(t, path, inc)

	code, out, errs := runCLI(t, "--lang", "zh", "incidents", "--db", path)
	if code != ExitOK {
		t.Fatalf("incidents: exit %d, %s", code, errs)
	}
	assertNoHostile(t, "incidents table", out)
	if !strings.Contains(out, "好运来便利店") {
		t.Errorf("table lacks the merchant's visible name:\n%s", out)
	}
	// the columns still line up: the header's Merchant column starts where the row's does
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if col := locale.Width(lines[0][:strings.Index(lines[0], "商户")]); locale.Width(lines[1][:strings.Index(lines[1], "好运来")]) != col {
		t.Errorf("columns do not line up after cleaning:\n%s\n%s", lines[0], lines[1])
	}

	code, out, _ = runCLI(t, "incidents", "--db", path, "--json")
	assertNoHostile(t, "incidents --json", out)
	var list []reports.Summary
	if code != ExitOK || json.Unmarshal([]byte(out), &list) != nil || len(list) != 1 || list[0].Merchant != inc.Merchant || list[0].TID != inc.TID {
		t.Errorf("incidents --json: exit %d, values changed or invalid JSON:\n%s", code, out)
	}

	code, out, errs = runCLI(t, "report", "incident", inc.ID[:8], "--db", path, "-o", filepath.Join(t.TempDir(), "r.xlsx"))
	if code != ExitOK {
		t.Fatalf("report: exit %d, %s", code, errs)
	}
	assertNoHostile(t, "report output", out)
}

func TestIssue9Item18ReportMissingFolder(t *testing.T) {
	db, incs := seedIncidents(t)
	target := filepath.Join(t.TempDir(), "missing", "dir", "x.xlsx")
	code, _, errs := runCLI(t, "report", "incident", incs[0].ID[:8], "--db", db, "-o", target)
	if code != ExitFailed {
		t.Errorf("exit %d, want 2", code)
	}
	if strings.Contains(errs, ".tmp") {
		t.Errorf("the message names a temporary file: %q", errs)
	}
	if !strings.Contains(errs, target) || !strings.Contains(errs, filepath.Dir(target)+" does not exist") {
		t.Errorf("the message %q does not name %s and say its folder does not exist", errs, target)
	}
}
