package app

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"posdoctor/app/visit"
	"posdoctor/reports"
)

// The Reports screen's files: bundles imported (chosen or dropped on the window) and the
// month's workbook exported.

// bundleExt is the file extension of incident bundles (docs/bundle.md).
const bundleExt = ".pdbundle"

// importDialog asks for a bundle to import.
func (s *ReportsScreen) importDialog() {
	if s.win == nil {
		return
	}
	askOpenPath(s.win, []string{bundleExt}, func(path string) { s.ImportFiles([]string{path}) })
}

// DropBundles imports the bundle files among dropped URIs (files dropped on the window) and
// reports whether there was one. UI goroutine.
func (s *ReportsScreen) DropBundles(uris []fyne.URI) bool {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" && strings.EqualFold(u.Extension(), bundleExt) {
			paths = append(paths, localPath(u))
		}
	}
	if len(paths) == 0 {
		return false
	}
	s.ImportFiles(paths)
	return true
}

// ImportFiles imports bundles one after another in the background (each whole or not at all),
// then lists the branches again and shows the month again. UI goroutine.
func (s *ReportsScreen) ImportFiles(paths []string) {
	if s.local == nil || len(paths) == 0 {
		return
	}
	if s.Busy() {
		s.Status.SetText(lang.L("Wait for the current work to finish, or cancel it."))
		return
	}
	st := s.local // bundles go into this laptop's store, whichever the figures come from
	s.run(lang.L("Importing {{.N}} bundles…", map[string]any{"N": len(paths)}), func(ctx context.Context, progress func(float64)) func() {
		var sum reports.Imported
		var failed []string
		n := float64(len(paths))
		for i, path := range paths {
			got, err := st.ImportBundleFile(ctx, path, func(done, total int) {
				if total > 0 {
					progress((float64(i) + float64(done)/float64(total)) / n)
				}
			})
			if err != nil && ctx.Err() != nil {
				return func() { s.Status.SetText(lang.L("Import cancelled: nothing more was imported.")) }
			}
			if err != nil {
				failed = append(failed, errorText(err)) // what to do in the UI's language, the file and line in the details
				continue
			}
			sum.Added, sum.Updated, sum.Unchanged, sum.Deleted = sum.Added+got.Added, sum.Updated+got.Updated, sum.Unchanged+got.Unchanged, sum.Deleted+got.Deleted
		}
		return func() {
			msg := lang.L("Imported: {{.Added}} added, {{.Updated}} updated, {{.Unchanged}} unchanged, {{.Deleted}} deleted.",
				map[string]any{"Added": sum.Added, "Updated": sum.Updated, "Unchanged": sum.Unchanged, "Deleted": sum.Deleted})
			if sum.Added+sum.Updated+sum.Deleted == 0 && len(failed) == 0 {
				msg = lang.L("Nothing new: every visit in the bundle was already here.")
			}
			if len(failed) > 0 {
				msg += "\n" + lang.L("Refused: {{.Errors}}", map[string]any{"Errors": strings.Join(failed, "\n")})
			}
			s.refreshBranches()
			if sum.Added+sum.Updated+sum.Deleted > 0 && s.OnImported != nil {
				s.OnImported()
			}
			s.reloadAfter = true // run's end loads the month once this returns
			s.Status.SetText(msg)
		}
	})
}

// exportDialog asks where to write the month's workbook.
func (s *ReportsScreen) exportDialog() {
	if s.win == nil || s.report == nil {
		return
	}
	askSavePath(s.win, reports.MonthlyFileName(s.report.Month, s.report.Branch), s.ExportTo)
}

// ExportTo writes the month shown to path in the background: its figures again with what
// the workbook shows besides them (every visit, last month, the bundles taken in), then the
// workbook (reports.ExportMonthlyExcel), replacing a file there (the save dialog asked).
// UI goroutine.
func (s *ReportsScreen) ExportTo(path string) {
	if s.report == nil || s.Busy() {
		return
	}
	st, explain, month, branch := s.store, s.explain, s.report.Month, s.report.Branch
	chinese := visit.WorkbookChinese(s.ui())
	s.run(lang.L("Writing {{.File}}…", map[string]any{"File": filepath.Base(path)}), func(ctx context.Context, progress func(float64)) func() {
		err := writeWorkbook(ctx, st, path, month, branch, explain, chinese, progress)
		return func() {
			if err != nil {
				s.Status.SetText(failure(err, lang.L("Export failed: {{.Err}}", map[string]any{"Err": err.Error()})))
				return
			}
			s.Status.SetText(lang.L("Exported {{.File}}", map[string]any{"File": path}))
		}
	})
}

// writeWorkbook gathers the month's workbook from st and writes it to path, its Chinese
// through chinese (reports.MonthlyOptions.Traditional; nil: Simplified). Any goroutine.
func writeWorkbook(ctx context.Context, st *reports.Store, path, month, branch string, explain reports.Explainer, chinese func(string) string, progress func(float64)) error {
	rep, detail, err := st.MonthlyDetail(ctx, month, branch)
	if err != nil {
		return err
	}
	progress(0.3)
	opts := reports.MonthlyOptions{Detail: detail, Explainer: explain, Overwrite: true, Traditional: chinese}
	start, _, err := reports.MonthSpan(month, time.Local)
	if err != nil {
		return err
	}
	if opts.Previous, err = st.Monthly(ctx, start.AddDate(0, -1, 0).Format("2006-01"), branch); err != nil {
		return err
	}
	if opts.Sources, err = st.BundleSources(ctx); err != nil {
		return err
	}
	opts.Device, _ = st.Device(ctx) // not known yet on a store that never exported: left out
	rep.ExplainCodes(explain)
	opts.Previous.ExplainCodes(explain)
	progress(0.5)
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := reports.ExportMonthlyExcel(path, rep, opts); err != nil {
		return err
	}
	progress(1)
	return nil
}
