package codebook_test

import (
	"fmt"
	"slices"
	"testing"

	"posdoctor/diagnostics"
	"posdoctor/diagnostics/codebook"
	"posdoctor/serialio/termsim"
)

func TestEveryCodeTheTerminalAndChecklistEmitResolves(t *testing.T) {
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	check := func(code string, kind codebook.Kind) {
		t.Helper()
		e, ok := b.Lookup(code)
		if !ok {
			t.Errorf("code %q has no entry in the code book", code)
			return
		}
		if e.Kind != kind {
			t.Errorf("code %q is kind %q, want %q", code, e.Kind, kind)
		}
		if rs := b.Search(code, 1); len(rs) == 0 || rs[0].Entry.Code != e.Code {
			t.Errorf("Search(%q) does not put its entry first", code)
		}
	}
	local := diagnostics.LocalCodes()
	for _, c := range local {
		check(c, codebook.KindLocal)
	}
	// every code the simulated terminal can show (RC, EV, journal, event log), from the
	// simulator itself so the list cannot drift from what drills show
	codes := termsim.ResponseCodes()
	if len(codes) < 30 {
		t.Fatalf("termsim.ResponseCodes() lists %d codes: %v", len(codes), codes)
	}
	for _, c := range codes {
		if slices.Contains(local, c) {
			check(c, codebook.KindLocal)
		} else {
			check(c, codebook.KindISO8583)
		}
	}
	for _, c := range diagnostics.FindingCodes() {
		check(c, codebook.KindFinding)
	}
}

func TestBookCoversISOAndUnionPay(t *testing.T) {
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		code := fmt.Sprintf("%02d", i)
		e, ok := b.Lookup(code)
		if !ok || e.Kind != codebook.KindISO8583 {
			t.Errorf("ISO 8583 code %s missing", code)
			continue
		}
		if e.GenericEN == "" && e.Category == codebook.CategoryNone {
			t.Errorf("%s has neither an ISO generic meaning nor a CUPS category", code)
		}
	}
	for i := 0; i <= 7; i++ {
		code := fmt.Sprintf("A%d", i)
		e, ok := b.Lookup(code)
		if !ok || e.Category == codebook.CategoryNone {
			t.Errorf("UnionPay code %s missing or without CUPS category", code)
		}
	}
	// The disagreements the issue names are kept as variants, never silently resolved.
	for _, code := range []string{"05", "76", "77", "99", "A1", "A2", "A3", "A4", "A5", "A6", "A7"} {
		e, _ := b.Lookup(code)
		if !e.Conflict || len(e.Variants) == 0 {
			t.Errorf("%s: conflict=%v, %d variants; want the disagreement kept", code, e.Conflict, len(e.Variants))
		}
	}
	prompts := 0
	for _, e := range b.Entries() {
		if e.Kind == codebook.KindPrompt {
			prompts++
		}
	}
	if prompts < 40 {
		t.Errorf("%d screen prompts, want at least 40", prompts)
	}
}

func TestEveryEntryIsComplete(t *testing.T) {
	b, err := codebook.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range b.Entries() {
		if e.TitleZH == "" || e.TitleEN == "" || e.MeaningZH == "" || e.MeaningEN == "" {
			t.Errorf("%s: missing a title or meaning", e.Code)
		}
		if len(e.Who) == 0 || len(e.Actions) == 0 || e.Retry == "" {
			t.Errorf("%s: missing who, actions or retry", e.Code)
		}
		if len(e.Sources) == 0 {
			t.Errorf("%s: no sources", e.Code)
		}
		for _, id := range e.Sources {
			if _, ok := b.Source(id); !ok {
				t.Errorf("%s: unknown source %q", e.Code, id)
			}
		}
		for _, v := range e.Variants {
			if _, ok := b.Source(v.Source); !ok {
				t.Errorf("%s: variant with unknown source %q", e.Code, v.Source)
			}
		}
		if e.Kind == codebook.KindPrompt && len(e.Display) == 0 {
			t.Errorf("prompt %s: no English screen text", e.Code)
		}
		for _, r := range e.Related {
			if _, ok := b.Lookup(r); !ok {
				t.Errorf("%s: related %q is not in the book", e.Code, r)
			}
		}
	}
}
