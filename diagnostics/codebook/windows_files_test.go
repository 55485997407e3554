package codebook

import (
	"errors"
	"strings"
	"testing"
)

// TestOverlayAsWindowsSavesIt: an overlay as a Windows editor saves it. CRLF line ends (with or
// without Notepad's byte order mark) load, and errors keep their line numbers; GBK, what a
// Chinese Windows saves as "ANSI", is refused at the line of its first Chinese character with
// what to do, instead of loading every Chinese character as U+FFFD.
func TestOverlayAsWindowsSavesIt(t *testing.T) {
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	good := "{\"schema\": 1,\n \"entries\": [" + goodEntry + "]}\n"
	for _, doc := range []string{crlf(good), "\xef\xbb\xbf" + crlf(good)} {
		b, err := Load("site.json", strings.NewReader(doc))
		if err != nil {
			t.Fatalf("CRLF overlay: %v", err)
		}
		if _, ok := b.Lookup("Z9"); !ok {
			t.Error("the CRLF overlay's entry is missing")
		}
	}
	bad := crlf("{\"entries\": [\n  {\"code\": \"Z1\", \"kind\": \"boss\"}]}")
	var se *SchemaError
	if _, err := Load("site.json", strings.NewReader(bad)); !errors.As(err, &se) || se.Line != 2 {
		t.Errorf("CRLF overlay with an error on line 2: %v", err)
	}

	// "无效商户" in GBK, on line 3
	gbk := "{\"schema\": 1,\n \"entries\": [\n  {\"code\": \"Z8\", \"kind\": \"local\", \"title_zh\": \"\xce\xde\xd0\xa7\xc9\xcc\xbb\xa7\"}]}"
	_, err := Load("site.json", strings.NewReader(crlf(gbk)))
	if !errors.As(err, &se) || !errors.Is(err, ErrSchema) {
		t.Fatalf("GBK overlay: %v, want a schema error", err)
	}
	if se.Line != 3 || !strings.Contains(se.Msg, "UTF-8") || !strings.Contains(se.Msg, "GBK") {
		t.Errorf("GBK overlay: line %d, %q; want line 3 naming GBK and UTF-8", se.Line, se.Msg)
	}
}
