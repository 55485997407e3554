package cli

import (
	"bytes"
	"strings"
	"testing"

	"posdoctor/locale"
)

func TestArgText(t *testing.T) {
	var errb bytes.Buffer
	gbk := "\xbf\xa8\xba\xc5 6222" // 卡号 in GBK
	got, err := argText(locale.EN, "--symptom", gbk, &errb)
	if err != nil || got != "卡号 6222" || !strings.Contains(errb.String(), "GBK") {
		t.Errorf("GBK: %q, %v, %q", got, err, errb.String())
	}
	if got, err := argText(locale.EN, "--symptom", "不出小票", &errb); err != nil || got != "不出小票" {
		t.Errorf("UTF-8: %q, %v", got, err)
	}
	if _, err := argText(locale.EN, "--symptom", "\xff\xfe\xff", &errb); err == nil {
		t.Error("bytes that are neither UTF-8 nor GBK were accepted")
	}
}

// TestCheckReadsGBKArguments: a symptom typed in a GBK console is stored as the text it is,
// not as U+FFFD (new-user test of issue 9).
func TestCheckReadsGBKArguments(t *testing.T) {
	db := t.TempDir() + "/incidents.db"
	var out, errOut bytes.Buffer
	code := runCheck(t.Context(), []string{"--sim", "--speed", "50", "--yes", "--steps", "link", "--save", "--db", db,
		"--symptom", "\xb2\xbb\xb3\xf6\xd0\xa1\xc6\xb1"}, strings.NewReader(""), &out, &errOut) // 不出小票
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	_, stdout, _ := runCLI(t, "incidents", "--json", "--db", db)
	if !strings.Contains(stdout, "不出小票") {
		t.Errorf("symptom not stored as typed: %s", stdout)
	}
}
