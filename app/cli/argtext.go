package cli

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"posdoctor/locale"
)

// argText is text a person typed on the command line (a symptom, a name, a query). A Chinese
// Windows console or an old terminal may hand it over in GBK rather than UTF-8: such text is
// read as GB18030 (a superset of GBK) and stderr says so; bytes that are neither are refused,
// so nothing a technician typed is silently turned into "����".
func argText(l locale.Lang, flagName, s string, stderr io.Writer) (string, error) {
	if utf8.ValidString(s) {
		return s, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().String(s)
	if err == nil && utf8.ValidString(out) && !strings.ContainsRune(out, utf8.RuneError) {
		fmt.Fprintln(stderr, say(l, msgReadAsGBK, flagName, out))
		return out, nil
	}
	return "", errorOf(msgNotUTF8, flagName)
}
