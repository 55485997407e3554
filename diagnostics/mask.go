package diagnostics

import (
	"reflect"

	"posdoctor/pan"
)

// The terminal is untrusted (PROTOCOL.md §5): a card number may come in any field it sends,
// in any form pan reads. Everything a Report carries is masked before anyone sees it: Run
// masks each step as it ends (maskStep) and the report at the end (maskReport); journal
// records and events are masked as they are parsed (parseRec). `check --json` prints what
// is masked here, like everything the store keeps. The merchant ID is no card number: a value
// under the key mid or MID (the terminal fields, evidence, a summary's or message's
// arguments) stays whole when it is a MID (pan.KeepMID: 15 ASCII digits; one MID in ten passes
// Luhn), and so does that argument where the text rendered from them shows it.

// maskReport masks card numbers in every text of rep: the ST fields (names and values; the
// mid field kept whole when it is a MID, pan.MaskField), every step (maskStep), the verdict's
// reasons, every transaction and event. A value is written only when masking changes it: Run
// has already handed its steps to OnProgress, which may read them on another goroutine, and a
// masked step has nothing left to change.
func maskReport(rep *Report) {
	for k, v := range rep.Terminal {
		mk, mv := pan.MaskText(k), pan.MaskField(k, v)
		if mk != k {
			delete(rep.Terminal, k)
			rep.Terminal[mk] = mv
		} else if mv != v {
			rep.Terminal[k] = mv
		}
	}
	for i := range rep.Steps {
		maskStep(&rep.Steps[i])
	}
	maskTexts(rep.Verdict.Reasons)
	for i := range rep.Transactions {
		maskTransaction(&rep.Transactions[i])
	}
	for i := range rep.Events {
		e := &rep.Events[i]
		maskText(&e.Code)
		maskText(&e.Text)
	}
}

// maskStep masks card numbers in every text of a finished step that may hold the terminal's
// words: summary and its args, each finding's code, message, args and actions, and the
// evidence, including maps and slices inside it (a keypad's key names, counts by event
// code). A summary or message keeps the MID its arguments hold whole (maskRendered). Run calls
// it before it reports the step to OnProgress, which may hand the result to another goroutine:
// nothing writes to it after, and masking it again writes nothing.
func maskStep(res *StepResult) {
	maskRendered(&res.Summary, res.SummaryArgs)
	maskMap(res.SummaryArgs)
	for j := range res.Findings {
		f := &res.Findings[j]
		maskText(&f.Code)
		maskRendered(&f.Message, f.MessageArgs)
		maskMap(f.MessageArgs)
		maskTexts(f.Actions)
	}
	maskMap(res.Evidence)
}

// maskTransaction masks a journal record: the card field by position (whatever its check
// digit), every other text as text.
func maskTransaction(t *Transaction) {
	if m := pan.MaskCard(t.PAN); m != t.PAN {
		t.PAN = m
	}
	for _, p := range []*string{&t.Type, &t.Trace, &t.RRN, &t.Auth, &t.RC, &t.Flags} {
		maskText(p)
	}
	maskTexts(t.Flagged)
}

// maskText masks *s, writing only if that changes it.
func maskText(s *string) {
	if m := pan.MaskText(*s); m != *s {
		*s = m
	}
}

// maskRendered masks *s, a text rendered from a template with args, writing only if that
// changes it: the MID argument (MIDArg) stays whole where the text shows it
// (pan.MaskTextKeepingMID); every other card number is masked.
func maskRendered(s *string, args map[string]any) {
	if m := pan.MaskTextKeepingMID(*s, MIDArg(args)); m != *s {
		*s = m
	}
}

// MIDArg is the MID argument of a summary's or message's template (the terminal step's
// "MID {{.MID}}"), or "": the value callers that render the template again keep whole where
// it shows (pan.MaskTextKeepingMID), as the English Summary and Message keep it.
func MIDArg(args map[string]any) string {
	if s, ok := args["MID"].(string); ok {
		return s
	}
	return ""
}

// maskTexts masks every string of ss in place, writing only those that change.
func maskTexts(ss []string) {
	for i := range ss {
		maskText(&ss[i])
	}
}

// maskMap masks, in place, the keys and values of m, and whatever they hold; a string under the
// key mid or MID stays whole when it is a MID (pan.KeepMID).
func maskMap(m map[string]any) {
	for k, v := range m {
		mk := pan.MaskText(k)
		if s, ok := v.(string); ok && pan.KeepMID(k, s) {
			continue
		}
		mv, changed := maskValue(v)
		if mk != k {
			delete(m, k)
			m[mk] = mv
		} else if changed {
			m[k] = mv
		}
	}
}

// maskValue returns v with card numbers masked in every string it holds: strings, and maps and
// slices (of any element type) of them, at any depth. A map or slice that holds something to
// mask is copied, never changed in place: the caller's may be shared. It reports whether
// anything changed. Other values (numbers, booleans, structs) are returned as they are.
func maskValue(v any) (any, bool) {
	switch x := v.(type) {
	case nil, bool, int, int64, float64:
		return v, false
	case string:
		m := pan.MaskText(x)
		return m, m != x
	case []byte:
		c := append([]byte(nil), x...)
		if pan.MaskBytes(c) == 0 {
			return v, false
		}
		return c, true
	}
	rv := reflect.ValueOf(v)
	out, changed := maskReflect(rv)
	if !changed {
		return v, false
	}
	return out.Interface(), true
}

// maskReflect is maskValue on a reflect.Value.
func maskReflect(rv reflect.Value) (reflect.Value, bool) {
	switch rv.Kind() {
	case reflect.String:
		m := pan.MaskText(rv.String())
		if m == rv.String() {
			return rv, false
		}
		return reflect.ValueOf(m).Convert(rv.Type()), true
	case reflect.Interface:
		if rv.IsNil() {
			return rv, false
		}
		inner, changed := maskReflect(rv.Elem())
		if !changed {
			return rv, false
		}
		out := reflect.New(rv.Type()).Elem()
		out.Set(inner)
		return out, true
	case reflect.Slice:
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			c := reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
			reflect.Copy(c, rv)
			if pan.MaskBytes(c.Bytes()) == 0 {
				return rv, false
			}
			return c, true
		}
		var out reflect.Value
		for i := 0; i < rv.Len(); i++ {
			m, changed := maskReflect(rv.Index(i))
			if !changed {
				continue
			}
			if !out.IsValid() {
				out = reflect.MakeSlice(rv.Type(), rv.Len(), rv.Len())
				reflect.Copy(out, rv)
			}
			out.Index(i).Set(m)
		}
		if !out.IsValid() {
			return rv, false
		}
		return out, true
	case reflect.Map:
		type entry struct{ k, v reflect.Value }
		var entries []entry
		changed := false
		for it := rv.MapRange(); it.Next(); {
			k, kc := maskReflect(it.Key())
			v, vc := maskReflect(it.Value())
			changed = changed || kc || vc
			entries = append(entries, entry{k, v})
		}
		if !changed {
			return rv, false
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(entries))
		for _, e := range entries {
			// two keys that mask alike (two cards with the same first 6 and last 4): counts add up
			if old := out.MapIndex(e.k); old.IsValid() && e.v.CanInt() && old.CanInt() {
				sum := reflect.New(e.v.Type()).Elem()
				sum.SetInt(old.Int() + e.v.Int())
				out.SetMapIndex(e.k, sum)
				continue
			}
			out.SetMapIndex(e.k, e.v)
		}
		return out, true
	}
	return rv, false
}
