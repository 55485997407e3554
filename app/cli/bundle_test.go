package cli

import (
	"context"
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
