package reports

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
	"posdoctor/internal/cardtest"
	"posdoctor/pan"
	"posdoctor/serialio"
)

// Card numbers issue 9 found in forms the masking missed.
var (
	i9Luhn     = completeLuhn("458293716054827") // passes Luhn
	i9UnionPay = "6222021234567890123"           // UnionPay without a check digit (items 9)
	i9ByPlace  = "9559987305418862917"           // neither Luhn nor 62: a card only by its place in a REC
	i9Serial   = "141000015866"                  // Ingenico serial: 1410 + 8 digits (item 11)
	i9Summary  = "Ingenico iCT250 " + i9Serial + ", TID 29967507, MID 898290054110123"
	i9Cards    = []string{i9Luhn, i9UnionPay, i9ByPlace}
)

func completeLuhn(prefix string) string {
	for d := '0'; d <= '9'; d++ {
		if p := prefix + string(d); pan.Luhn([]byte(p)) {
			return p
		}
	}
	panic("no check digit")
}

// grouped writes a 16-digit card in four groups of 4 joined by sep.
func grouped(card, sep string) string {
	return card[0:4] + sep + card[4:8] + sep + card[8:12] + sep + card[12:16]
}

// i9Record is a journal record (PROTOCOL.md §5 REC) with card as its card unit.
func i9Record(card string) string {
	return serialio.JoinUnits("20260305101500", "SALE", "8800", card, "000123", "600000123456", "300000", "00", "P")
}

// i9Frame is a JL answer frame with the records, and the message as the trace writes it.
func i9Frame(t testing.TB, cards ...string) ([]byte, string) {
	t.Helper()
	m := serialio.Message{Cmd: "JL", Seq: 7, Fields: []serialio.Field{{Name: "RC", Value: "00"}}}
	for _, c := range cards {
		m.Fields = append(m.Fields, serialio.Field{Name: "REC", Value: i9Record(c)})
	}
	data, err := serialio.EncodeMessage(m)
	if err != nil {
		t.Fatal(err)
	}
	f, err := serialio.EncodeFrame(data)
	if err != nil {
		t.Fatal(err)
	}
	return f, m.String()
}

// plantIssue9 puts the card numbers, in every form issue 9 lists, where a visit's text goes.
func plantIssue9(t testing.TB, inc *Incident) {
	fw := cardtest.FullWidth
	inc.Symptom += " 卡号" + fw(i9Luhn) + "，又刷 " + i9UnionPay
	inc.Notes += " " + grouped(fw(i9Luhn), "\u3000") + " / " + grouped(i9Luhn, "\u00a0") + " / " + grouped(i9Luhn, "\u2009")
	inc.Actions = append(inc.Actions, Action{What: "查卡 " + grouped(i9Luhn, "."), Result: grouped(i9Luhn, "  ")})
	inc.Codes = append(inc.Codes, CodeSeen{Code: "14", Prompt: "卡号 " + i9Luhn + "7"}) // a digit stuck on
	inc.Serial = i9Serial
	inc.Journal[0].PAN = fw(i9UnionPay)
	inc.Journal[1].Auth = i9Luhn
	run := &inc.Runs[0]
	run.Terminal["sn"] = i9Serial
	run.Steps[1].Summary = i9Summary
	run.Steps[4].Evidence = map[string]any{"keys": []string{"1", "2", i9Luhn, fw(i9Luhn)}}
	run.Transactions[0].Auth = i9Luhn
	run.Transactions[0].Flags = "P" + fw(i9Luhn)
	run.Transactions[1].PAN = i9ByPlace
	run.Events = append(run.Events, diagnostics.Event{Time: inc.Opened, Code: i9Luhn, Text: "card " + fw(i9UnionPay)})
	raw, text := i9Frame(t, i9ByPlace, fw(i9Luhn), i9UnionPay)
	inc.Trace = append(inc.Trace,
		TraceLine{Time: inc.Opened, Dir: "in", Kind: "frame", Raw: raw},
		TraceLine{Time: inc.Opened, Dir: "in", Kind: "message", Text: text},
		TraceLine{Time: inc.Opened, Dir: "in", Kind: "bytes", Raw: raw[len(raw)/2:], Text: "the rest of a damaged frame"})
}

// unhex reads a Bytes (hex) cell back into bytes; ok is false for any other cell.
func unhex(cell string) ([]byte, bool) {
	cell, _, _ = strings.Cut(cell, "…")
	b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(cell), " ", ""))
	return b, err == nil && len(b) > 8
}

func TestIssue9Item8StoreMasksEveryForm(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	now := time.Date(2026, 3, 5, 10, 30, 0, 0, cst)
	inc := testIncident(now, 12)
	plantIssue9(t, inc)
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	all, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	if l := cardtest.Leaks(string(all), i9Cards...); l != nil {
		t.Errorf("the store keeps %v", l)
	}
	for i, l := range got.Trace {
		if l := cardtest.Leaks(string(l.Raw), i9Cards...); l != nil {
			t.Errorf("trace line %d raw bytes keep %v", i, l)
		}
		if len(l.Raw) != len(inc.Trace[i].Raw) {
			t.Errorf("trace line %d raw length %d, want %d", i, len(l.Raw), len(inc.Trace[i].Raw))
		}
	}
	if got.Serial != i9Serial || got.Runs[0].Terminal["sn"] != i9Serial {
		t.Errorf("serial %q / %q, want %q (item 11)", got.Serial, got.Runs[0].Terminal["sn"], i9Serial)
	}
	if got.Runs[0].Steps[1].Summary != i9Summary {
		t.Errorf("summary %q, want %q (item 11)", got.Runs[0].Steps[1].Summary, i9Summary)
	}
	if !bytes.Contains(got.Trace[len(got.Trace)-3].Raw, []byte(i9Record("955998*********2917"))) {
		t.Errorf("the REC card unit is not masked by position: %q", got.Trace[len(got.Trace)-3].Raw)
	}
}

func TestIssue9Item8WorkbookMasksEveryForm(t *testing.T) {
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 12)
	plantIssue9(t, inc)
	_, f := writeTestWorkbook(t, inc)
	cells, serials := 0, 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, cell := range row {
				cells++
				if l := cardtest.Leaks(cell, i9Cards...); l != nil {
					t.Errorf("%s row %d col %d keeps %v: %q", sheet, r+1, c+1, l, cell)
				}
				if raw, ok := unhex(cell); ok {
					if l := cardtest.Leaks(string(raw), i9Cards...); l != nil {
						t.Errorf("%s row %d col %d: hex bytes keep %v: %q", sheet, r+1, c+1, l, raw)
					}
				}
				if strings.Contains(cell, i9Serial) {
					serials++
				}
				if strings.Contains(cell, "141*") || strings.Contains(cell, "250141") {
					t.Errorf("%s row %d col %d masks the serial (item 11): %q", sheet, r+1, c+1, cell)
				}
			}
		}
	}
	if cells < 100 || serials < 2 {
		t.Errorf("%d cells, the serial whole in %d; want the Summary and the Checklist to show it", cells, serials)
	}
}

func TestIssue9Item9CleanTextUnionPay(t *testing.T) {
	for in, want := range map[string]string{
		"卡号 " + i9UnionPay + " 扣款两次":        "卡号 622202*********0123 扣款两次",
		cardtest.FullWidth(i9UnionPay):      "６２２２０２＊＊＊＊＊＊＊＊＊０１２３",
		"序列号 " + i9Serial:                   "序列号 " + i9Serial,
		"短 " + cardtest.FullWidth("622202"): "短 " + cardtest.FullWidth("622202"),
	} {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIssue9Item11SerialNextToModel: the terminal step's summary puts the model ("iCT250")
// next to the 12-digit serial; the 15 digits pass Luhn, but they are two fields, not a card.
func TestIssue9Item11SerialNextToModel(t *testing.T) {
	if !pan.Luhn([]byte("250" + i9Serial)) {
		t.Fatal("fixture: model and serial must pass Luhn together")
	}
	for _, s := range []string{i9Summary, "Ingenico iCT250 " + cardtest.FullWidth(i9Serial), i9Serial} {
		if got := CleanText(s); got != s {
			t.Errorf("CleanText(%q) = %q", s, got)
		}
	}
}
