package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Monthly computes the figures of month ("YYYY-MM", a calendar month in local time) for branch
// ("" for every branch). It reads only the visits the definitions need (docs/monthly.md):
// whole rows for the 90 days that end with the month and the 30 days before it, the opening,
// closing and category for the rest of the 12-month trend, and older visits still open at the
// month's end. Every query is a range over incidents(opened) or incidents(branch, opened).
// Code titles are empty: ExplainCodes fills them.
func (s *Store) Monthly(ctx context.Context, month, branch string) (*MonthReport, error) {
	branch = CleanBranch(branch)
	visits, err := s.monthVisits(ctx, month, branch)
	if err != nil {
		return nil, err
	}
	return ComputeMonth(visits, month, branch, s.loc, s.now())
}

// MonthlyDetail is Monthly with what the workbook shows besides the figures (MonthDetails).
func (s *Store) MonthlyDetail(ctx context.Context, month, branch string) (*MonthReport, *MonthDetail, error) {
	branch = CleanBranch(branch)
	visits, err := s.monthVisits(ctx, month, branch)
	if err != nil {
		return nil, nil, err
	}
	r, err := ComputeMonth(visits, month, branch, s.loc, s.now())
	if err != nil {
		return nil, nil, err
	}
	d, err := MonthDetails(visits, month, branch, s.loc)
	return r, d, err
}

// monthVisits reads the visits ComputeMonth needs for month and branch.
func (s *Store) monthVisits(ctx context.Context, month, branch string) ([]MonthVisit, error) {
	branch = CleanBranch(branch)
	start, end, err := MonthSpan(month, s.loc)
	if err != nil {
		return nil, err
	}
	w := windowsOf(start, end)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	defer tx.Rollback()
	reported := s.reportedColumn() // '' before schema 3: the opening counts

	var visits []MonthVisit
	where := func(cond string) string {
		if branch != "" {
			return " WHERE i.branch = ? AND " + cond + s.live("i")
		}
		return " WHERE " + cond + s.live("i")
	}
	args := func(a ...any) []any {
		if branch != "" {
			return append([]any{branch}, a...)
		}
		return a
	}
	// whole rows: the month, its repeats' look-back, the bad actors' 90 days
	from := w.loadFrom()
	q := `SELECT i.id, i.opened, i.closed, ` + reported + `, i.branch, i.tid, i.mid, i.merchant, i.model,
	i.technician, i.category, i.resolution,
	` + s.codeList("i", false) + `
FROM incidents i` + where("i.opened >= ? AND i.opened < ?")
	err = eachRow(ctx, tx, q, args(fmtTime(from), fmtTime(end)), func(rows *sql.Rows) error {
		var v MonthVisit
		var opened, closed, rep, category, resolution, codes string
		if err := rows.Scan(&v.ID, &opened, &closed, &rep, &v.Branch, &v.TID, &v.MID, &v.Merchant, &v.Model,
			&v.Technician, &category, &resolution, &codes); err != nil {
			return err
		}
		if err := s.scanMonthVisit(&v, opened, closed, rep, category, resolution); err != nil {
			return err
		}
		v.Codes = distinctCodes(codes)
		visits = append(visits, v)
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("read the month", err)
	}
	// the rest of the trend: opening, closing (backlog) and category
	light := func(cond string, a ...any) error {
		q := `SELECT i.opened, i.closed, i.category FROM incidents i` + where(cond)
		return eachRow(ctx, tx, q, args(a...), func(rows *sql.Rows) error {
			v := MonthVisit{Branch: branch}
			var opened, closed, category string
			if err := rows.Scan(&opened, &closed, &category); err != nil {
				return err
			}
			if err := s.scanMonthVisit(&v, opened, closed, "", category, ResolutionOpen.String()); err != nil {
				return err
			}
			visits = append(visits, v)
			return nil
		})
	}
	if w.trendFrom.Before(from) {
		if err := light("i.opened >= ? AND i.opened < ?", fmtTime(w.trendFrom), fmtTime(from)); err != nil {
			return nil, s.wrapErr("read the trend", err)
		}
		from = w.trendFrom
	}
	// the backlog before that: still open at the month's end
	if err := light("i.opened < ? AND (i.closed = '' OR i.closed >= ?)", fmtTime(from), fmtTime(end)); err != nil {
		return nil, s.wrapErr("read the backlog", err)
	}
	return visits, nil
}

// scanMonthVisit fills v from the text columns of a monthly query.
func (s *Store) scanMonthVisit(v *MonthVisit, opened, closed, reported, category, resolution string) error {
	bad := func(what string, err error) error {
		return fmt.Errorf("%w: incident %s: stored %s unreadable: %v", ErrDamaged, v.ID, what, err)
	}
	var err error
	if v.Opened, err = s.parseTime(opened); err != nil {
		return bad("opening time", err)
	}
	if v.Closed, err = s.parseTime(closed); err != nil {
		return bad("closing time", err)
	}
	if v.Reported, err = s.parseTime(reported); err != nil {
		return bad("reporting time", err)
	}
	if v.Category, err = ParseCategory(category); err != nil {
		return bad("category", err)
	}
	if v.Resolution, err = ParseResolution(resolution); err != nil {
		return bad("resolution", err)
	}
	return nil
}

// distinctCodes splits group_concat's list, keeping the first of each code.
func distinctCodes(list string) []string {
	if list == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range strings.Split(list, "\x1f") {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}
