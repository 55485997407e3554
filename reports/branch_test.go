package reports

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCleanBranch(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＢ支行１号":           "AB支行1号",
		"  朝阳支行\u3000":     "朝阳支行",
		"朝阳\u3000\u3000二部": "朝阳 二部",
		"海淀\t 支行":          "海淀 支行",
		"朝陽支行":             "朝陽支行", // script is not folded: a different spelling
		"":                 "",
	} {
		if got := CleanBranch(in); got != want {
			t.Errorf("CleanBranch(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestBranchTypedFullWidth: a branch saved full-width is found, reported and exported when
// asked for half-width, and the other way round.
func TestBranchTypedFullWidth(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	inc := testIncident(time.Date(2026, 3, 5, 10, 30, 0, 0, cst), 2)
	inc.Branch = "ＡＢ支行１号"
	if err := s.Save(ctx, inc); err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{"AB支行1号", "ＡＢ支行１号", " AB支行1号 "} {
		if l, err := s.List(ctx, Filter{Branch: b}); err != nil || len(l) != 1 || l[0].Branch != "AB支行1号" {
			t.Errorf("List(%q): %v %v", b, l, err)
		}
		if r, err := s.Monthly(ctx, "2026-03", b); err != nil || r.Incidents != 1 || r.Branch != "AB支行1号" {
			t.Errorf("Monthly(%q): %+v %v", b, r, err)
		}
	}
}

// TestRedactDB: a --db value is shown without its password, whatever form it takes, and one
// that is neither a file nor a PostgreSQL URL is refused without echoing it.
func TestRedactDB(t *testing.T) {
	for _, v := range []string{
		"postgres://li:KVSECRET@db/posdoctor",
		"mysql://root:KVSECRET@localhost/db",
		"host=/tmp user=li password=KVSECRET dbname=posdoctor",
		"postgres://db/posdoctor?password=KVSECRET&sslmode=disable",
		"postgres://li:KV@SECRET@db/posdoctor",
	} {
		if got := RedactDB(v); strings.Contains(got, "KVSECRET") || strings.Contains(got, "SECRET@") {
			t.Errorf("RedactDB(%q) = %q", v, got)
		}
		if got := RedactURL(v); strings.Contains(got, "SECRET") {
			t.Errorf("RedactURL(%q) = %q", v, got)
		}
		if IsURL(v) {
			continue
		}
		_, err := OpenReadOnly(v)
		if !errors.Is(err, ErrBadURL) || strings.Contains(err.Error(), "SECRET") {
			t.Errorf("OpenReadOnly(%q): %v", v, err)
		}
	}
	if _, err := Open("postgres://li:KV@SECRET@db/pos doctor"); !errors.Is(err, ErrBadURL) || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "%40") {
		t.Errorf("a URL with an unencoded @: %v", err)
	}
}

// TestPasswordsTheParserMisreads: a password holding # / ? or @, typed unencoded, is neither
// shown nor taken for the host: the URL is written properly before it is parsed.
func TestPasswordsTheParserMisreads(t *testing.T) {
	for _, raw := range []string{
		"postgres://bob:2024#Spring@db/posdoctor",
		"postgres://bob:123/abc@db/posdoctor?sslmode=disable",
		"postgres://bob:#pw@db/posdoctor",
		"postgres://bob:?pw@db/posdoctor",
		"postgres://bob:p@ss@db/posdoctor",
	} {
		n := NormalizeURL(raw)
		u, err := url.Parse(n)
		if err != nil || u.Hostname() != "db" || u.User.Username() != "bob" {
			t.Errorf("NormalizeURL(%q) = %q: host %q user %v (%v)", raw, n, u.Hostname(), u.User, err)
			continue
		}
		pw, _ := u.User.Password()
		if want := raw[len("postgres://bob:"):strings.LastIndex(raw, "@")]; pw != want {
			t.Errorf("%q: password %q, want %q", raw, pw, want)
		}
		for _, shown := range []string{RedactURL(raw), RedactDB(raw)} {
			if strings.Contains(shown, pw) || !strings.Contains(shown, "xxxxx") {
				t.Errorf("%q shown as %q", raw, shown)
			}
		}
	}
	if got := NormalizeURL("postgres://bob:p%40ss@db/x"); got != "postgres://bob:p%40ss@db/x" {
		t.Errorf("a URL written properly was changed: %q", got)
	}
}
