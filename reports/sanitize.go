package reports

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
	"posdoctor/locale"
	"posdoctor/pan"
)

// Removed replaces a value that looked like key material, a PIN or a PIN block.
const Removed = "[removed]"

// CleanText masks card numbers in s (pan.MaskText: card numbers in any digit form, with or
// without separators between groups) and blanks out runs that look like key material: 16 or
// more hex digits mixing letters and digits, standing alone. Check values (8 hex digits) stay.
func CleanText(s string) string { return cleanText(s, pan.MaskText) }

// CleanTyping is CleanText for text a person is still typing, saved while the typing pauses:
// what CleanText cannot yet judge is blanked too, so that no saved version gives away more
// than the finished text will keep. A digit run being typed keeps at most its first 6 digits
// whatever it turns out to be (pan.MaskTyping: 15 digits of a 16-digit card are no card number
// yet, and written whole beside the finished card masked they give it away), and a typed PIN's
// digits are blanked however few there are so far ("PIN 12" on the way to "PIN 1234"). Runs
// standing whole in done, the field's text as last finished, are not being typed and are
// judged as CleanText judges them. The front end writes the finished text (the field left)
// through CleanText as usual.
func CleanTyping(s, done string) string {
	return cleanText(removeTypedPINs(pan.MaskTyping(s, done), 1), pan.MaskText)
}

// cleanRendered is CleanText for a summary or a finding's message, rendered from its template
// with args: the MID argument stays whole where the text shows it (pan.MaskTextKeepingMID),
// as the checklist's report keeps it.
func cleanRendered(s string, args map[string]any) string {
	mid := diagnostics.MIDArg(args)
	return cleanText(s, func(s string) string { return pan.MaskTextKeepingMID(s, mid) })
}

// cleanMessageText is CleanText for the text of a trace line of kind "message", a TML/1
// message as serialio writes it: its MID field stays whole when it holds a MID
// (pan.MaskMessageText); the card unit of a journal record is masked by position.
func cleanMessageText(s string) string {
	return cleanText(pan.MaskRecordText(s), pan.MaskMessageText)
}

// cleanText is CleanText with mask as the card-number masker.
func cleanText(s string, mask func(string) string) string {
	// bytes that are no UTF-8 (a GBK paste, a cut multi-byte character) become U+FFFD: the
	// shared store, the workbooks and JSON take only valid text
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	// most fields are short or hold few digits: nothing to mask, nothing to copy
	digits, run, longest := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= utf8.RuneSelf && utf8.RuneStart(c):
			// full-width and other digit forms count too
			if r, _ := utf8.DecodeRuneInString(s[i:]); pan.IsDigit(r) {
				digits++
			}
		}
		if isAlnum(c) {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	if digits >= 4 {
		s = removeTypedPINs(s, 4)
	}
	if digits < 13 && longest < 16 {
		return s
	}
	s = mask(s)
	if b := []byte(s); scrubKeyBytes(b) > 0 {
		s = string(b)
	}
	return s
}

// pinTyped is a PIN or password written into text by a person ("PIN 1234", "PIN1234",
// "密码：123456", "the password is 654321", "pwd=０００１", "pin: 12 34"): the word, then a
// separator, "is" or "was" (是, 为), then the digits (any width), in groups split by a space or
// a dash.
var pinTyped = regexp.MustCompile(`(?i)(\bpin|\bpassword|\bpasswd|\bpwd|密码|密碼|口令)(码|碼)?((?:\s*(?:\bis\b|\bwas\b|是|为|為|[:：=])\s*|\s+)?)([0-9０-９]+(?:[ -][0-9０-９]+)*)`)

// removeTypedPINs blanks the digits of each typed PIN (least to 12 of them: 4 for a finished
// text, as PINs and passwords of a terminal are; 1 for one still being typed) as card digits
// are, keeping the text's length: '*' for an ASCII digit, '＊' for a full-width one; a note
// that says "pin 1234" keeps "pin ****".
func removeTypedPINs(s string, least int) string {
	return pinTyped.ReplaceAllStringFunc(s, func(m string) string {
		p := pinTyped.FindStringSubmatch(m)
		digits := 0
		for _, r := range p[4] {
			if r != ' ' && r != '-' {
				digits++
			}
		}
		if digits < least || digits > 12 {
			return m
		}
		var b strings.Builder
		for _, r := range p[4] {
			switch {
			case r == ' ' || r == '-':
				b.WriteRune(r)
			case r < utf8.RuneSelf:
				b.WriteByte('*')
			default:
				b.WriteRune('＊')
			}
		}
		return p[1] + p[2] + p[3] + b.String()
	})
}

// cleanBytes is CleanText in place on raw bytes (the link trace): length is kept. The card
// unit of a journal record is masked by position, whatever its check digit
// (pan.MaskRecordBytes); a frame's MID field stays whole when it holds a MID
// (pan.MaskFrameBytes).
func cleanBytes(b []byte) {
	pan.MaskRecordBytes(b)
	pan.MaskFrameBytes(b)
	scrubKeyBytes(b)
}

// scrubKeyBytes replaces with '*' every run of 16 or more hex digits, bounded by characters
// that are not letters or digits, that has at least one digit and one letter A-F: the shape
// of a DES/AES key or a PIN block written out in hex. It returns how many runs it blanked.
func scrubKeyBytes(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if !isAlnum(b[i]) {
			i++
			continue
		}
		j := i
		hex, letters, digits := true, false, false
		for j < len(b) && isAlnum(b[j]) {
			c := b[j]
			switch {
			case c >= '0' && c <= '9':
				digits = true
			case (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
				letters = true
			default:
				hex = false
			}
			j++
		}
		if hex && letters && digits && j-i >= 16 {
			for k := i; k < j; k++ {
				b[k] = '*'
			}
			n++
		}
		i = j
	}
	return n
}

func isAlnum(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// secretName matches evidence field names that only ever hold secrets: PINs, PIN blocks,
// clear or encrypted key material. Their values are removed whatever they look like.
var secretName = regexp.MustCompile(`(?i)^(pin|pins|pwd|password|passwd)$|pin[ _.-]?block|pinblk|key[ _.-]?(material|data|value|block)|(clear|plain|encrypted|enc)[ _.-]?key|^(tmk|tpk|zmk|zpk|kek|bdk|ipek)$`)

// keyName is a secret name that is a key's own (KS reports TMK as Y or N): only under such a
// name is a yes or no kept (isFlag); a PIN or a password is removed whatever it is.
var keyName = regexp.MustCompile(`(?i)^(tmk|tpk|zmk|zpk|kek|bdk|ipek)$`)

// isFlag reports whether v, under a secret's name, only says whether the secret is there (the
// key status's TMK Y/N, PROTOCOL.md §5 KS): a yes or no, which no key, PIN or PIN block can be,
// so it is kept and "TMK Y" reads as the terminal said it.
func isFlag(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "Y", "N", "YES", "NO", "TRUE", "FALSE":
		return true
	}
	return false
}

// keyishName matches names that may hold either a check value (kept) or a key (removed):
// PIK/MAK/TDK check values arrive under the key's own name (PROTOCOL.md §5 KS, SO).
var keyishName = regexp.MustCompile(`(?i)key|pin|tmk|tpk|pik|mak|tdk|tak|kek|zmk|zpk|bdk|kcv|check`)

// hexLen returns how many hex digits s holds when it is only hex digits and spaces, else -1.
func hexLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
		case (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'):
			n++
		default:
			return -1
		}
	}
	return n
}

// cleanEvidence returns a cleaned deep copy of a step's evidence: plain JSON values only,
// card numbers masked in every string, secrets removed. A value under a secret name, or a
// string of 16 or more hex digits under a key-ish name, becomes Removed. A string under the
// key mid or MID (the terminal step's evidence, the summary's MID argument) stays whole when
// it is a MID (pan.KeepMID), as the checklist's report keeps it.
func cleanEvidence(ev map[string]any) map[string]any {
	if ev == nil {
		return nil
	}
	// normalise to plain JSON values (typed slices, structs, times) before walking
	raw, err := json.Marshal(ev)
	if err != nil {
		return map[string]any{"error": "evidence could not be encoded: " + CleanText(err.Error())}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var plain map[string]any
	if err := dec.Decode(&plain); err != nil {
		return map[string]any{"error": "evidence could not be decoded: " + CleanText(err.Error())}
	}
	out := cleanValue("", plain).(map[string]any)
	for k, v := range plain {
		if s, ok := v.(string); ok && pan.KeepMID(k, s) {
			out[k] = s
		}
	}
	return out
}

func cleanValue(name string, v any) any {
	if name != "" && secretName.MatchString(name) && !(keyName.MatchString(name) && isFlag(v)) {
		return Removed
	}
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[CleanText(k)] = cleanValue(k, x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = cleanValue(name, x)
		}
		return out
	case string:
		if name != "" && keyishName.MatchString(name) && hexLen(v) >= 16 {
			return Removed
		}
		return CleanText(v)
	case json.Number:
		if name != "" && keyishName.MatchString(name) && hexLen(v.String()) >= 16 {
			return Removed
		}
		// a card number written as a JSON number is still a card number
		if s := CleanText(v.String()); s != v.String() {
			return s
		}
	}
	return v // numbers, booleans, null
}

// cleanReport returns a cleaned deep copy of a checklist run.
func cleanReport(r diagnostics.Report) diagnostics.Report {
	out := r
	if r.Terminal != nil {
		out.Terminal = make(map[string]string, len(r.Terminal))
		for k, v := range r.Terminal {
			// the names are ST's field names, but a bundle may put anything there
			k = CleanText(k)
			switch {
			case (secretName.MatchString(k) && !(keyName.MatchString(k) && isFlag(v))) || (keyishName.MatchString(k) && hexLen(v) >= 16):
				v = Removed
			case k == "mid":
				v = cleanMID(v)
			default:
				v = CleanText(v)
			}
			out.Terminal[k] = v
		}
	}
	out.Steps = make([]diagnostics.StepResult, len(r.Steps))
	for i, s := range r.Steps {
		s.Summary = cleanRendered(s.Summary, s.SummaryArgs)
		// the template: one of the checklist's (no card number, unchanged), or what a bundle says
		s.SummaryKey = CleanText(s.SummaryKey)
		s.SummaryArgs = cleanEvidence(s.SummaryArgs) // a scrubbed copy: never the caller's map
		if s.DurationMS == 0 && s.Duration != 0 {
			s.DurationMS = s.Duration.Milliseconds()
		}
		fs := make([]diagnostics.Finding, len(s.Findings))
		for j, f := range s.Findings {
			f.Code = CleanText(f.Code)
			f.Message = cleanRendered(f.Message, f.MessageArgs)
			f.MessageKey = CleanText(f.MessageKey)
			f.MessageArgs = cleanEvidence(f.MessageArgs)
			f.Actions = cleanStrings(f.Actions)
			fs[j] = f
		}
		s.Findings = fs
		s.Evidence = cleanEvidence(s.Evidence)
		out.Steps[i] = s
	}
	out.Verdict.Reasons = cleanStrings(r.Verdict.Reasons)
	out.Transactions = cleanTxns(r.Transactions)
	out.Events = cleanEvents(r.Events)
	return out
}

// cleanEach returns a copy of xs with clean applied to each element (nil stays nil): the
// caller's slice is never changed.
func cleanEach[T any](xs []T, clean func(T) T) []T {
	if xs == nil {
		return nil
	}
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = clean(x)
	}
	return out
}

func cleanStrings(ss []string) []string { return cleanEach(ss, CleanText) }

func cleanTxns(ts []diagnostics.Transaction) []diagnostics.Transaction {
	return cleanEach(ts, func(t diagnostics.Transaction) diagnostics.Transaction {
		t.Type = CleanText(t.Type)
		t.PAN = cardField(t.PAN)
		t.Trace = CleanText(t.Trace)
		t.RRN = CleanText(t.RRN)
		t.Auth = CleanText(t.Auth)
		t.RC = CleanText(t.RC)
		t.Flags = CleanText(t.Flags)
		t.Flagged = cleanStrings(t.Flagged)
		return t
	})
}

func cleanEvents(es []diagnostics.Event) []diagnostics.Event {
	return cleanEach(es, func(e diagnostics.Event) diagnostics.Event {
		e.Code = CleanText(e.Code)
		e.Text = CleanText(e.Text)
		return e
	})
}

// cardField cleans the journal's card-number field: masked to first 6 and last 4 whether or
// not it passes Luhn, in ASCII digits whatever form the terminal used, and written without the
// spaces or dashes some terminals put between groups, so every row of the report reads the
// same way ("622202******7894").
func cardField(s string) string {
	s = CleanText(pan.MaskCard(s))
	sep := func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) }
	if strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '*' || sep(r)) }) < 0 {
		s = strings.Map(func(r rune) rune {
			if sep(r) {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// cleanMID cleans the value of a MID field (Incident.MID, the terminal's mid): a merchant ID
// (pan.KeepMID: exactly 15 ASCII digits, not starting 34 or 37) is kept whole, as one MID in
// ten passes Luhn and the provider needs it whole; anything else (an American Express card
// number, 16 or more digits, spaces or separators) is cleaned as text.
func cleanMID(s string) string {
	if pan.KeepMID("MID", s) {
		return s
	}
	return CleanText(s)
}

// Sanitize returns a deep copy of inc fit to be stored or exported: card numbers masked in
// every field (the journal's card field always to first 6 and last 4), key material, PINs
// and PIN blocks removed. Save and the workbook writer call it; the GUI may call it to show
// what will be kept.
func (inc *Incident) Sanitize() *Incident {
	out := *inc
	if _, err := uuid.Parse(inc.ID); err != nil {
		// our own ids are UUIDs, kept as they are: the digits of one may pass Luhn
		// ("a60f6851-8412-5550-8f74-..."); anything else is text like any other
		out.ID = CleanText(inc.ID)
	}
	for _, p := range []*string{
		&out.Technician, &out.Branch, &out.Site, &out.Merchant, &out.TID, &out.Model,
		&out.Serial, &out.Firmware, &out.Comm, &out.Symptom, &out.EscalationReason, &out.Notes,
	} {
		*p = CleanText(*p)
	}
	out.MID = cleanMID(inc.MID)
	out.Branch = CleanBranch(out.Branch)
	out.TID = CleanBranch(out.TID)
	if inc.Codes != nil {
		out.Codes = make([]CodeSeen, len(inc.Codes))
		for i, c := range inc.Codes {
			out.Codes[i] = CodeSeen{Code: CleanText(c.Code), Prompt: CleanText(c.Prompt), TitleZH: CleanText(c.TitleZH), TitleEN: CleanText(c.TitleEN)}
		}
	}
	if inc.Runs != nil {
		out.Runs = make([]diagnostics.Report, len(inc.Runs))
		for i, r := range inc.Runs {
			out.Runs[i] = cleanReport(r)
		}
	}
	out.Journal = cleanTxns(inc.Journal)
	out.Events = cleanEvents(inc.Events)
	if inc.Forms != nil {
		out.Forms = make([]FormRecord, len(inc.Forms))
		for i, f := range inc.Forms {
			out.Forms[i] = FormRecord{Kind: CleanText(f.Kind), Trace: CleanText(f.Trace), Reason: CleanText(f.Reason), Note: CleanText(f.Note),
				Contact: CleanText(f.Contact), Insisted: f.Insisted, Produced: f.Produced}
			if f.Txn != nil {
				out.Forms[i].Txn = &cleanTxns([]diagnostics.Transaction{*f.Txn})[0]
			}
		}
	}
	if inc.Actions != nil {
		out.Actions = make([]Action, len(inc.Actions))
		for i, a := range inc.Actions {
			out.Actions[i] = Action{Time: a.Time, What: CleanText(a.What), Result: CleanText(a.Result)}
		}
	}
	if inc.Trace != nil {
		out.Trace = make([]TraceLine, len(inc.Trace))
		for i, t := range inc.Trace {
			t.Dir = CleanText(t.Dir)
			t.Kind = CleanText(t.Kind)
			if t.Kind == "message" {
				t.Text = cleanMessageText(t.Text)
			} else {
				t.Text = CleanText(pan.MaskRecordText(t.Text))
			}
			if t.Raw != nil {
				t.Raw = bytes.Clone(t.Raw)
				cleanBytes(t.Raw)
			}
			out.Trace[i] = t
		}
	}
	return &out
}

// CleanBranch is a branch name (or an id typed by a person) as the store keeps and compares
// it: letters, digits and signs typed full-width by a Chinese input method ("ＡＢ支行１号")
// become their ASCII forms, the ideographic space a space, runs of spaces one, and the ends
// trimmed; Chinese characters stay as typed. The same name typed either way is then one
// branch in lists, reports and syncs.
func CleanBranch(s string) string {
	if s == "" {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r = locale.FoldWidthRune(r); r == 0x00A0 || r == '\t' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
