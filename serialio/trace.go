package serialio

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"time"

	"posdoctor/pan"
)

// Dir is the direction of a traced event, seen from this side of the link.
type Dir int

const (
	In  Dir = iota // received
	Out            // sent
)

func (d Dir) String() string {
	if d == Out {
		return "out"
	}
	return "in"
}

// TraceKind says what a trace entry records.
type TraceKind int

const (
	TraceBytes   TraceKind = iota // raw bytes as they crossed the line
	TraceFrame                    // a frame recognised (or rejected, see Text)
	TraceMessage                  // a decoded message
	TraceControl                  // ENQ, ACK, NAK, EOT
	TraceNote                     // a link event: resend, timeout, abandon, noise
)

var traceKindNames = [...]string{"bytes", "frame", "message", "control", "note"}

func (k TraceKind) String() string {
	if int(k) < len(traceKindNames) {
		return traceKindNames[k]
	}
	return fmt.Sprintf("TraceKind(%d)", int(k))
}

// TraceEntry is one event of the byte trace. Card numbers are masked before an entry is kept.
type TraceEntry struct {
	Time time.Time
	Dir  Dir
	Kind TraceKind
	Raw  []byte // bytes (masked), for TraceBytes and TraceFrame
	Text string // the decoded or explained form (masked)
}

func (e TraceEntry) String() string {
	s := fmt.Sprintf("%s %-3s %-7s", e.Time.Format("15:04:05.000"), e.Dir, e.Kind)
	if len(e.Raw) > 0 {
		s += " " + HexDump(e.Raw, 48)
	}
	if e.Text != "" {
		s += " " + e.Text
	}
	return s
}

// HexDump shows up to max bytes as hex pairs, with the count of the rest.
func HexDump(b []byte, max int) string {
	var sb strings.Builder
	for i, c := range b {
		if i == max {
			fmt.Fprintf(&sb, "…(+%d)", len(b)-max)
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "%02X", c)
	}
	return sb.String()
}

// Trace is a bounded ring of trace entries, safe for concurrent use. A nil *Trace records
// nothing, so callers need not check.
type Trace struct {
	mu      sync.Mutex
	ring    []TraceEntry
	next    int
	full    bool
	dropped uint64
}

// NewTrace returns a trace that keeps the last capacity entries.
func NewTrace(capacity int) *Trace {
	if capacity < 1 {
		capacity = 1
	}
	return &Trace{ring: make([]TraceEntry, capacity)}
}

// Add keeps e, masking card numbers in its bytes and text first (MaskTraceBytes, MaskTraceText).
func (t *Trace) Add(e TraceEntry) {
	if t == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	e.Raw = append([]byte(nil), e.Raw...)
	MaskTraceBytes(e.Raw)
	e.Text = MaskTraceText(e.Text)
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.full {
		t.dropped++
	}
	t.ring[t.next] = e
	t.next = (t.next + 1) % len(t.ring)
	if t.next == 0 {
		t.full = true
	}
}

// Entries returns the kept entries, oldest first.
func (t *Trace) Entries() []TraceEntry {
	return t.Last(-1)
}

// Last returns the newest n entries (all if n < 0), oldest first.
func (t *Trace) Last(n int) []TraceEntry {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var all []TraceEntry
	if t.full {
		all = append(all, t.ring[t.next:]...)
	}
	all = append(all, t.ring[:t.next]...)
	if n >= 0 && n < len(all) {
		all = all[len(all)-n:]
	}
	return all
}

// Dropped is how many entries the ring has overwritten.
func (t *Trace) Dropped() uint64 {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.dropped
}

// MaskTraceBytes masks card numbers in raw bytes that crossed the line, in place and keeping
// the length: the card unit of every journal record by its position (maskRecords), whatever
// its check digit, and every card number pan finds in the rest.
func MaskTraceBytes(b []byte) {
	maskRecords(b)
	pan.MaskBytes(b)
}

// MaskTraceText is MaskTraceBytes for the text of a trace entry, where a message is written
// as Message.String writes it (record units joined by '|'). The length is kept.
func MaskTraceText(s string) string {
	return pan.MaskText(maskRecordText(s))
}

// The journal record (PROTOCOL.md §5 REC): time US type US amount US pan US trace US rrn US
// auth US rc US flags. The pan unit is a card number by position: the terminal should have
// masked it, and some UnionPay cards carry no Luhn check digit, so pan's rules cannot be
// relied on to find it.
const (
	recUnits    = 9
	recCardUnit = 3
)

// recTypes are the values of a record's type unit.
var recTypes = []string{"SALE", "VOID", "REFUND", "PREAUTH", "REVERSAL", "BALANCE"}

// maskRecords masks, in place and keeping the length, the card unit of every journal record
// raw bytes hold, whole or in part: the bytes of a damaged frame come in pieces (an abandoned
// frame, then its rest as junk), and each piece hides what it holds of a card number. Fields
// end at FS, STX, ETX or any other control byte but US. A record's card unit is found
//
//   - after REC=, as the fourth unit;
//   - in a piece that starts inside a record and ends with its field, by counting units from
//     the end (the last six units run from the card unit to the flags);
//   - otherwise after a unit that names a transaction type followed by an amount.
//
// A card unit seen whole keeps its first 6 and last 4 digits; one cut at the end keeps its
// first 6, one cut at the start its last 4; one cut at both ends is left to pan.
func maskRecords(b []byte) {
	start := 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && (b[i] >= 0x20 || b[i] == US) {
			continue
		}
		maskRecordField(b[start:i], start > 0, i < len(b))
		start = i + 1
	}
}

// maskRecordField masks the card unit of the field f, if f is a journal record or a piece of
// one. closedLeft and closedRight say whether f's start and end are the field's own (a
// separator byte was seen) or where the bytes at hand were cut.
func maskRecordField(f []byte, closedLeft, closedRight bool) {
	if bytes.IndexByte(f, US) < 0 {
		return // a field without units, or too little of a record to find its card unit
	}
	units := bytes.Split(f, []byte{US}) // sub-slices of f: masking them masks f
	card, cutLeft := -1, false
	switch {
	case bytes.HasPrefix(f, []byte("REC=")):
		card = recCardUnit
	case !closedLeft && closedRight && len(units) >= recUnits-recCardUnit && len(units) <= recUnits:
		card = len(units) - (recUnits - recCardUnit)
		cutLeft = card == 0 && len(units) < recUnits
	default:
		card = typeAnchor(units)
	}
	if card < 0 || card >= len(units) {
		return
	}
	cutRight := card == len(units)-1 && !closedRight
	maskCardUnit(units[card], cutLeft, cutRight)
}

// typeAnchor returns the index of the card unit after a transaction type and an amount, or -1.
func typeAnchor(units [][]byte) int {
	for j := 0; j+2 < len(units); j++ {
		u := units[j]
		if j == 0 {
			u = u[bytes.IndexByte(u, '=')+1:]
		}
		amount := units[j+1]
		if len(amount) == 0 || len(bytes.Trim(amount, "0123456789")) > 0 {
			continue
		}
		for _, t := range recTypes {
			if string(u) == t {
				return j + 2
			}
		}
	}
	return -1
}

// maskCardUnit masks a card unit by position: first 6 and last 4 digits kept when it is whole,
// only the first 6 when its end was cut off, only the last 4 when its start was.
func maskCardUnit(u []byte, cutLeft, cutRight bool) {
	switch {
	case cutLeft && cutRight:
		// which digits are these? pan's rules decide
	case cutLeft:
		pan.MaskDigits(u, 0, 4)
	case cutRight:
		pan.MaskDigits(u, 6, 0)
	default:
		pan.MaskDigits(u, 6, 4)
	}
}

// maskRecordText masks the card unit of every journal record in s, written as Message.String
// writes a message: " REC=" then the units joined by '|'. The length is kept.
func maskRecordText(s string) string {
	if !strings.Contains(s, "REC=") {
		return s
	}
	b := []byte(s)
	for i := 0; ; {
		k := bytes.Index(b[i:], []byte("REC="))
		if k < 0 {
			break
		}
		at := i + k
		i = at + len("REC=")
		if at > 0 && b[at-1] != ' ' {
			continue // part of another name (PREC=)
		}
		// skip the time, type and amount units: none holds a space
		p, ok := i, true
		for n := 0; n < recCardUnit && ok; n++ {
			q := bytes.IndexAny(b[p:], "| ")
			ok = q >= 0 && b[p+q] == '|'
			if ok {
				p += q + 1
			}
		}
		if !ok {
			continue
		}
		end, cut := len(b), true
		if q := bytes.IndexByte(b[p:], '|'); q >= 0 {
			end, cut = p+q, false
		} else if q := nextTextField(b[p:]); q >= 0 {
			end, cut = p+q, false
		}
		maskCardUnit(b[p:end], false, cut)
		i = end
	}
	return string(b)
}

// nextTextField returns where the next " NAME=" of a message written by Message.String starts
// in b, or -1.
func nextTextField(b []byte) int {
	for i := 0; i < len(b); i++ {
		if b[i] != ' ' {
			continue
		}
		j := i + 1
		for j < len(b) && (b[j] >= 'A' && b[j] <= 'Z' || b[j] >= '0' && b[j] <= '9' || b[j] == '_') {
			j++
		}
		if j > i+1 && j < len(b) && b[j] == '=' && b[i+1] >= 'A' && b[i+1] <= 'Z' {
			return i
		}
	}
	return -1
}

func controlName(b byte) string {
	switch b {
	case ENQ:
		return "ENQ"
	case ACK:
		return "ACK"
	case NAK:
		return "NAK"
	case EOT:
		return "EOT"
	}
	return fmt.Sprintf("0x%02X", b)
}
