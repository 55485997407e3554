package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"posdoctor/diagnostics/codebook"
	"posdoctor/drill"
	"posdoctor/locale"
	"posdoctor/pan"
	"posdoctor/reports"
)

// dirFlags collects --dir.
type dirFlags = multiFlag

// loadDrills is the library: built-in drills, the data folder's drills/, then each dir; a
// later drill with the same id replaces an earlier one (a trainer's own version wins).
// Files that do not load are reported on stderr and left out.
func loadDrills(l locale.Lang, dirs []string, stderr io.Writer) ([]*drill.Scenario, error) {
	list, err := drill.Builtin()
	if err != nil {
		if len(list) == 0 {
			return nil, explained(fmt.Errorf("the built-in drills: %w", err), msgDrillNoBuiltin)
		}
		fmt.Fprintln(stderr, "posdoctor drill:", errText(l, explained(fmt.Errorf("left out of the built-in drills: %w", err), msgDrillBuiltinLeftOut)))
	}
	if data, err := reports.DataDir(); err == nil {
		if fi, err := os.Stat(filepath.Join(data, "drills")); err == nil && fi.IsDir() {
			dirs = append([]string{filepath.Join(data, "drills")}, dirs...)
		}
	}
	book, err := codebook.Default()
	if err != nil {
		return nil, explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook)
	}
	for _, d := range dirs {
		more, err := drill.LoadPath(d)
		more = slices.DeleteFunc(more, func(sc *drill.Scenario) bool {
			if errs := drill.Validate(sc, book); len(errs) > 0 {
				fmt.Fprintf(stderr, "posdoctor drill: %s\n%s\n", pan.MaskText(say(l, msgDrillLeftOutInvalid, sc.Source)), drillErrText(l, errs))
				return true
			}
			return false
		})
		if err != nil {
			if len(more) == 0 {
				if _, serr := os.Stat(d); serr != nil {
					return nil, err
				}
			}
			fmt.Fprintln(stderr, "posdoctor drill:", msgDrillLeftOut.In(l), errText(l, err))
		}
		for _, sc := range more {
			if i := indexOf(list, sc.ID); i >= 0 {
				list[i] = sc
			} else {
				list = append(list, sc)
			}
		}
	}
	return list, nil
}

func indexOf(list []*drill.Scenario, id string) int {
	for i, s := range list {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// findDrill is the drill ref names: a scenario file when it is one, else an id of the library.
func findDrill(l locale.Lang, ref string, dirs []string, stderr io.Writer) (*drill.Scenario, error) {
	if fi, err := os.Stat(ref); err == nil && !fi.IsDir() {
		return drill.LoadFile(ref)
	}
	list, err := loadDrills(l, dirs, stderr)
	if err != nil {
		return nil, err
	}
	if sc, ok := drill.Find(list, ref); ok {
		return sc, nil
	}
	return nil, errorOf(msgNoDrill, ref)
}

// drillJSON is a drill as drill list --json prints it (docs/drills.md).
type drillJSON struct {
	ID         string           `json:"id"`
	Version    int              `json:"version"`
	Title      drill.Text       `json:"title"`
	Level      int              `json:"level"`
	Audience   []drill.Audience `json:"audience"`
	Faults     []string         `json:"faults"`
	ParSeconds int              `json:"par_seconds"`
	PassScore  int              `json:"pass_score"`
	Source     string           `json:"source"`
	SHA256     string           `json:"sha256"`
}

func cmdDrillList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill list", drillUsage, stderr)
	asJSON := fs.Bool("json", false, "print the drills as JSON")
	var dirs dirFlags
	fs.Var(&dirs, "dir", "also load the scenario files of `DIR` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	list, err := loadDrills(langOf(ctx), dirs, stderr)
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill list", err)
	}
	if *asJSON {
		out := make([]drillJSON, len(list))
		for i, s := range list {
			out[i] = listedDrill(s)
		}
		if err := writeJSON(stdout, out); err != nil {
			return failErr(stderr, langOf(ctx), "drill list", err)
		}
		return ExitOK
	}
	l := langOf(ctx)
	var rows [][]string
	for _, s := range list {
		aud := make([]string, len(s.Audience))
		for i, a := range s.Audience {
			aud[i] = msgAudTechnician.In(l)
			if a == drill.AudienceCounter {
				aud[i] = msgAudCounter.In(l)
			}
		}
		rows = append(rows, maskAll([]string{s.ID, fmt.Sprintf("L%d", s.Level), strings.Join(aud, listSep(l)), cleanText(s.Title.In(l)), strings.Join(s.Faults, ", ")}))
	}
	writeColumns(stdout, rows)
	fmt.Fprintln(stdout, say(l, msgDrillCount, len(list)))
	return ExitOK
}

// listedDrill is s as drill list --json prints it, its Traditional title filled in. Card
// numbers are masked, as validate and run mask them: the id, title, faults and file name are a
// trainer's text.
func listedDrill(s *drill.Scenario) drillJSON {
	t := s.Title
	t.ZHTW = s.Title.Locale().ZHTW
	title := drill.Text{ZH: pan.MaskText(t.ZH), ZHTW: pan.MaskText(t.ZHTW), EN: pan.MaskText(t.EN)}
	return drillJSON{pan.MaskText(s.ID), s.Version, title, s.Level, s.Audience, maskAll(s.Faults), s.ParSeconds, s.PassScore, pan.MaskText(s.Source), s.SHA256}
}

// maskAll is texts with the card numbers in each masked (a new slice; nil stays nil).
func maskAll(texts []string) []string {
	if texts == nil {
		return nil
	}
	out := make([]string, len(texts))
	for i, t := range texts {
		out[i] = pan.MaskText(t)
	}
	return out
}

func cmdDrillValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(ctx, "drill validate", drillUsage, stderr)
	if err := fs.Parse(args); err != nil {
		return parseExit(err)
	}
	if fs.NArg() == 0 {
		return refuseDrill(stderr, langOf(ctx), "drill validate", msgDrillValidateWhat)
	}
	book, err := codebook.Default()
	if err != nil {
		return failErr(stderr, langOf(ctx), "drill validate", explained(fmt.Errorf("the code book: %w", err), msgDrillNoBook))
	}
	l := langOf(ctx)
	files, bad := 0, 0
	for _, p := range fs.Args() {
		list, err := drill.LoadPath(p)
		if err != nil {
			fmt.Fprintln(stdout, drillErrText(l, err))
			bad += countErrFiles(err) // one line a file that did not load (or the path itself)
			files += countErrFiles(err)
		}
		for _, sc := range list {
			files++
			if errs := drill.Validate(sc, book); len(errs) > 0 {
				fmt.Fprintln(stdout, drillErrText(l, errs))
				bad++
				continue
			}
			fmt.Fprintln(stderr, pan.MaskText(say(l, msgDrillProving, sc.ID)))
			if err := drill.Prove(ctx, sc); err != nil {
				if ctx.Err() != nil {
					return failText(stderr, langOf(ctx), "drill validate", msgErrCanceled)
				}
				fmt.Fprintln(stdout, drillErrText(l, err))
				bad++
				continue
			}
			fmt.Fprintln(stdout, pan.MaskText(say(l, msgDrillValid, sc.Source, sc.ID)))
		}
	}
	if bad > 0 {
		fmt.Fprintln(stdout, say(l, msgDrillInvalid, bad, files))
		return ExitProblem
	}
	if files == 0 {
		fmt.Fprintln(stdout, msgDrillNoFiles.In(l))
		return ExitProblem
	}
	fmt.Fprintln(stdout, say(l, msgDrillAllValid, files))
	return ExitOK
}

// countErrFiles is how many files an error of LoadPath speaks of: one for each error a folder
// joins (a file that did not load, or the folder itself), else one.
func countErrFiles(err error) int {
	if err == nil {
		return 0
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, problems := err.(drill.Errors); !problems { // one file's problems
			return len(j.Unwrap())
		}
	}
	return 1
}

// drillErrText is an error of drill files for a reader of l: each problem on a line of its own,
// with its file, line and field, said in l (drill.ErrorIn); a file that cannot be read is
// named, then why. Card numbers are masked: ids, titles and fault values are a trainer's text.
func drillErrText(l locale.Lang, err error) string {
	return pan.MaskText(drill.ErrorIn(l, err, func(err error) string {
		if l == locale.EN {
			return err.Error()
		}
		var pe *fs.PathError
		if errors.As(err, &pe) {
			if s, _ := errParts(l, pe.Err); s != msgFailed.In(l) {
				return pe.Path + ": " + s
			}
		}
		return errText(l, err)
	}))
}
