package reports

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// xAPI 1.0.3's rules for what a statement must hold, as a learning record store checks them
// (xAPI Data §2.4): the ones this export can break.
var (
	xapiIRI      = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^` + "`" + `]+$`)
	xapiUUID     = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	xapiDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)
	xapiLangTag  = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)
)

// isoSeconds is an ISO 8601 duration of days, hours, minutes and seconds, in seconds.
func isoSeconds(d string) (float64, bool) {
	m := xapiDuration.FindStringSubmatch(d)
	if m == nil || d == "P" || d == "PT" || d[len(d)-1] == 'T' {
		return 0, false
	}
	total := 0.0
	for i, unit := range []float64{86400, 3600, 60, 1} {
		if m[i+1] != "" {
			v, _ := strconv.ParseFloat(m[i+1], 64)
			total += v * unit
		}
	}
	return total, true
}

// xapiProblems lists what in one statement (decoded as any JSON reader would) breaks xAPI's
// required properties; none for a statement a store takes.
func xapiProblems(st map[string]any) []string {
	var out []string
	bad := func(f string, a ...any) { out = append(out, fmt.Sprintf(f, a...)) }
	obj := func(v any) map[string]any { m, _ := v.(map[string]any); return m }
	str := func(v any) string { s, _ := v.(string); return s }
	agent := func(who string, a map[string]any) {
		if a == nil {
			bad("%s: missing", who)
			return
		}
		if ot := str(a["objectType"]); ot != "" && ot != "Agent" {
			bad("%s: objectType %q", who, ot)
		}
		ifis := 0
		for _, k := range []string{"mbox", "mbox_sha1sum", "openid", "account"} {
			if a[k] != nil {
				ifis++
			}
		}
		if ifis != 1 {
			bad("%s: %d identifiers, want exactly one", who, ifis)
		}
		if acc := obj(a["account"]); a["account"] != nil && (acc == nil || !xapiIRI.MatchString(str(acc["homePage"])) || str(acc["name"]) == "") {
			bad("%s: account %v needs homePage (IRI) and name", who, a["account"])
		}
	}
	langMap := func(what string, v any, required bool) {
		m := obj(v)
		if v == nil && !required {
			return
		}
		if len(m) == 0 {
			bad("%s: an empty language map", what)
		}
		for k, s := range m {
			if !xapiLangTag.MatchString(k) || str(s) == "" {
				bad("%s: %q: %v", what, k, s)
			}
		}
	}

	if !xapiUUID.MatchString(str(st["id"])) {
		bad("id %v is not a UUID", st["id"])
	}
	agent("actor", obj(st["actor"]))
	verb := obj(st["verb"])
	if !xapiIRI.MatchString(str(verb["id"])) {
		bad("verb id %v is not an IRI", verb["id"])
	}
	langMap("verb display", verb["display"], true)
	o := obj(st["object"])
	if !xapiIRI.MatchString(str(o["id"])) {
		bad("object id %v is not an IRI", o["id"])
	}
	if ot := str(o["objectType"]); ot != "" && ot != "Activity" {
		bad("object objectType %q", ot)
	}
	def := obj(o["definition"])
	langMap("object name", def["name"], false)
	if def["type"] != nil && !xapiIRI.MatchString(str(def["type"])) {
		bad("activity type %v is not an IRI", def["type"])
	}
	res := obj(st["result"])
	score := obj(res["score"])
	scaled, sOK := score["scaled"].(float64)
	raw, rOK := score["raw"].(float64)
	lo, lOK := score["min"].(float64)
	hi, hOK := score["max"].(float64)
	switch {
	case !sOK || !rOK || !lOK || !hOK:
		bad("score %v lacks scaled, raw, min or max", score)
	case scaled < -1 || scaled > 1:
		bad("scaled %v is outside [-1, 1]", scaled)
	case !(lo < hi) || raw < lo || raw > hi:
		bad("raw %v is not within min %v and max %v", raw, lo, hi)
	case math.Abs(scaled-(raw-lo)/(hi-lo)) > 1e-9:
		bad("scaled %v is not (raw − min) / (max − min) = %v", scaled, (raw-lo)/(hi-lo))
	}
	for _, k := range []string{"success", "completion"} {
		if _, ok := res[k].(bool); !ok {
			bad("result %s %v is not a boolean", k, res[k])
		}
	}
	if _, ok := isoSeconds(str(res["duration"])); !ok {
		bad("duration %v is not ISO 8601", res["duration"])
	}
	ctx := obj(st["context"])
	if !xapiUUID.MatchString(str(ctx["registration"])) {
		bad("registration %v is not a UUID", ctx["registration"])
	}
	if ctx["instructor"] != nil {
		agent("instructor", obj(ctx["instructor"]))
	}
	for k := range obj(ctx["extensions"]) {
		if !xapiIRI.MatchString(k) {
			bad("extension key %q is not an IRI", k)
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, str(st["timestamp"])); err != nil {
		bad("timestamp %v is not RFC 3339", st["timestamp"])
	}
	if v := str(st["version"]); !regexp.MustCompile(`^1\.0\.\d+$`).MatchString(v) {
		bad("version %q", v)
	}
	return out
}

// xapiBreakages each break one rule in a statement: the validators must see every one.
var xapiBreakages = map[string]func(st map[string]any){
	"two identifiers": func(st map[string]any) { st["actor"].(map[string]any)["mbox"] = "mailto:a@example.com" },
	"no identifier":   func(st map[string]any) { delete(st["actor"].(map[string]any), "account") },
	"verb not IRI":    func(st map[string]any) { st["verb"].(map[string]any)["id"] = "passed" },
	"no display":      func(st map[string]any) { delete(st["verb"].(map[string]any), "display") },
	"object not IRI":  func(st map[string]any) { st["object"].(map[string]any)["id"] = "printer paper out" },
	"scaled off":      func(st map[string]any) { res(st)["score"].(map[string]any)["scaled"] = 0.5 },
	"scaled over 1":   func(st map[string]any) { res(st)["score"].(map[string]any)["scaled"] = 95.0 },
	"raw over max":    func(st map[string]any) { res(st)["score"].(map[string]any)["raw"] = 120.0 },
	"duration":        func(st map[string]any) { res(st)["duration"] = "100s" },
	"registration":    func(st map[string]any) { st["context"].(map[string]any)["registration"] = "attempt-1" },
	"timestamp":       func(st map[string]any) { st["timestamp"] = "2026-11-03 09:01:40" },
	"instructor": func(st map[string]any) {
		st["context"].(map[string]any)["instructor"] = map[string]any{"name": "王老师"}
	},
}

func res(st map[string]any) map[string]any { return st["result"].(map[string]any) }

func writeXAPIFile(t *testing.T, recs []TrainingRecord) (string, []map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXAPI(&buf, recs); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "statements.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var sts []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &sts); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, buf.Bytes())
	}
	return path, sts
}

// TestXAPIStatements: one valid statement per attempt, with the attempt's figures, and the
// same ids when exported again.
func TestXAPIStatements(t *testing.T) {
	recs := trainingFixture()
	_, sts := writeXAPIFile(t, recs)
	if len(sts) != len(recs) {
		t.Fatalf("%d statements for %d attempts", len(sts), len(recs))
	}
	ids := map[string]bool{}
	for i, st := range sts {
		r := recs[i]
		for _, p := range xapiProblems(st) {
			t.Errorf("statement %d (%s): %s", i, r.Attempt, p)
		}
		ids[st["id"].(string)] = true
		ctx := st["context"].(map[string]any)
		if ctx["registration"] != r.Attempt || st["id"] == r.Attempt {
			t.Errorf("statement %d: registration %v, id %v, attempt %s", i, ctx["registration"], st["id"], r.Attempt)
		}
		verb := st["verb"].(map[string]any)
		wantVerb := map[bool]string{true: "http://adlnet.gov/expapi/verbs/passed", false: "http://adlnet.gov/expapi/verbs/failed"}[r.Passed]
		if verb["id"] != wantVerb || res(st)["success"] != r.Passed || res(st)["score"].(map[string]any)["raw"] != float64(r.Score) {
			t.Errorf("statement %d: verb %v, result %v; attempt passed %v score %d", i, verb["id"], res(st), r.Passed, r.Score)
		}
		if d, _ := isoSeconds(res(st)["duration"].(string)); math.Abs(d-r.DurationS) > 0.005 {
			t.Errorf("statement %d: duration %v, want %v s", i, res(st)["duration"], r.DurationS)
		}
		if ts, _ := time.Parse(time.RFC3339Nano, st["timestamp"].(string)); !ts.Equal(r.Ended) {
			t.Errorf("statement %d: timestamp %v, want the end %v", i, st["timestamp"], r.Ended)
		}
		if _, has := ctx["instructor"]; has != (r.Trainer != "") {
			t.Errorf("statement %d: instructor %v for trainer %q", i, ctx["instructor"], r.Trainer)
		}
	}
	if len(ids) != len(recs) {
		t.Errorf("%d distinct ids for %d attempts", len(ids), len(recs))
	}

	// the critical attempt, field by field
	want := `{"account":{"homePage":"urn:posdoctor","name":"张三"},"name":"张三","objectType":"Agent"}`
	if got, _ := json.Marshal(sts[2]["actor"]); string(got) != want {
		t.Errorf("actor %s\nwant %s", got, want)
	}
	obj, _ := json.Marshal(sts[2]["object"])
	if want := `{"definition":{"name":{"en-US":"Unconfirmed reversal","zh-CN":"冲正未确认"},"type":"http://adlnet.gov/expapi/activities/assessment"},"id":"urn:posdoctor:drill:reversal.unconfirmed","objectType":"Activity"}`; string(obj) != want {
		t.Errorf("object %s\nwant %s", obj, want)
	}
	result, _ := json.Marshal(sts[2]["result"])
	if want := `{"completion":true,"duration":"PT1M40S","score":{"max":100,"min":0,"raw":85,"scaled":0.85},"success":false}`; string(result) != want {
		t.Errorf("result %s\nwant %s", result, want)
	}
	ext := sts[2]["context"].(map[string]any)["extensions"].(map[string]any)
	if ext["urn:posdoctor:xapi:mode"] != "assessed" || ext["urn:posdoctor:xapi:drill-version"] != 2.0 || !slices.Equal(toStrings(ext["urn:posdoctor:xapi:critical"]), []string{"redo-sale"}) {
		t.Errorf("extensions %v", ext)
	}
	if d := res(sts[5])["duration"]; d != "PT1H2M5.5S" {
		t.Errorf("3725.5 s is %v", d)
	}

	_, again := writeXAPIFile(t, recs)
	for i := range sts {
		if again[i]["id"] != sts[i]["id"] {
			t.Errorf("statement %d: id %v, then %v: an export sent twice would be taken twice", i, sts[i]["id"], again[i]["id"])
		}
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// TestXAPIValidatorFails: the validator above sees each breakage, so a pass means something.
func TestXAPIValidatorFails(t *testing.T) {
	for name, breakIt := range xapiBreakages {
		_, sts := writeXAPIFile(t, trainingFixture()[2:3])
		breakIt(sts[0])
		if len(xapiProblems(sts[0])) == 0 {
			t.Errorf("%s: not seen", name)
		}
	}
}

func TestXAPIEdges(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXAPI(&buf, nil); err != nil || buf.String() != "[]\n" {
		t.Errorf("no records: %q, %v", buf.String(), err)
	}
	r := trainingFixture()[0]
	r.Attempt, r.Drill, r.Score, r.DurationS, r.Title = "by hand 1", "my drill/é", 130, 0, TrainingTitle{}
	_, sts := writeXAPIFile(t, []TrainingRecord{r})
	for _, p := range xapiProblems(sts[0]) {
		t.Errorf("a hand-made record: %s", p)
	}
	if o := sts[0]["object"].(map[string]any); o["id"] != "urn:posdoctor:drill:my%20drill%2F%C3%A9" {
		t.Errorf("object id %v", o["id"])
	}
	r.Attempt = ""
	if err := WriteXAPI(&buf, []TrainingRecord{r}); !errors.Is(err, ErrTrainingInvalid) {
		t.Errorf("no attempt id: %v", err)
	}
	for secs, want := range map[float64]string{0: "PT0S", 100: "PT1M40S", 59.996: "PT1M", 3600: "PT1H", 0.25: "PT0.25S", -3: "PT0S"} {
		if got := isoDuration(secs); got != want {
			t.Errorf("isoDuration(%v) = %s, want %s", secs, got, want)
		}
	}
}

// xapiPython checks statements the way another program would: Python's json module and its
// own reading of xAPI's rules. It prints a JSON list of problems.
const xapiPython = `
import json, re, sys, datetime
IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^` + "`" + `]+$')
UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
DUR = re.compile(r'^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$')
out = []
with open(sys.argv[1], encoding="utf-8") as f:
    statements = json.load(f)
if not isinstance(statements, list):
    out.append("not an array")
    statements = []
def agent(i, who, a):
    if not isinstance(a, dict):
        out.append(f"{i} {who}: missing"); return
    if a.get("objectType", "Agent") != "Agent":
        out.append(f"{i} {who}: objectType")
    if sum(1 for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in a) != 1:
        out.append(f"{i} {who}: not exactly one identifier")
    acc = a.get("account")
    if acc is not None and not (isinstance(acc, dict) and IRI.match(acc.get("homePage", "")) and acc.get("name")):
        out.append(f"{i} {who}: account")
for i, st in enumerate(statements):
    if not UUID.match(st.get("id", "")): out.append(f"{i} id")
    agent(i, "actor", st.get("actor"))
    verb = st.get("verb", {})
    if not IRI.match(verb.get("id", "")): out.append(f"{i} verb id")
    if not verb.get("display") or not all(isinstance(v, str) and v for v in verb["display"].values()): out.append(f"{i} verb display")
    obj = st.get("object", {})
    if not IRI.match(obj.get("id", "")) or obj.get("objectType", "Activity") != "Activity": out.append(f"{i} object")
    res = st.get("result", {})
    sc = res.get("score", {})
    try:
        scaled, raw, lo, hi = (float(sc[k]) for k in ("scaled", "raw", "min", "max"))
        if not -1 <= scaled <= 1: out.append(f"{i} scaled outside [-1, 1]")
        elif not (lo < hi and lo <= raw <= hi): out.append(f"{i} raw outside min..max")
        elif abs(scaled - (raw - lo) / (hi - lo)) > 1e-9: out.append(f"{i} scaled inconsistent")
    except (KeyError, TypeError, ValueError):
        out.append(f"{i} score incomplete")
    if not isinstance(res.get("success"), bool) or not isinstance(res.get("completion"), bool): out.append(f"{i} success/completion")
    d = res.get("duration", "")
    if not DUR.match(d) or d in ("P", "PT") or d.endswith("T"): out.append(f"{i} duration")
    ctx = st.get("context", {})
    if not UUID.match(ctx.get("registration", "")): out.append(f"{i} registration")
    if "instructor" in ctx: agent(i, "instructor", ctx["instructor"])
    if not all(IRI.match(k) for k in ctx.get("extensions", {})): out.append(f"{i} extension key")
    ts = st.get("timestamp", "")
    if not re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$', ts):
        out.append(f"{i} timestamp")
    else:
        try: datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
        except ValueError: out.append(f"{i} timestamp")
    if not re.match(r'^1\.0\.\d+$', st.get("version", "")): out.append(f"{i} version")
print(json.dumps(out, ensure_ascii=False))
`

// xapiCheckWithPython runs xapiPython on the file at path and returns its problems.
func xapiCheckWithPython(t *testing.T, path string) []string {
	t.Helper()
	const py = "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil && os.Getenv("CI") == "" { // in CI a missing reader is a failure
		t.Skip("no /usr/bin/python3")
	}
	outb, err := exec.Command(py, "-c", xapiPython, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, outb)
	}
	var problems []string
	if err := json.Unmarshal(outb, &problems); err != nil {
		t.Fatalf("%v: %s", err, outb)
	}
	return problems
}

// TestXAPIIndependentReader reopens the export with Python's json module: every statement
// passes its checks, and each breakage is seen by them too.
func TestXAPIIndependentReader(t *testing.T) {
	path, sts := writeXAPIFile(t, trainingFixture())
	if p := xapiCheckWithPython(t, path); len(p) != 0 {
		t.Errorf("python finds %q", p)
	}
	for name, breakIt := range xapiBreakages {
		var one map[string]any
		b, _ := json.Marshal(sts[2])
		json.Unmarshal(b, &one)
		breakIt(one)
		b, _ = json.Marshal([]any{one})
		broken := filepath.Join(t.TempDir(), "broken.json")
		if err := os.WriteFile(broken, b, 0o644); err != nil {
			t.Fatal(err)
		}
		if p := xapiCheckWithPython(t, broken); len(p) == 0 {
			t.Errorf("%s: python does not see it", name)
		}
	}
}
