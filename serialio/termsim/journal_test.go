package termsim

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"posdoctor/serialio"
)

var recForm = regexp.MustCompile(`^[0-9]{14}\x1f(SALE|VOID|REFUND|PREAUTH|REVERSAL|BALANCE)\x1f[0-9]+\x1f[0-9]{6}\*+[0-9]{4}\x1f[0-9]{6}\x1f[0-9]{12}\x1f([0-9]{6})?\x1f[0-9A-Z]{2}\x1f[RPOU]*$`)

// fetchJournal downloads the journal from day on, page by page, checking the form of every
// page and record, and returns the records.
func fetchJournal(t *testing.T, h *testHost, from string) []record {
	t.Helper()
	var out []record
	for p := 1; ; p++ {
		req := h.send("JL", "FROM", from, "PAGE", strconv.Itoa(p))
		r, ok := h.await(req, 10*time.Second)
		if !ok {
			t.Fatalf("no answer to JL page %d", p)
		}
		if r.msg.RC() != "00" || r.msg.Value("PAGE") != strconv.Itoa(p) {
			t.Fatalf("JL page %d: %v", p, r.msg)
		}
		if r.size > serialio.MaxData {
			t.Fatalf("JL page %d DATA is %d bytes", p, r.size)
		}
		recs := r.msg.All("REC")
		more := r.msg.Value("MORE")
		if more == "Y" && r.size < serialio.MaxData-120 {
			t.Errorf("JL page %d is %d bytes with more to come: pages must be full", p, r.size)
		}
		for _, v := range recs {
			if !recForm.MatchString(v) {
				t.Fatalf("REC %q does not have the form of §5", v)
			}
			u := serialio.SplitUnits(v)
			at, _ := time.ParseInLocation(stampLayout, u[0], time.Local)
			amount, _ := strconv.ParseInt(u[2], 10, 64)
			trace, _ := strconv.Atoi(u[4])
			out = append(out, record{at: at, typ: u[1], amount: amount, pan: u[3], trace: trace, rrn: u[5], auth: u[6], rc: u[7], flags: u[8]})
		}
		if more != "Y" {
			if more != "N" {
				t.Fatalf("MORE=%q", more)
			}
			return out
		}
		if len(recs) == 0 {
			t.Fatalf("page %d has no records but MORE=Y", p)
		}
	}
}

// TestJournalPaging: the pages cover the whole journal once, in order; FROM selects a day;
// a page asked twice is the same page.
func TestJournalPaging(t *testing.T) {
	for _, n := range []int{1, 300, 5000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			h := newHost(t, Config{Journal: n, Seed: int64(n)})
			recs := fetchJournal(t, h, "20000101")
			if len(recs) != n {
				t.Fatalf("journal of %d gave %d records", n, len(recs))
			}
			traces := map[int]bool{}
			for i, r := range recs {
				if traces[r.trace] {
					t.Errorf("trace %06d twice", r.trace)
				}
				traces[r.trace] = true
				if i > 0 && r.at.Before(recs[i-1].at) {
					t.Errorf("record %d at %v before record %d at %v", i, r.at, i-1, recs[i-1].at)
				}
				if r.at.After(time.Now()) {
					t.Errorf("record %d is in the future: %v", i, r.at)
				}
			}
			if st := h.do("ST"); num(t, st, "TRACE") < recs[len(recs)-1].trace {
				t.Errorf("ST TRACE %s is behind the journal's last trace %06d", st.Value("TRACE"), recs[len(recs)-1].trace)
			}
			if n < 300 {
				return
			}
			if span := recs[len(recs)-1].at.Sub(recs[0].at); span < 14*24*time.Hour {
				t.Errorf("journal spans %v, want a few weeks", span)
			}
			day := recs[len(recs)/2].at
			from := day.Format("20060102")
			sub := fetchJournal(t, h, from)
			want := 0
			for _, r := range recs {
				if r.at.Format("20060102") >= from {
					want++
				}
			}
			if len(sub) != want || sub[0].trace != recs[len(recs)-want].trace {
				t.Errorf("FROM=%s gave %d records starting %06d, want %d", from, len(sub), sub[0].trace, want)
			}
			a := h.do("JL", "FROM", "20000101", "PAGE", "3")
			b := h.do("JL", "FROM", "20000101", "PAGE", "3")
			if a.Value("REC") != b.Value("REC") || len(a.All("REC")) != len(b.All("REC")) {
				t.Error("page 3 differs between two reads")
			}
			beyond := h.do("JL", "FROM", "20000101", "PAGE", "99999")
			if beyond.RC() != "00" || beyond.Value("MORE") != "N" || len(beyond.All("REC")) != 0 {
				t.Errorf("page past the end: %v", beyond)
			}
		})
	}
}

// duplicateCharges finds pairs the checklist's rule calls duplicate charges: approved SALEs,
// same card, same amount, within 10 minutes, no VOID or REVERSAL of that card between.
func duplicateCharges(recs []record) [][2]record {
	var out [][2]record
	for i, a := range recs {
		if a.typ != "SALE" || a.rc != "00" {
			continue
		}
		for _, b := range recs[i+1:] {
			if b.at.Sub(a.at) > 10*time.Minute {
				break
			}
			if b.pan != a.pan {
				continue
			}
			if b.typ == "VOID" || b.typ == "REVERSAL" {
				break
			}
			if b.typ == "SALE" && b.rc == "00" && b.amount == a.amount {
				out = append(out, [2]record{a, b})
			}
		}
	}
	return out
}

// TestJournalFaults: the journal faults are there, and a healthy journal (over several
// seeds) has none of them by accident.
func TestJournalFaults(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		h := newHost(t, Config{Seed: seed, Journal: 1500})
		recs := fetchJournal(t, h, "20000101")
		if d := duplicateCharges(recs); len(d) > 0 {
			t.Errorf("seed %d: healthy journal has duplicate charges: %+v", seed, d)
		}
		reversed := 0
		for i, r := range recs {
			if r.flags == "U" {
				t.Errorf("seed %d: healthy journal has an unconfirmed reversal: %+v", seed, r)
			}
			if r.typ == "SALE" && r.flags == "R" {
				reversed++
				if i+1 >= len(recs) || recs[i+1].typ != "REVERSAL" || recs[i+1].pan != r.pan || recs[i+1].amount != r.amount {
					t.Errorf("seed %d: reversed sale %+v not followed by its reversal", seed, r)
				}
			}
		}
		if seed == 1 && reversed == 0 {
			t.Errorf("1500 transactions and no confirmed reversal: the generator is too tame")
		}
	}

	h := newHost(t, Config{Faults: mustFaults(t, "pending-reversal", "duplicate-sale")})
	recs := fetchJournal(t, h, "20000101")
	if len(recs) != defaultJournal {
		t.Errorf("journal has %d records, want %d", len(recs), defaultJournal)
	}
	last := recs[len(recs)-1]
	if last.typ != "SALE" || last.flags != "U" || time.Since(last.at) > 30*time.Hour {
		t.Errorf("pending-reversal: last record %+v, want a recent SALE flagged U", last)
	}
	d := duplicateCharges(recs)
	if len(d) != 1 {
		t.Fatalf("duplicate-sale: %d duplicate pairs, want 1", len(d))
	}
	if gap := d[0][1].at.Sub(d[0][0].at); gap < time.Minute || gap > 10*time.Minute || time.Since(d[0][1].at) > 30*time.Hour {
		t.Errorf("duplicate pair %v apart, latest %v ago", gap, time.Since(d[0][1].at))
	}
}

// TestPaperOutSlip: with paper-out the last approved sale has no printed slip (no P), and the
// event log says why.
func TestPaperOutSlip(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "paper-out")})
	recs := fetchJournal(t, h, "20000101")
	for i := len(recs) - 1; i >= 0; i-- {
		if recs[i].typ == "SALE" && recs[i].rc == "00" {
			if recs[i].flags != "" {
				t.Errorf("last approved sale flags %q, want no slip", recs[i].flags)
			}
			return
		}
	}
	t.Error("no approved sale in the journal")
}

// TestEventLog: EL pages hold the history (daily sign-ons and settlements) and the events of
// the faults given, within a frame each.
func TestEventLog(t *testing.T) {
	h := newHost(t, Config{Faults: mustFaults(t, "no-dialtone", "mac-error")})
	codes := map[string]int{}
	for p := 1; ; p++ {
		req := h.send("EL", "PAGE", strconv.Itoa(p))
		r, ok := h.await(req, 5*time.Second)
		if !ok || r.msg.RC() != "00" || r.size > serialio.MaxData {
			t.Fatalf("EL page %d: %v (%d bytes)", p, r.msg, r.size)
		}
		for _, v := range r.msg.All("EVT") {
			u := serialio.SplitUnits(v)
			if len(u) != 3 || len(u[0]) != 14 || u[1] == "" || u[2] == "" {
				t.Fatalf("EVT %q is not time US code US text", v)
			}
			codes[u[1]]++
		}
		if r.msg.Value("MORE") == "N" {
			break
		}
	}
	if codes["00"] < 20 || codes["H1"] == 0 || codes["A0"] == 0 {
		t.Errorf("event codes %v: want daily sign-ons and settlements, H1 and A0", codes)
	}
}
