package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"posdoctor/locale"
	"posdoctor/reports"
)

func init() {
	register("export", command{cmdExport, "export [--month YYYY-MM | --since-last] [--branch NAME] -o FILE.pdbundle [--force] [--db PATH]   write visits to a bundle for the branch manager"})
	register("import", command{cmdImport, "import FILE... [--json] [--db PATH]   merge bundles from other laptops into the incident store"})
	addSentences(map[string]msg{"exportDir": msgExportDir, "notBundleName": msgNotBundleName})
}

var msgNotBundleName = msg{ZH: "%s：数据包的文件名以 .pdbundle 结尾（应用的导入只列出这种文件）", ZHTW: "%s：資料包的檔名以 .pdbundle 結尾（應用程式的匯入只列出這種檔案）", EN: "%s: a bundle's name ends in .pdbundle (the app's import lists only those)"}

var msgExportDir = msg{ZH: "%s 是文件夹：请用 -o 给出数据包的文件名，例如 -o %s", ZHTW: "%s 是資料夾：請用 -o 給出資料包的檔名，例如 -o %s", EN: "%s is a folder: give the bundle's file name with -o, e.g. -o %s"}

const exportUsage = `usage: posdoctor export [--month YYYY-MM | --since-last] [--branch NAME] -o FILE.pdbundle
                        [--force] [--db PATH]

Writes the recorded visits, and the visits deleted here, to a bundle file (docs/bundle.md)
that 'posdoctor import' merges into another laptop's store. --month takes the visits opened in
that month (local time), --branch one branch's; --since-last only what changed since the last
--since-last export from this laptop (with the same --branch), so a weekly bundle stays small.
An existing file is kept unless --force.

Exit status: 0 written (an empty bundle too), 2 bad arguments, the store cannot be read, the
file exists or cannot be written.
`

const importUsage = `usage: posdoctor import FILE... [--json] [--db PATH]

Merges bundles written by 'posdoctor export' (or by another program, docs/bundle.md) into the
incident store, each file in one transaction: a file is taken whole or not at all. A visit new
here is added, a later version replaces an earlier one, a deletion removes a visit last changed
before it; importing a file twice changes nothing. A bundle that breaks the format's rules is
refused with what is wrong (file, line) and what to do. --json prints
{"added":N,"updated":N,"unchanged":N,"deleted":N,"refused":[...],"files":[...]}.

Exit status: 0 every file imported, 1 a file was refused (the others were imported), 2 bad
arguments or the store cannot be opened.
`

func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "export", exportUsage, stderr)
	month := fs.String("month", "", "only visits opened in `YYYY-MM` (local time)")
	sinceLast := fs.Bool("since-last", false, "only what changed since the last --since-last export from this laptop")
	branch := fs.String("branch", "", "only this branch")
	out := fs.String("o", "", "the bundle `FILE` to write (.pdbundle)")
	force := fs.Bool("force", false, "replace the file if it exists")
	db := fs.String("db", "", dbFlagHelp)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	switch {
	case len(pos) > 0:
		return failText(stderr, l, "export", msgExportExtra, pos[0])
	case *out == "":
		return failText(stderr, l, "export", msgExportNeedsOut)
	case *month != "" && *sinceLast:
		return failText(stderr, l, "export", msgExportOneOf)
	}
	if *month != "" {
		if _, err := time.Parse("2006-01", *month); err != nil {
			return failText(stderr, l, "export", msgMonthFormat, *month, "2026-03")
		}
	}
	if fi, err := os.Stat(*out); err == nil && fi.IsDir() || namesFolder(*out) {
		// not "exists — add --force": --force cannot replace a folder, and a bundle has no usual name
		example := "visits-" + time.Now().Format("2006-01") + ".pdbundle"
		if *month != "" {
			example = "visits-" + *month + ".pdbundle"
		}
		return failText(stderr, l, "export", msgExportDir, *out, filepath.Join(*out, example))
	}
	// the app's import dialog lists only .pdbundle files: a name without an extension gets it,
	// a name with another is refused
	switch ext := filepath.Ext(*out); {
	case ext == "":
		*out += ".pdbundle"
	case !strings.EqualFold(ext, ".pdbundle"):
		return failText(stderr, l, "export", msgNotBundleName, *out)
	}
	// read-only, unless the high-water mark must be recorded, or the store is so old that it
	// has no device id yet (a read-write open gives it one)
	var s *reports.Store
	if *sinceLast {
		s, err = openIncidentStore(*db)
	} else {
		s, err = openStoreForReading(l, *db, stderr)
		if err == nil {
			if _, derr := s.Device(ctx); errors.Is(derr, reports.ErrNoDevice) {
				s.Close()
				s, err = openIncidentStore(*db)
			}
		}
	}
	if err != nil {
		return failErr(stderr, l, "export", err)
	}
	defer s.Close()
	sel := reports.BundleSelect{Month: *month, Branch: *branch, SinceLast: *sinceLast}
	ex, err := s.ExportBundleFile(ctx, *out, *force, sel)
	if err != nil {
		return failWrite(stderr, l, "export", *out, err)
	}
	if *sinceLast {
		if err := s.SetExportMark(ctx, *branch, ex.Mark); err != nil {
			return failErr(stderr, l, "export", errorOf(msgExportNoMark, *out, err))
		}
	}
	fmt.Fprintln(stdout, say(l, msgWroteBundle, *out, ex.Manifest.Incidents, ex.Manifest.Deleted))
	return ExitOK
}

// importFile is one file's line of import --json.
type importFile struct {
	File string `json:"file"`
	reports.Imported
	Error string `json:"error,omitempty"`
}

// importRefusal says why a file was refused.
type importRefusal struct {
	File    string `json:"file"`
	Entry   string `json:"entry,omitempty"` // the zip entry at fault
	Line    int    `json:"line,omitempty"`  // its line, when one line is at fault
	Message string `json:"message"`
}

// importAnswer is what import --json prints.
type importAnswer struct {
	reports.Imported
	Refused []importRefusal `json:"refused"`
	Files   []importFile    `json:"files"`
}

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	l := langOf(ctx)
	fs := newFlagSet(ctx, "import", importUsage, stderr)
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	db := fs.String("db", "", dbFlagHelp)
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return parseExit(err)
	}
	if len(files) == 0 {
		return failText(stderr, l, "import", msgImportNeedsFile)
	}
	s, err := openIncidentStore(*db)
	if err != nil {
		return failErr(stderr, l, "import", err)
	}
	defer s.Close()
	ans := importAnswer{Refused: []importRefusal{}, Files: []importFile{}}
	for _, f := range files {
		if ctx.Err() != nil {
			failText(stderr, l, "import", msgImportStopped, f)
			break
		}
		res, err := s.ImportBundleFile(ctx, f, nil)
		line := importFile{File: f, Imported: res}
		if err != nil {
			r := importRefusal{File: f, Message: err.Error()}
			var be *reports.BundleError
			if errors.As(err, &be) {
				r.Entry, r.Line = be.Entry, be.Line
			} else if ctx.Err() != nil {
				err = errorOf(msgImportCut, f)
				r.Message = err.Error()
			}
			line.Error = r.Message // JSON: the English, as docs/bundle.md shows it
			ans.Refused = append(ans.Refused, r)
			if !*asJSON {
				failErr(stderr, l, "import", err)
			}
		} else {
			ans.Added += res.Added
			ans.Updated += res.Updated
			ans.Unchanged += res.Unchanged
			ans.Deleted += res.Deleted
			if !*asJSON {
				fmt.Fprintf(stdout, "%s: %s\n", f, countsText(l, res))
			}
		}
		ans.Files = append(ans.Files, line)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(ans)
	} else if len(files) > 1 {
		fmt.Fprintln(stdout, say(l, msgImportTotal, countsText(l, ans.Imported), len(ans.Refused)))
	}
	if len(ans.Refused) > 0 {
		return ExitProblem
	}
	return ExitOK
}

// countsText says what an import did; a bundle already imported says so.
func countsText(l locale.Lang, r reports.Imported) string {
	if r.Added+r.Updated+r.Deleted == 0 && r.Unchanged > 0 {
		return say(l, msgNothingNew, r.Unchanged)
	}
	return say(l, msgImportCounts, r.Added, r.Updated, r.Unchanged, r.Deleted)
}
