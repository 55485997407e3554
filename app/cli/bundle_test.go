package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posdoctor/reports"
)

// export from one store, import into another: incidents --json is the same; a second import
// changes nothing and says so; a month's bundle carries that month's visits only.
func TestExportImportRoundTrip(t *testing.T) {
	src, _ := seedIncidents(t)
	dir := t.TempDir()
	dst := filepath.Join(dir, "other.db")
	bundle := filepath.Join(dir, "zhang.pdbundle")

	code, out, errOut := runCLI(t, "export", "-o", bundle, "--db", src)
	if code != ExitOK || !strings.Contains(out, "3 visits, 0 deletions") {
		t.Fatalf("export: exit %d, %q, %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "import", bundle, "--db", dst, "--json")
	if code != ExitOK {
		t.Fatalf("import: exit %d, %q", code, errOut)
	}
	var ans map[string]any
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("import --json: %v\n%s", err, out)
	}
	for k, want := range map[string]float64{"added": 3, "updated": 0, "unchanged": 0, "deleted": 0} {
		if ans[k] != want {
			t.Errorf("import --json %s = %v, want %v", k, ans[k], want)
		}
	}
	_, a, _ := runCLI(t, "incidents", "--json", "--db", src)
	_, b, _ := runCLI(t, "incidents", "--json", "--db", dst)
	if a != b || !strings.Contains(a, "T0000002") {
		t.Errorf("incidents --json differs after the round trip:\n%s\nvs\n%s", a, b)
	}
	if strings.Contains(b, "6222021234567894") {
		t.Error("a full card number crossed over")
	}

	code, out, _ = runCLI(t, "import", bundle, "--db", dst)
	if code != ExitOK || !strings.Contains(out, "nothing new (3 unchanged") {
		t.Errorf("second import: exit %d, %q", code, out)
	}

	march := filepath.Join(dir, "march.pdbundle")
	if code, out, errOut := runCLI(t, "export", "--month", "2026-03", "--branch", "朝阳支行", "-o", march, "--db", src); code != ExitOK ||
		!strings.Contains(out, "1 visits") {
		t.Errorf("export --month --branch: exit %d, %q, %q", code, out, errOut)
	}
}

func TestExportSinceLast(t *testing.T) {
	src, incs := seedIncidents(t)
	dir := t.TempDir()
	code, out, errOut := runCLI(t, "export", "--since-last", "-o", filepath.Join(dir, "w1.pdbundle"), "--db", src)
	if code != ExitOK || !strings.Contains(out, "3 visits") {
		t.Fatalf("first --since-last: exit %d, %q, %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, "export", "--since-last", "-o", filepath.Join(dir, "w2.pdbundle"), "--db", src); code != ExitOK ||
		!strings.Contains(out, "0 visits, 0 deletions") {
		t.Errorf("nothing changed since: exit %d, %q", code, out)
	}
	s, err := reports.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	incs[1].Notes = "回访"
	if err := s.Save(context.Background(), incs[1]); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(context.Background(), incs[0].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, _ := runCLI(t, "export", "--since-last", "-o", filepath.Join(dir, "w3.pdbundle"), "--db", src); code != ExitOK ||
		!strings.Contains(out, "1 visits, 1 deletions") {
		t.Errorf("after an edit and a deletion: exit %d, %q", code, out)
	}
}

func TestImportRefusedFile(t *testing.T) {
	src, _ := seedIncidents(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.pdbundle")
	if code, _, errOut := runCLI(t, "export", "-o", good, "--db", src); code != ExitOK {
		t.Fatal(errOut)
	}
	junk := filepath.Join(dir, "photo.pdbundle")
	os.WriteFile(junk, []byte("\xff\xd8\xff\xe0 not a zip"), 0o600)
	dst := filepath.Join(dir, "dst.db")
	code, out, errOut := runCLI(t, "import", junk, good, "--db", dst, "--json")
	if code != ExitProblem {
		t.Fatalf("a refused file: exit %d, want %d; %s", code, ExitProblem, errOut)
	}
	var ans struct {
		Added   int `json:"added"`
		Refused []struct {
			File, Message string
		} `json:"refused"`
	}
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err, out)
	}
	if ans.Added != 3 || len(ans.Refused) != 1 || ans.Refused[0].File != junk || !strings.Contains(ans.Refused[0].Message, "not a zip") {
		t.Errorf("import --json with one refused file: %s", out)
	}
	// without --json the refusal is on stderr, naming the file
	code, _, errOut = runCLI(t, "import", junk, "--db", dst)
	if code != ExitProblem || !strings.Contains(errOut, junk) || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("refusal: exit %d, %q", code, errOut)
	}
	// in Chinese the refusal says what to do, not only the English details
	_, _, errOut = runCLI(t, "--lang", "zh", "import", junk, "--db", dst)
	if first := strings.SplitN(errOut, "\n", 2)[0]; !strings.Contains(first, "没有从中导入任何内容") || !strings.Contains(first, "重新导出（posdoctor export）") {
		t.Errorf("the Chinese refusal does not say what to do: %q", errOut)
	}
}

func TestExportImportBadArguments(t *testing.T) {
	src, _ := seedIncidents(t)
	dir := t.TempDir()
	exists := filepath.Join(dir, "x.pdbundle")
	os.WriteFile(exists, []byte("keep me"), 0o600)
	for _, args := range [][]string{
		{"export", "--db", src},
		{"export", "--month", "2026-3", "-o", filepath.Join(dir, "a.pdbundle"), "--db", src},
		{"export", "--month", "2026-03", "--since-last", "-o", filepath.Join(dir, "b.pdbundle"), "--db", src},
		{"export", "-o", exists, "--db", src},
		{"export", "-o", filepath.Join(dir, "c.pdbundle"), "--db", filepath.Join(dir, "none.db")},
		{"import", "--db", src},
	} {
		if code, _, errOut := runCLI(t, args...); code != ExitFailed || errOut == "" {
			t.Errorf("%v: exit %d, %q; want %d and a message", args, code, errOut, ExitFailed)
		}
	}
	if b, _ := os.ReadFile(exists); string(b) != "keep me" {
		t.Error("export replaced an existing file without --force")
	}
}

// A file or folder that is not there is said with its path and what to do about it (a user
// trial: import nope.pdbundle advised asking the sender for a new export; export -o
// /nonexistent/dir/z.pdbundle said only 文件或文件夹不存在; report monthly -o nosuchdir/ tried to
// write nosuchdir/.xlsx).
func TestMissingPathsNamed(t *testing.T) {
	db, incs := seedIncidents(t)
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.pdbundle")
	noDir := filepath.Join(dir, "nonexistent", "dir")
	for _, c := range []struct {
		lang string
		want []string
		not  []string
	}{
		{"zh", []string{"数据包 " + missing + " 不存在", "请检查文件名"}, []string{"重新导出"}},
		{"zh_TW", []string{"資料包 " + missing + " 不存在", "請檢查檔名"}, []string{"重新匯出"}},
		{"en", []string{missing, "check the file name"}, []string{"export it again"}},
	} {
		code, _, errs := runCLI(t, "--lang", c.lang, "import", missing, "--db", filepath.Join(dir, "in.db"))
		if code != ExitProblem {
			t.Errorf("%s: import of a missing file: exit %d", c.lang, code)
		}
		first := strings.SplitN(errs, "\n", 2)[0]
		for _, w := range c.want {
			if !strings.Contains(first, w) {
				t.Errorf("%s: import of a missing file says %q, want %q", c.lang, first, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(first, w) {
				t.Errorf("%s: import of a missing file advises %q: %q", c.lang, w, first)
			}
		}
	}
	if _, _, errs := runCLI(t, "--lang", "zh", "import", dir, "--db", filepath.Join(dir, "in.db")); !strings.Contains(errs, dir+" 不是文件（是文件夹或设备）") {
		t.Errorf("import of a folder: %q", errs)
	}

	out := filepath.Join(noDir, "z.pdbundle")
	for lang, want := range map[string]string{
		"zh":    "无法写入 " + out + "：文件夹 " + noDir + " 不存在 — 请先创建它",
		"zh_TW": "無法寫入 " + out + "：資料夾 " + noDir + " 不存在 — 請先建立它",
		"en":    "cannot write " + out + ": the folder " + noDir + " does not exist — create it first",
	} {
		if code, _, errs := runCLI(t, "--lang", lang, "export", "--db", db, "-o", out); code != ExitFailed || !strings.Contains(errs, want) {
			t.Errorf("%s: export into a missing folder: exit %d, %q, want %q", lang, code, errs, want)
		}
	}
	// -o FOLDER: export refuses with a name to give (not "exists — add --force")
	code, _, errs := runCLI(t, "--lang", "zh", "export", "--db", db, "--month", "2026-03", "-o", dir)
	if code != ExitFailed || !strings.Contains(errs, dir+" 是文件夹") || !strings.Contains(errs, filepath.Join(dir, "visits-2026-03.pdbundle")) || strings.Contains(errs, "--force") {
		t.Errorf("export -o FOLDER: exit %d, %q", code, errs)
	}

	// -o FOLDER/ that does not exist: the usual name in it, and the missing folder said
	gone := filepath.Join(dir, "nosuchdir") + string(filepath.Separator)
	code, _, errs = runCLI(t, "--lang", "zh", "report", "monthly", "--month", "2026-03", "--db", db, "-o", gone)
	if want := "无法写入 " + filepath.Join(gone, "monthly-all-2026-03.xlsx") + "：文件夹 " + filepath.Clean(gone) + " 不存在"; code != ExitFailed || !strings.Contains(errs, want) {
		t.Errorf("report monthly -o nosuchdir/: exit %d, %q, want %q", code, errs, want)
	}
	code, _, errs = runCLI(t, "--lang", "zh", "report", "incident", incs[0].ID[:8], "--db", db, "-o", gone)
	if code != ExitFailed || !strings.Contains(errs, filepath.Join(gone, reports.ReportFileName(incs[0]))) || strings.Contains(errs, "/.xlsx") {
		t.Errorf("report incident -o nosuchdir/: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "nosuchdir")); err == nil {
		t.Error("a folder was created")
	}
	// an existing FOLDER/ gets the usual name in it
	have := t.TempDir() + string(filepath.Separator)
	if code, _, errs := runCLI(t, "report", "monthly", "--month", "2026-03", "--db", db, "-o", have); code != ExitOK {
		t.Errorf("report monthly -o FOLDER/: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(have, "monthly-all-2026-03.xlsx")); err != nil {
		t.Error(err)
	}
}

// otherProgramBundle writes a bundle of the NDJSON lines as another program would (docs/bundle.md):
// archive/zip, a manifest with the entry's sha256.
func otherProgramBundle(t *testing.T, path string, lines ...string) {
	t.Helper()
	body := strings.Join(lines, "\n") + "\n"
	sum := sha256.Sum256([]byte(body))
	manifest, _ := json.Marshal(map[string]any{
		"format": "posdoctor-bundle", "version": 1, "exported": "2026-04-01T09:00:00+08:00",
		"device": "0f8fad5b-d9cb-469f-a165-70867728950e", "incidents": len(lines),
		"files": map[string]string{"incidents.ndjson": hex.EncodeToString(sum[:])},
	})
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, b := range map[string][]byte{"manifest.json": manifest, "incidents.ndjson": []byte(body)} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A bundle whose visit was closed before the fault was reported is refused, naming the visit
// and both times in the reader's language, and the month never shows a negative time (a user
// trial: it imported, and report monthly said 恢复时长：中位 -273.00 小时).
func TestImportImpossibleTimes(t *testing.T) {
	dir := t.TempDir()
	const id = "3f2b8e4c-1a6d-4c9e-b7f0-5d2e8a9c1b3f"
	bad := filepath.Join(dir, "bad.pdbundle")
	otherProgramBundle(t, bad, `{"id":"`+id+`","opened":"2026-03-02T09:15:00+08:00","updated":"2026-03-02T11:00:00+08:00",`+
		`"category":"printer","resolution":"fixed-on-site","closed":"2026-03-02T10:00:00+08:00","reported":"2026-03-13T19:00:00+08:00"}`)
	db := filepath.Join(dir, "in.db")
	for lang, want := range map[string][]string{
		"zh":    {"数据包 " + bad + " incidents.ndjson 第 1 行：上门 " + id + " 的结案时间 closed（2026-03-02T10:00:00+08:00）早于报修时间 reported（2026-03-13T19:00:00+08:00）", "请发送人改正这次上门的时间"},
		"zh_TW": {"到場 " + id + " 的結案時間 closed（2026-03-02T10:00:00+08:00）早於報修時間 reported（2026-03-13T19:00:00+08:00）", "請寄件人改正這次到場的時間"},
		"en":    {id + ` is "closed" 2026-03-02T10:00:00+08:00, before its "reported" 2026-03-13T19:00:00+08:00`, "correct that visit's times"},
	} {
		code, _, errs := runCLI(t, "--lang", lang, "import", bad, "--db", db)
		first := strings.SplitN(errs, "\n", 2)[0]
		if code != ExitProblem {
			t.Errorf("%s: exit %d", lang, code)
		}
		for _, w := range want {
			if !strings.Contains(first, w) {
				t.Errorf("%s: the refusal %q lacks %q", lang, first, w)
			}
		}
	}
	_, out, _ := runCLI(t, "report", "monthly", "--month", "2026-03", "--db", db, "--json")
	if strings.Contains(out, `"median": -`) || !strings.Contains(out, `"incidents": 0`) {
		t.Errorf("the month after a refused bundle:\n%s", out)
	}
}

// export -o names the bundle as the app's import lists it: a name without an extension gets
// .pdbundle (a user trial's `-o z` wrote a file the import dialog never showed), a name with
// another extension is refused in the reader's language and nothing is written.
func TestExportBundleName(t *testing.T) {
	src, _ := seedIncidents(t)
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "export", "--db", src, "-o", filepath.Join(dir, "z")); code != ExitOK {
		t.Fatalf("export -o z: exit %d %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "z.pdbundle")); err != nil {
		t.Errorf("export -o z did not write z.pdbundle: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "z")); err == nil {
		t.Error("export -o z wrote z")
	}
	if code, _, errs := runCLI(t, "export", "--db", src, "-o", filepath.Join(dir, "Y.PDBUNDLE")); code != ExitOK {
		t.Errorf("export -o Y.PDBUNDLE: exit %d %s", code, errs)
	}
	zip := filepath.Join(dir, "visits.zip")
	for lang, want := range map[string]string{"zh": "以 .pdbundle 结尾", "zh_TW": "以 .pdbundle 結尾", "en": "ends in .pdbundle"} {
		code, _, errs := runCLI(t, "--lang", lang, "export", "--db", src, "-o", zip)
		if code != ExitFailed || !strings.Contains(errs, want) || !strings.Contains(errs, zip) {
			t.Errorf("%s: export -o visits.zip: exit %d %q, want %q", lang, code, errs, want)
		}
	}
	if _, err := os.Stat(zip); err == nil {
		t.Error("a refused name was written")
	}
}
