package termsim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"posdoctor/serialio"
)

const stampLayout = "20060102150405"

// record is one journal transaction (§5 REC).
type record struct {
	at     time.Time
	typ    string
	amount int64 // fen
	pan    string
	trace  int
	rrn    string
	auth   string
	rc     string
	flags  string
}

func (r record) value() string {
	return serialio.JoinUnits(r.at.Format(stampLayout), r.typ, strconv.FormatInt(r.amount, 10), r.pan,
		fmt.Sprintf("%06d", r.trace), r.rrn, r.auth, r.rc, r.flags)
}

// event is one event-log entry (§5 EVT).
type event struct {
	at   time.Time
	code string
	text string
}

func (e event) value() string {
	return serialio.JoinUnits(e.at.Format(stampLayout), e.code, e.text)
}

// journal is the terminal's transaction journal, oldest first, with each REC value ready.
type journal struct {
	records []record
	values  []string
}

// history is what generateHistory makes: the journal, the event log and the counters that
// must agree with them.
type history struct {
	journal    journal
	events     []event
	batch      int
	trace      int
	lastSettle time.Time
	lastSignOn time.Time
	pending    int
}

// bins are issuer identification numbers of cards common at Chinese counters, with the card
// number length they issue.
var bins = []struct {
	bin    string
	length int
}{
	{"622848", 19}, {"621700", 19}, {"622202", 19}, {"625807", 16}, {"436742", 16},
	{"622588", 16}, {"621226", 19}, {"622609", 16}, {"623058", 19}, {"621483", 16},
}

func randomCard(rng *rand.Rand) string {
	b := bins[rng.IntN(len(bins))]
	return b.bin + strings.Repeat("*", b.length-10) + digits(rng, 4)
}

// failureCodes are ISO 8583 field 39 codes of declined transactions, weighted by how often a
// counter sees them.
var failureCodes = []struct {
	rc     string
	weight int
}{
	{"51", 30}, {"55", 25}, {"05", 8}, {"14", 6}, {"54", 6}, {"61", 5}, {"75", 5},
	{"96", 5}, {"91", 4}, {"A0", 3}, {"12", 3},
}

func failureCode(rng *rand.Rand) string {
	n := rng.IntN(100)
	for _, f := range failureCodes {
		if n < f.weight {
			return f.rc
		}
		n -= f.weight
	}
	return "05"
}

// retailAmount is a price in fen, log-normal around 30 yuan, mostly whole jiao.
func retailAmount(rng *rand.Rand) int64 {
	yuan := math.Exp(rng.NormFloat64()*0.9 + 3.4)
	fen := int64(yuan * 100)
	switch {
	case rng.IntN(5) == 0:
		fen = fen / 100 * 100
	default:
		fen = fen / 10 * 10
	}
	return min(max(fen, 150), 2000000)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// at is hh:mm on day's date (wall-clock time, right across daylight-saving changes).
func at(day time.Time, h, m int) time.Time {
	y, mo, d := day.Date()
	return time.Date(y, mo, d, h, m, 0, 0, day.Location())
}

// eventTexts are the prompts a terminal logs with each code (DOMAIN.md).
var eventTexts = map[string]string{
	"P1": "打印机缺纸", "P2": "打印机仓盖未关", "P3": "打印头过热", "P4": "电压过低,请充电", "P5": "打印机故障",
	"H1": "无拨号音,请检查线路", "H2": "线路繁忙", "H3": "主机无应答", "H4": "请插入SIM卡", "H5": "无网络信号",
	"H6": "主机拒绝连接", "K1": "主密钥不存在", "K2": "工作密钥校验错", "A0": "MAC错,请重新签到",
	"03": "无效商户", "97": "终端号无效", "96": "系统故障", "98": "交易超时", "30": "报文格式错",
	"40": "请求的功能不支持",
}

func eventText(code string) string {
	if s, ok := eventTexts[code]; ok {
		return s
	}
	return "交易失败 " + code
}

// faultEvents are the event-log codes a fault leaves behind in the hours before the visit.
var faultEvents = map[string]string{
	"paper-out": "P1", "cover-open": "P2", "printer-overheat": "P3", "low-voltage": "P4", "printer-fault": "P5",
	"no-dialtone": "H1", "line-busy": "H2", "host-timeout": "H3", "host-refused": "H6", "no-sim": "H4",
	"no-signal": "H5", "tmk-missing": "K1", "key-mismatch": "K2", "mac-error": "A0", "invalid-merchant": "03",
	"terminal-unknown": "97",
}

type slotKind int

const (
	slotSignOn slotKind = iota
	slotSettle
	slotTxn
	slotDupSale
	slotPendingRev
)

type slot struct {
	at   time.Time
	kind slotKind
}

type window struct{ from, to time.Time }

// generateHistory makes three weeks of a shop's life up to now (the terminal's clock): daily
// sign-ons at opening, n transactions in business hours, nightly settlements, the events they
// logged, and the batch and trace counters that follow from them. Faults that live in the
// journal (pending-reversal, duplicate-sale, unsettled, paper-out's unprinted slip) are
// placed in it here.
func generateHistory(rng *rand.Rand, now time.Time, n int, f *faultSet) history {
	today := midnight(now)
	const days = 21
	start := today.AddDate(0, 0, -(days - 1))

	// the last settlement: normally last night (never over a day ago), with unsettled days ago
	lastSettle := at(today.AddDate(0, 0, -1), 22, 30+rng.IntN(10))
	if f.has("unsettled") {
		lastSettle = at(today.AddDate(0, 0, -4), 22, 30+rng.IntN(10))
	} else if now.Sub(lastSettle) > 23*time.Hour {
		lastSettle = at(today, 22, 30+rng.IntN(10))
		if lastSettle.After(now.Add(-5 * time.Minute)) {
			lastSettle = now.Add(-30 * time.Minute).Truncate(time.Minute)
		}
	}
	var slots []slot
	var lastSignOn time.Time
	var windows []window
	for d := start; !d.After(today); d = d.AddDate(0, 0, 1) {
		if s := at(d, 8, rng.IntN(10)).Add(time.Duration(rng.IntN(60)) * time.Second); s.Before(now) {
			slots = append(slots, slot{s, slotSignOn})
			lastSignOn = s
		}
		if midnight(d).Equal(midnight(lastSettle)) {
			slots = append(slots, slot{lastSettle, slotSettle})
		} else if d.Before(lastSettle) {
			slots = append(slots, slot{at(d, 22, 30+rng.IntN(10)), slotSettle})
		}
		w := window{at(d, 8, 30), at(d, 21, 30)}
		if lim := now.Add(-5 * time.Minute); w.to.After(lim) {
			w.to = lim
		}
		if w.to.After(w.from) {
			windows = append(windows, w)
		}
	}
	if now.Sub(lastSignOn) > 23*time.Hour { // opened early today: signed on at power-on
		lastSignOn = now.Add(-10 * time.Minute).Truncate(time.Second)
		slots = append(slots, slot{lastSignOn, slotSignOn})
	}
	// special records sit at the end of business, newest last
	end := windows[len(windows)-1].to.Add(-time.Duration(60+rng.IntN(1200)) * time.Second).Truncate(time.Second)
	specials := 0
	limit := end
	if f.has("pending-reversal") {
		slots = append(slots, slot{end, slotPendingRev})
		limit = end.Add(-7 * time.Minute)
		specials++
	}
	if f.has("duplicate-sale") {
		slots = append(slots, slot{limit.Add(-3 * time.Minute), slotDupSale}, slot{limit, slotDupSale})
		limit = limit.Add(-3 * time.Minute)
		specials += 2
	}
	limit = limit.Add(-2 * time.Minute)
	var total int64
	for i := range windows {
		if windows[i].to.After(limit) {
			windows[i].to = limit
		}
		if windows[i].to.After(windows[i].from) {
			total += int64(windows[i].to.Sub(windows[i].from) / time.Second)
		}
	}
	generic := max(n-specials, 0)
	for i := 0; i < generic && total > 0; i++ {
		u := rng.Int64N(total)
		for _, w := range windows {
			span := int64(w.to.Sub(w.from) / time.Second)
			if span <= 0 {
				continue
			}
			if u < span {
				slots = append(slots, slot{w.from.Add(time.Duration(u) * time.Second), slotTxn})
				break
			}
			u -= span
		}
	}
	sort.SliceStable(slots, func(i, j int) bool { return slots[i].at.Before(slots[j].at) })

	g := &generator{rng: rng, trace: 1000 + rng.IntN(50000), batch: 100 + rng.IntN(800), timedOut: -1, recent: map[string][]int{}}
	poolSize := max(30, n/5)
	for range poolSize {
		g.pool = append(g.pool, randomCard(rng))
	}
	g.lastGeneric = generic
	dupCard, dupAmount := randomCard(rng), retailAmount(rng)+1000
	for _, s := range slots {
		switch s.kind {
		case slotSignOn:
			g.nextTrace()
			g.events = append(g.events, event{s.at, "00", "签到成功"})
		case slotSettle:
			g.nextTrace()
			g.events = append(g.events, event{s.at, "00", fmt.Sprintf("结算成功 批次%06d", g.batch)})
			g.batch = g.batch%999999 + 1
		case slotTxn:
			g.transaction(s.at)
		case slotDupSale:
			g.add(record{at: s.at, typ: "SALE", amount: dupAmount, pan: dupCard, rc: "00", flags: "P"})
		case slotPendingRev:
			g.add(record{at: s.at, typ: "SALE", amount: retailAmount(rng), pan: g.card(), rc: rcTimedOut, flags: "U"})
			g.events = append(g.events, event{s.at.Add(40 * time.Second), rcTimedOut, "交易超时,冲正未完成"})
		}
	}
	if g.timedOut >= 0 { // a timeout left last among generic records: its reversal went through at once
		g.reverse(g.recs[g.timedOut].at.Add(30 * time.Second))
	}
	if f.has("paper-out") {
		for i := len(g.recs) - 1; i >= 0; i-- {
			if r := &g.recs[i]; r.typ == "SALE" && r.rc == "00" && r.flags == "P" && !r.at.After(limit) {
				r.flags = "" // the sale went through, the slip did not come out
				g.events = append(g.events, event{r.at.Add(5 * time.Second), "P1", eventTexts["P1"]})
				break
			}
		}
	}
	// faults leave their codes in the log during the last hours (repeated, as they recur)
	for _, name := range FaultNames() {
		if code, ok := faultEvents[name]; ok && f.has(name) {
			for k := 1; k <= 3; k++ {
				g.events = append(g.events, event{end.Add(-time.Duration(k*47) * time.Minute), code, eventText(code)})
			}
		}
	}
	if f.has("not-signed-on") {
		g.events = append(g.events, event{end.Add(time.Minute), "00", "操作员签退"})
	}
	sort.SliceStable(g.recs, func(i, j int) bool { return g.recs[i].at.Before(g.recs[j].at) })
	sort.SliceStable(g.events, func(i, j int) bool { return g.events[i].at.Before(g.events[j].at) })

	h := history{events: g.events, batch: g.batch, trace: g.trace, lastSettle: lastSettle, lastSignOn: lastSignOn}
	h.journal.records = g.recs
	h.journal.values = make([]string, len(g.recs))
	for i, r := range g.recs {
		h.journal.values[i] = r.value()
		if r.at.After(lastSettle) && r.rc == "00" && r.typ != "BALANCE" && r.typ != "REVERSAL" {
			h.pending++
		}
	}
	return h
}

// generator carries the state of generateHistory's walk through time.
type generator struct {
	rng         *rand.Rand
	trace       int
	batch       int
	pool        []string
	recs        []record
	events      []event
	timedOut    int // index of a SALE awaiting its reversal, or -1
	lastGeneric int
	generated   int
	// recent holds each card's approved, unvoided SALEs (indexes into recs), to void them
	// and to keep generated data free of accidental duplicate charges: only the
	// duplicate-sale fault makes one.
	recent map[string][]int
}

func (g *generator) nextTrace() int {
	g.trace = g.trace%999999 + 1
	return g.trace
}

func (g *generator) card() string {
	if g.rng.IntN(10) < 7 {
		return g.pool[g.rng.IntN(len(g.pool))]
	}
	return randomCard(g.rng)
}

func (g *generator) add(r record) int {
	r.trace = g.nextTrace()
	r.rrn = r.at.Format("150405") + fmt.Sprintf("%06d", r.trace)
	if r.rc == "00" && r.typ != "BALANCE" && r.typ != "REVERSAL" && r.auth == "" {
		r.auth = digits(g.rng, 6)
	}
	g.recs = append(g.recs, r)
	return len(g.recs) - 1
}

// reverse records the reversal of the timed-out sale, sent before the next host message as
// terminals do, and marks the sale R.
func (g *generator) reverse(when time.Time) {
	sale := &g.recs[g.timedOut]
	sale.flags = "R"
	rev := record{at: when, typ: "REVERSAL", amount: sale.amount, pan: sale.pan, rc: "00"}
	g.timedOut = -1
	g.add(rev)
	g.recs[len(g.recs)-1].rrn = g.recs[len(g.recs)-1].rrn[:6] + fmt.Sprintf("%06d", sale.trace)
}

func (g *generator) transaction(when time.Time) {
	g.generated++
	if g.timedOut >= 0 {
		g.reverse(when)
		return
	}
	rng := g.rng
	roll := rng.IntN(1000)
	switch {
	case roll < 30: // balance inquiry
		rc := "00"
		if rng.IntN(10) == 0 {
			rc = "55"
		}
		g.add(record{at: when, typ: "BALANCE", pan: g.card(), rc: rc})
		return
	case roll < 60: // void of a sale made earlier today
		for i := len(g.recs) - 1; i >= 0 && midnight(g.recs[i].at).Equal(midnight(when)); i-- {
			r := g.recs[i]
			if r.typ != "SALE" || r.rc != "00" || when.Sub(r.at) > 3*time.Hour {
				continue
			}
			if list := g.recent[r.pan]; len(list) > 0 && list[len(list)-1] == i {
				g.recent[r.pan] = list[:len(list)-1]
				g.add(record{at: when, typ: "VOID", amount: r.amount, pan: r.pan, rc: "00", flags: "P"})
				return
			}
		}
	case roll < 75: // refund of an older sale
		for tries := 0; tries < 5 && len(g.recs) > 0; tries++ {
			r := g.recs[rng.IntN(len(g.recs))]
			if r.typ == "SALE" && r.rc == "00" && when.Sub(r.at) > 24*time.Hour {
				amt := r.amount
				if rng.IntN(3) == 0 {
					amt = max(amt/2/10*10, 100)
				}
				g.add(record{at: when, typ: "REFUND", amount: amt, pan: r.pan, rc: "00", flags: "P"})
				return
			}
		}
	case roll < 90: // pre-authorisation
		g.add(record{at: when, typ: "PREAUTH", amount: int64(50000 + rng.IntN(250000)/100*100), pan: g.card(), rc: "00", flags: "P"})
		return
	}
	pan := g.card()
	amount := retailAmount(rng)
	for g.clashes(pan, amount, when) {
		amount += int64(10 * (1 + rng.IntN(9)))
	}
	switch r := rng.IntN(1000); {
	case r < 8 && g.generated < g.lastGeneric-3: // no answer from the host: reversal follows
		g.timedOut = g.add(record{at: when, typ: "SALE", amount: amount, pan: pan, rc: rcTimedOut})
		g.events = append(g.events, event{when.Add(30 * time.Second), rcTimedOut, eventText(rcTimedOut)})
	case r < 70:
		rc := failureCode(rng)
		g.add(record{at: when, typ: "SALE", amount: amount, pan: pan, rc: rc})
		if rc == "96" || rc == "A0" {
			g.events = append(g.events, event{when.Add(2 * time.Second), rc, eventText(rc)})
		}
	default:
		g.recent[pan] = append(g.recent[pan], g.add(record{at: when, typ: "SALE", amount: amount, pan: pan, rc: "00", flags: "P"}))
	}
}

// clashes reports whether an approved sale of amount on pan at when would look like a
// duplicate charge of one in the hour before.
func (g *generator) clashes(pan string, amount int64, when time.Time) bool {
	for _, i := range g.recent[pan] {
		if g.recs[i].amount == amount && when.Sub(g.recs[i].at) < time.Hour {
			return true
		}
	}
	return false
}

// pageStarts splits values (field name field) into pages of a cmd response so each page's
// DATA — CMD, SEQ, RC, PAGE, MORE and as many values as fit — stays within one frame
// (§5: a PAGE carries as many records as fit in one 1024-byte DATA). It returns the index of
// each page's first value; there is always at least one page.
func pageStarts(field string, values []string, from int) []int {
	starts := []int{from}
	size := 0
	header := func(page int) int {
		// "JL0001" FS "RC=00" FS "PAGE=n" FS "MORE=Y"
		return 6 + 6 + 6 + len(strconv.Itoa(page)) + 7
	}
	size = header(1)
	for i := from; i < len(values); i++ {
		add := 1 + len(field) + 1 + len(values[i])
		if size+add > serialio.MaxData && i > starts[len(starts)-1] {
			starts = append(starts, i)
			size = header(len(starts))
		}
		size += add
	}
	return starts
}

// page returns the values of page p (1-based) and whether more pages follow.
func page(values []string, starts []int, p int) ([]string, bool) {
	if p < 1 || p > len(starts) {
		return nil, false
	}
	end := len(values)
	if p < len(starts) {
		end = starts[p]
	}
	return values[starts[p-1]:end], p < len(starts)
}
