package reports

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

// at is a local time (CST, UTC+8) for the monthly fixture.
func at(mo time.Month, day, h, m, s int) time.Time { return time.Date(2026, mo, day, h, m, s, 0, cst) }

// monthFixture is branch A's March 2026, with the visits around it that each definition of
// docs/monthly.md has to include or leave out. Every expected figure in TestComputeMonth is
// worked out by hand from it, in the comments there.
func monthFixture() []MonthVisit {
	v := func(id string, opened, closed time.Time, tid, tech, model string, cat Category, res Resolution, codes ...string) MonthVisit {
		return MonthVisit{ID: id, Opened: opened, Closed: closed, Branch: "A", TID: tid, Merchant: "M-" + tid,
			Model: model, Technician: tech, Category: cat, Resolution: res, Codes: codes}
	}
	none := time.Time{}
	vs := []MonthVisit{
		// the month's seven visits
		v("v1", at(3, 1, 0, 30, 0), at(3, 1, 2, 30, 0), "T1", "张工", "VX520", CategoryCommunication, ResolutionFixedOnSite, "03", "A0"),
		v("v2", at(3, 5, 10, 0, 0), at(3, 5, 13, 0, 0), "T2", "张工", "VX520", CategoryPrinter, ResolutionFixedOnSite, "P1"),
		v("v3", at(3, 10, 9, 0, 0), at(3, 11, 9, 0, 0), "T1", "李工", "VX520", CategoryCommunication, ResolutionEscalated, "03", "03"),
		v("v4", at(3, 31, 23, 59, 0), none, "T3", "赵工", "iCT250", CategoryKeypad, ResolutionOpen, "A0", "96"),
		v("v5", at(3, 20, 12, 0, 0), time.Date(2026, 4, 2, 12, 0, 0, 0, cst), "T4", "王工", "iCT250", CategoryCardReading, ResolutionSwapped, "03", "96"),
		v("v6", at(3, 15, 8, 0, 0), at(3, 15, 9, 20, 0), "T5", "张工", "VX520", CategoryPrinter, ResolutionFixedOnSite),
		v("v7", at(3, 25, 8, 0, 0), at(3, 25, 12, 0, 0), "T6", "王工", "", CategoryPrinter, ResolutionFixedOnSite, "P1"),

		// just outside the month, in local time
		v("x1", time.Date(2026, 4, 1, 0, 0, 0, 0, cst), none, "T1", "张工", "VX520", CategoryCommunication, ResolutionOpen, "03"),
		v("x2", at(2, 28, 23, 59, 59), at(3, 1, 1, 0, 0), "T2", "张工", "VX520", CategoryPrinter, ResolutionFixedOnSite, "P1"),
		// T5 printer exactly 720 hours before v6: v6 is a repeat
		v("v0", at(2, 13, 8, 0, 0), at(2, 13, 10, 0, 0), "T5", "张工", "VX520", CategoryPrinter, ResolutionFixedOnSite, "PAPER-LOW"),
		// T6 printer 720 hours and one second before v7: not a repeat; T6 keypad: another category
		v("w", at(2, 23, 7, 59, 59), at(3, 31, 23, 59, 59), "T6", "王工", "", CategoryPrinter, ResolutionFixedOnSite),
		v("k", at(2, 25, 10, 0, 0), at(2, 25, 11, 0, 0), "T6", "王工", "", CategoryKeypad, ResolutionFixedOnSite),
		// closed exactly at the month's end: still backlog
		v("x5", at(2, 20, 10, 0, 0), time.Date(2026, 4, 1, 0, 0, 0, 0, cst), "T8", "李工", "", CategoryOther, ResolutionFixedOnSite),
		// the 90 days of bad actors start on 1 January, 00:00 local
		v("t3old", time.Date(2025, 12, 31, 23, 59, 0, 0, cst), time.Date(2026, 1, 1, 1, 0, 0, 0, cst), "T3", "赵工", "iCT250", CategoryKeypad, ResolutionFixedOnSite, "A0"),
		v("t4old", time.Date(2026, 1, 1, 0, 0, 0, 0, cst), time.Date(2026, 1, 1, 3, 0, 0, 0, cst), "T4", "王工", "iCT250", CategoryCardReading, ResolutionFixedOnSite),
		// long open: backlog, and in the trend's June
		v("open", time.Date(2025, 6, 1, 10, 0, 0, 0, cst), none, "T7", "李工", "", CategoryOther, ResolutionOpen),
		// the trend's first month starts on 1 April 2025, 00:00 local
		v("apr", time.Date(2025, 4, 1, 0, 0, 0, 0, cst), time.Date(2025, 4, 1, 2, 0, 0, 0, cst), "T9", "李工", "", CategoryCommunication, ResolutionFixedOnSite),
		v("mar25", time.Date(2025, 3, 31, 23, 0, 0, 0, cst), time.Date(2025, 4, 1, 2, 0, 0, 0, cst), "T9", "李工", "", CategoryCommunication, ResolutionFixedOnSite),
		v("jan25", time.Date(2025, 1, 15, 10, 0, 0, 0, cst), time.Date(2025, 1, 16, 2, 0, 0, 0, cst), "T9", "李工", "", CategoryPrinter, ResolutionFixedOnSite),
	}
	vs[0].Reported = at(2, 28, 22, 30, 0) // v1: restore 4 h
	vs[2].Reported = at(3, 10, 8, 0, 0)   // v3: restore 25 h
	vs[2].Merchant = "M-T1 renamed"       // the bad actor's merchant is its latest visit's
	// another branch: left out everywhere
	b := v("b1", at(3, 10, 0, 0, 0), none, "T1", "张工", "VX520", CategoryCommunication, ResolutionOpen, "03")
	b.Branch = "B"
	return append(vs, b)
}

func ptr(f float64) *float64 { return &f }

func TestComputeMonth(t *testing.T) {
	gen := time.Date(2026, 4, 3, 9, 0, 0, 0, time.UTC)
	got, err := ComputeMonth(monthFixture(), "2026-03", "A", cst, gen)
	if err != nil {
		t.Fatal(err)
	}
	zeroTrend := func(m string) TrendMonth { return TrendMonth{Month: m, ByCategory: zeroCategories()} }
	trend := []TrendMonth{}
	for _, m := range []string{"2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"} {
		trend = append(trend, zeroTrend(m))
	}
	add := func(i int, c Category, n int) { trend[i].Incidents += n; trend[i].ByCategory[c] += n }
	add(0, CategoryCommunication, 1) // apr (mar25 is March 2025, jan25 before)
	add(2, CategoryOther, 1)         // open
	add(8, CategoryKeypad, 1)        // t3old, 31 December 23:59 local
	add(9, CategoryCardReading, 1)   // t4old
	add(10, CategoryPrinter, 3)      // x2, v0, w
	add(10, CategoryKeypad, 1)       // k
	add(10, CategoryOther, 1)        // x5
	add(11, CategoryCommunication, 2)
	add(11, CategoryPrinter, 3)
	add(11, CategoryKeypad, 1)
	add(11, CategoryCardReading, 1)

	cats := zeroCategories()
	cats[CategoryCommunication], cats[CategoryPrinter], cats[CategoryKeypad], cats[CategoryCardReading] = 2, 3, 1, 1
	want := &MonthReport{
		Month: "2026-03", Branch: "A", Generated: gen.In(cst),
		Incidents:  7, // v1..v7; x1 opens at April's first instant, x2 a second before March
		Terminals:  6, // T1 twice
		ByCategory: cats,
		ByResolution: map[Resolution]int{ResolutionOpen: 1, ResolutionFixedOnSite: 4, ResolutionEscalated: 1,
			ResolutionWaitingParts: 0, ResolutionSwapped: 1},
		// 03: v1 v3 (once, though listed twice) v5; 96: v4 v5; A0: v1 v4; P1: v2 v7; sum 9
		Codes: []CodeCount{
			{Code: "03", Incidents: 3, CumPct: 33.3}, // 3/9
			{Code: "96", Incidents: 2, CumPct: 55.6}, // 5/9: ties by code, "96" < "A0" < "P1"
			{Code: "A0", Incidents: 2, CumPct: 77.8}, // 7/9
			{Code: "P1", Incidents: 2, CumPct: 100},
		},
		// closed: v6 1.333, v1 2, v2 3, v7 4, v3 24, v5 312 (closed in April: still closed)
		// median (3+4)/2; mean 346.333/6; p90 rank 4.5: 24 + 0.5·288
		RepairHours: HourStats{Median: ptr(3.5), Mean: ptr(57.72), P90: ptr(168), N: 6},
		// v1 from its report 4, v3 25, the others from the opening: 1.333 3 4 4 25 312
		RestoreHours: HourStats{Median: ptr(4), Mean: ptr(58.22), P90: ptr(168.5), N: 6},
		FTFR:         ptr(0.667), // v1 v2 v6 v7 of six closed
		RepeatRate:   0.429,      // v2 (x2, 3 days 10 h before), v3 (v1), v6 (v0 exactly 720 h) of 7
		BadActors: []BadActor{
			{TID: "T6", Merchant: "M-T6", Model: "", Incidents: 3, LastCode: "P1"},              // v7 w k
			{TID: "T1", Merchant: "M-T1 renamed", Model: "VX520", Incidents: 2, LastCode: "03"}, // v1 v3
			{TID: "T2", Merchant: "M-T2", Model: "VX520", Incidents: 2, LastCode: "P1"},         // x2 v2
			{TID: "T4", Merchant: "M-T4", Model: "iCT250", Incidents: 2, LastCode: "03"},        // t4old v5: its first code
			{TID: "T5", Merchant: "M-T5", Model: "VX520", Incidents: 2, LastCode: "PAPER-LOW"},  // v0 v6: v6 has no code
		}, // T3: t3old is a minute before the 90 days
		Backlog: 4, // v4 open, v5 closed in April, x5 closed at April's first instant, open (June 2025); not w, x1, b1
		Trend:   trend,
		Technicians: []TechnicianFigure{
			{Technician: "张工", Incidents: 3, Closed: 3, FixedOnSite: 3, MedianRepairHours: ptr(2)},
			{Technician: "王工", Incidents: 2, Closed: 2, FixedOnSite: 1, MedianRepairHours: ptr(158)},
			{Technician: "李工", Incidents: 1, Closed: 1, FixedOnSite: 0, MedianRepairHours: ptr(24)},
			{Technician: "赵工", Incidents: 1, Closed: 0, FixedOnSite: 0},
		},
		Models: []ModelFigure{
			{Model: "VX520", Incidents: 4, Terminals: 3},
			{Model: "iCT250", Incidents: 2, Terminals: 2},
			{Model: "", Incidents: 1, Terminals: 1},
		},
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("month figures differ\ngot  %s\nwant %s", g, w)
	}
}

// The JSON has month, branch, generated and exactly the names of the definitions, with every
// category and resolution present, and null where nothing is closed.
func TestMonthJSONNames(t *testing.T) {
	empty, err := ComputeMonth(nil, "2026-03", "", cst, time.Date(2026, 4, 3, 9, 0, 0, 0, cst))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	want := []string{"backlog", "bad_actors", "branch", "by_category", "by_resolution", "codes", "ftfr", "generated",
		"incidents", "models", "month", "repair_hours", "repeat_rate", "restore_hours", "technicians", "terminals", "trend"}
	if !slices.Equal(names, want) {
		t.Errorf("JSON names %v, want %v", names, want)
	}
	if m["ftfr"] != nil || m["repair_hours"].(map[string]any)["median"] != nil {
		t.Errorf("ftfr %v, repair median %v with nothing closed: want null", m["ftfr"], m["repair_hours"])
	}
	for _, list := range []string{"codes", "bad_actors", "technicians", "models"} {
		if l, ok := m[list].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", list, m[list])
		}
	}
	if n := len(m["by_category"].(map[string]any)); n != len(Categories()) {
		t.Errorf("by_category has %d names, want all %d", n, len(Categories()))
	}
	if n := len(m["by_resolution"].(map[string]any)); n != len(Resolutions()) {
		t.Errorf("by_resolution has %d names, want all %d", n, len(Resolutions()))
	}
	if tr := m["trend"].([]any); len(tr) != 12 || tr[0].(map[string]any)["month"] != "2025-04" || tr[11].(map[string]any)["month"] != "2026-03" {
		t.Errorf("trend %v, want 2025-04 … 2026-03", tr)
	}
}

// At most 20 bad actors, by visits then TID; a month name that is not YYYY-MM is ErrInvalid.
func TestMonthBadActorLimitAndMonth(t *testing.T) {
	var vs []MonthVisit
	for i := range 25 {
		for j := range 2 + i%2 {
			vs = append(vs, MonthVisit{ID: string(rune('a'+i)) + string(rune('0'+j)), TID: string(rune('A' + i)),
				Opened: at(3, 1+j, 10, 0, 0)})
		}
	}
	r, err := ComputeMonth(vs, "2026-03", "", cst, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var tids string
	for _, b := range r.BadActors {
		tids += b.TID
	}
	// the 12 terminals with three visits (B D … X), then the first 8 with two (A C … O)
	if want := "BDFHJLNPRTVX" + "ACEGIKMO"; tids != want {
		t.Errorf("bad actors %s, want %s", tids, want)
	}
	for _, m := range []string{"2026-3", "March", "2026-13", ""} {
		if _, err := ComputeMonth(nil, m, "", cst, time.Now()); !errors.Is(err, ErrInvalid) {
			t.Errorf("month %q: %v, want ErrInvalid", m, err)
		}
	}
}

// Monthly reads from the store exactly what ComputeMonth needs: the same figures as from the
// whole fixture.
func TestStoreMonthly(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	s.loc = cst
	gen := time.Date(2026, 4, 3, 9, 0, 0, 0, cst)
	s.now = func() time.Time { return gen }
	fixture := monthFixture()
	for _, v := range fixture {
		inc := NewIncident(v.Opened)
		inc.Closed, inc.Reported = v.Closed, v.Reported
		inc.Branch, inc.TID, inc.Merchant, inc.Model, inc.Technician = v.Branch, v.TID, v.Merchant, v.Model, v.Technician
		inc.Category, inc.Resolution = v.Category, v.Resolution
		for _, c := range v.Codes {
			inc.Codes = append(inc.Codes, CodeSeen{Code: c})
		}
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	for _, branch := range []string{"A", ""} {
		got, err := s.Monthly(ctx, "2026-03", branch)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := ComputeMonth(fixture, "2026-03", branch, cst, gen)
		// the store reorders nothing that matters; titles are the caller's
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if string(g) != string(w) {
			t.Errorf("branch %q: from the store\n%s\nfrom the fixture\n%s", branch, g, w)
		}
	}
	ro, err := OpenReadOnly(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Monthly(ctx, "2026-3", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad month: %v, want ErrInvalid", err)
	}
}

func TestMonthExplainCodes(t *testing.T) {
	r, _ := ComputeMonth(monthFixture(), "2026-03", "A", cst, time.Now())
	r.ExplainCodes(ExplainFunc(func(code string) (Explanation, bool) {
		if code == "03" {
			return Explanation{TitleZH: "无效商户", TitleEN: "Invalid merchant"}, true
		}
		return Explanation{}, false
	}))
	if c := r.Codes[0]; c.TitleZH != "无效商户" || c.TitleEN != "Invalid merchant" || r.Codes[1].TitleZH != "" {
		t.Errorf("titles %+v", r.Codes)
	}
}

// TestMonthNotesAreNotFaults: the checklist's notes (FAILED-TXNS, REPEATED-EVENTS, SIGNON-OLD,
// found at info on nearly every visit) are neither in the code Pareto nor a repeat terminal's
// last_code, read from runs saved in the store; the month's list of visits keeps them.
func TestMonthNotesAreNotFaults(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	s.loc = cst
	info := func(code string) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: diagnostics.SeverityInfo, Who: diagnostics.WhoTechnician}
	}
	crit := func(code string) diagnostics.Finding {
		return diagnostics.Finding{Code: code, Severity: diagnostics.SeverityCritical, Who: diagnostics.WhoTechnician}
	}
	notes := []diagnostics.Finding{info(diagnostics.CodeFailedTxns), info(diagnostics.CodeRepeatedEvents)}
	save := func(tid string, opened time.Time, seen []string, fs ...diagnostics.Finding) {
		t.Helper()
		inc := NewIncident(opened)
		inc.Branch, inc.TID, inc.Category = "A", tid, CategoryOther
		for _, c := range seen {
			inc.Codes = append(inc.Codes, CodeSeen{Code: c})
		}
		rep := diagnostics.Report{Terminal: map[string]string{"tid": tid}, Started: opened, Finished: opened.Add(time.Minute),
			Steps: []diagnostics.StepResult{{ID: diagnostics.StepJournal, Status: diagnostics.StatusFail, Findings: fs, Started: opened}}}
		if err := inc.AddRun(rep); err != nil {
			t.Fatal(err)
		}
		if err := s.Save(ctx, inc); err != nil {
			t.Fatal(err)
		}
	}
	save("T1", at(3, 2, 10, 0, 0), nil, append(notes, crit("P1"))...)
	// T1's latest visit found notes only: its last_code is P1, of the visit before
	save("T1", at(3, 9, 10, 0, 0), nil, append(notes, info(diagnostics.CodeSignOnOld))...)
	save("T2", at(3, 3, 10, 0, 0), []string{"H3"}, append(notes, crit("H3"))...)
	// FAILED-TXNS sorts before STUCK-KEY among the codes of the run
	save("T2", at(3, 12, 10, 0, 0), nil, append(notes, crit(diagnostics.CodeStuckKey))...)

	r, d, err := s.MonthlyDetail(ctx, "2026-03", "A")
	if err != nil {
		t.Fatal(err)
	}
	want := []CodeCount{{Code: "H3", Incidents: 1, CumPct: 33.3}, {Code: "P1", Incidents: 1, CumPct: 66.7},
		{Code: diagnostics.CodeStuckKey, Incidents: 1, CumPct: 100}}
	if !reflect.DeepEqual(r.Codes, want) {
		t.Errorf("codes %+v, want %+v", r.Codes, want)
	}
	wantBad := []BadActor{{TID: "T1", Incidents: 2, LastCode: "P1"}, {TID: "T2", Incidents: 2, LastCode: diagnostics.CodeStuckKey}}
	if !reflect.DeepEqual(r.BadActors, wantBad) {
		t.Errorf("bad actors %+v, want %+v", r.BadActors, wantBad)
	}
	// the list of visits is each visit's record: every code, notes too
	if len(d.Rows) != 4 || !slices.Equal(d.Rows[1].Codes, []string{"H3", diagnostics.CodeFailedTxns, diagnostics.CodeRepeatedEvents}) {
		t.Errorf("rows %+v", d.Rows)
	}
}

// TestMonthNoNegativeHours: a visit whose times are out of order (closed before it was
// opened or reported: a bundle from elsewhere, a clock set wrong) gives no duration below
// zero; the others' figures stand.
func TestMonthNoNegativeHours(t *testing.T) {
	vs := []MonthVisit{
		{ID: "ok", Opened: at(3, 2, 10, 0, 0), Closed: at(3, 2, 12, 0, 0), Branch: "A", TID: "T1", Resolution: ResolutionFixedOnSite},
		{ID: "back", Opened: at(3, 5, 10, 0, 0), Closed: at(3, 4, 10, 0, 0), Branch: "A", TID: "T2", Resolution: ResolutionFixedOnSite},
		{ID: "late", Opened: at(3, 6, 10, 0, 0), Reported: at(3, 20, 10, 0, 0), Closed: at(3, 6, 11, 0, 0), Branch: "A", TID: "T3", Resolution: ResolutionFixedOnSite},
	}
	r, err := ComputeMonth(vs, "2026-03", "", cst, at(4, 1, 9, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for name, h := range map[string]HourStats{"repair": r.RepairHours, "restore": r.RestoreHours} {
		if h.N == 0 || *h.Median < 0 || *h.Mean < 0 {
			t.Errorf("%s hours %+v: below zero, or nothing", name, h)
		}
	}
	if r.RepairHours.N != 2 || r.RestoreHours.N != 1 {
		t.Errorf("repair n %d, restore n %d: want 2 and 1 (the out-of-order durations left out)", r.RepairHours.N, r.RestoreHours.N)
	}
}
