package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"posdoctor/diagnostics"
)

// Filter selects incidents for List; empty fields match everything, set fields all apply.
type Filter struct {
	Month      string     // "2026-03": opened in that calendar month, local time
	From, To   time.Time  // opened at or after From, before To (either may be zero)
	TID        string     // terminal id
	Branch     string     // branch, exactly
	Code       string     // a code seen or found in any run ("03", "PAPER-LOW"), exactly as stored
	Codes      []string   // any of these codes, seen or found, exactly as stored (with Code: both)
	Categories []Category // any of these
	Open       bool       // only visits not yet resolved
	Limit      int        // at most this many, newest first (0: all)
}

// Summary is one line of the incident list: what `posdoctor incidents --json` prints, and what
// the monthly report sums.
type Summary struct {
	ID           string     `json:"id"`
	Opened       time.Time  `json:"opened"`
	Closed       *time.Time `json:"closed"` // null while open
	Updated      time.Time  `json:"updated"`
	Technician   string     `json:"technician"`
	Branch       string     `json:"branch"`
	Site         string     `json:"site"`
	Merchant     string     `json:"merchant"`
	MID          string     `json:"mid"`
	TID          string     `json:"tid"`
	Model        string     `json:"model"`
	Serial       string     `json:"serial"`
	Symptom      string     `json:"symptom"`
	Category     Category   `json:"category"`
	Resolution   Resolution `json:"resolution"`
	Codes        []string   `json:"codes"`   // seen and found, distinct, sorted
	Runs         int        `json:"runs"`    // checklist runs recorded
	Verdict      string     `json:"verdict"` // of the visit: over the latest result of every step; "" when no run
	Transactions int        `json:"transactions"`
	Flagged      int        `json:"flagged"` // transactions flagged (reversal, duplicate, failed)
}

// List returns the incidents matching f, newest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Summary, error) {
	var where []string
	var args []any
	if f.Month != "" {
		start, err := time.ParseInLocation("2006-01", f.Month, s.loc)
		if err != nil {
			return nil, fmt.Errorf("%w: month %q is not YYYY-MM", ErrInvalid, f.Month)
		}
		where = append(where, "i.opened >= ? AND i.opened < ?")
		args = append(args, fmtTime(start), fmtTime(start.AddDate(0, 1, 0)))
	}
	if !f.From.IsZero() {
		where = append(where, "i.opened >= ?")
		args = append(args, fmtTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "i.opened < ?")
		args = append(args, fmtTime(f.To))
	}
	if f.TID != "" {
		where = append(where, "i.tid = ?")
		args = append(args, f.TID)
	}
	if f.Branch != "" {
		where = append(where, "i.branch = ?")
		args = append(args, CleanBranch(f.Branch))
	}
	if f.Code != "" {
		where = append(where, "EXISTS (SELECT 1 FROM incident_codes c WHERE c.incident_id = i.id AND c.code = ?)")
		args = append(args, f.Code)
	}
	if len(f.Codes) > 0 {
		q := make([]string, len(f.Codes))
		for i, c := range f.Codes {
			q[i] = "?"
			args = append(args, c)
		}
		where = append(where, "EXISTS (SELECT 1 FROM incident_codes c WHERE c.incident_id = i.id AND c.code IN ("+strings.Join(q, ",")+"))")
	}
	if len(f.Categories) > 0 {
		q := make([]string, len(f.Categories))
		for i, c := range f.Categories {
			q[i] = "?"
			args = append(args, c.String())
		}
		where = append(where, "i.category IN ("+strings.Join(q, ",")+")")
	}
	if f.Open {
		where = append(where, "i.resolution = ?")
		args = append(args, ResolutionOpen.String())
	}
	if live := s.live("i"); live != "" {
		where = append(where, "TRUE"+live)
	}
	counts := s.codeList("i", true) + `,
	(SELECT COUNT(*) FROM runs r WHERE r.incident_id = i.id),
	` + s.verdictColumn() + `,
	(SELECT COUNT(*) FROM journal j WHERE j.incident_id = i.id),
	(SELECT COUNT(*) FROM journal j WHERE j.incident_id = i.id AND j.flag > 0)`
	query := func(counts string) ([]Summary, error) {
		q := `SELECT i.id, i.opened, i.closed, i.updated, i.technician, i.branch, i.site, i.merchant,
	i.mid, i.tid, i.model, i.serial, i.symptom, i.category, i.resolution, ` + counts + `
FROM incidents i`
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		q += " ORDER BY i.opened DESC, i.id"
		if f.Limit > 0 {
			q += fmt.Sprintf(" LIMIT %d", f.Limit)
		}
		out := []Summary{}
		err := eachRow(ctx, s.db, q, args, func(rows *sql.Rows) error {
			m, err := s.scanSummary(rows)
			out = append(out, m)
			return err
		})
		return out, err
	}
	out, err := query(counts)
	if err != nil && s.damage != "" {
		// a damaged store: the visits themselves may still be readable when the tables the
		// counts come from (codes, runs, journal) are not; list them without the counts
		out, err = query(`'', 0, '', 0, 0`)
	}
	if err != nil {
		return nil, s.wrapErr("list", err)
	}
	return out, nil
}

// Codes lists the codes the store's visits hold, seen or found, each once as stored (sorted):
// what a filter by code can name (incidents --code compares them with what was typed).
func (s *Store) Codes(ctx context.Context) ([]string, error) {
	out := []string{}
	err := eachRow(ctx, s.db, `SELECT DISTINCT code FROM incident_codes ORDER BY code`, nil, func(rows *sql.Rows) error {
		var c string
		err := rows.Scan(&c)
		out = append(out, c)
		return err
	})
	if err != nil {
		return nil, s.wrapErr("list codes", err)
	}
	return out, nil
}

// CodeWeight is what one of a visit's codes says about its fault: whether it was seen on site,
// and the worst severity a checklist run found it at (Found false: seen only).
type CodeWeight struct {
	Code     string
	Seen     bool
	Found    bool
	Severity diagnostics.Severity
}

// CodeWeights returns the codes of visit id, each once as Summary.Codes has them (sorted), with
// what each says (CodeWeight): a narrow list of codes can then show the faults first. The
// severities come from the runs' findings as recorded; a run that cannot be read adds none.
func (s *Store) CodeWeights(ctx context.Context, id string) ([]CodeWeight, error) {
	id = strings.ToLower(id)
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	defer tx.Rollback()
	byCode := map[string]*CodeWeight{}
	var out []*CodeWeight
	err = eachRow(ctx, tx, `SELECT run, code FROM incident_codes WHERE incident_id = ? ORDER BY code, run`, []any{id}, func(rows *sql.Rows) error {
		var run int
		var code string
		if err := rows.Scan(&run, &code); err != nil {
			return err
		}
		w := byCode[code]
		if w == nil {
			w = &CodeWeight{Code: code}
			byCode[code] = w
			out = append(out, w)
		}
		if run < 0 {
			w.Seen = true
		} else {
			w.Found = true
		}
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	err = eachRow(ctx, tx, `SELECT report FROM runs WHERE incident_id = ?`, []any{id}, func(rows *sql.Rows) error {
		var report string
		if err := rows.Scan(&report); err != nil {
			return err
		}
		var r struct {
			Steps []struct {
				Findings []struct {
					Code     string `json:"code"`
					Severity string `json:"severity"`
				} `json:"findings"`
			} `json:"steps"`
		}
		if json.Unmarshal([]byte(report), &r) != nil {
			return nil // a damaged run: its codes keep no severity
		}
		for _, st := range r.Steps {
			for _, f := range st.Findings {
				sev, err := diagnostics.ParseSeverity(f.Severity)
				if w := byCode[f.Code]; w != nil && err == nil && sev > w.Severity {
					w.Severity = sev
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	weights := make([]CodeWeight, len(out))
	for i, w := range out {
		weights[i] = *w
	}
	return weights, nil
}

// scanSummary reads one row of List's query.
func (s *Store) scanSummary(rows *sql.Rows) (Summary, error) {
	var m Summary
	var opened, closed, updated, category, resolution, codes string
	err := rows.Scan(&m.ID, &opened, &closed, &updated, &m.Technician, &m.Branch, &m.Site,
		&m.Merchant, &m.MID, &m.TID, &m.Model, &m.Serial, &m.Symptom, &category, &resolution,
		&codes, &m.Runs, &m.Verdict, &m.Transactions, &m.Flagged)
	if err != nil {
		return m, err
	}
	if m.Opened, err = s.parseTime(opened); err != nil {
		return m, err
	}
	if closed != "" {
		t, err := s.parseTime(closed)
		if err != nil {
			return m, err
		}
		m.Closed = &t
	}
	if m.Updated, err = s.parseTime(updated); err != nil {
		return m, err
	}
	if m.Category, err = ParseCategory(category); err != nil {
		return m, err
	}
	if m.Resolution, err = ParseResolution(resolution); err != nil {
		return m, err
	}
	if s.dialect == dialectPostgres {
		// the shared store may hold rows another program wrote: cleaned as they leave
		for _, f := range []*string{&m.Technician, &m.Branch, &m.Site, &m.Merchant, &m.TID, &m.Model, &m.Serial, &m.Symptom} {
			*f = CleanText(*f)
		}
		m.MID = cleanMID(m.MID)
	}
	m.Codes = []string{}
	if codes != "" {
		m.Codes = strings.Split(codes, "\x1f")
		slices.Sort(m.Codes)
	}
	return m, nil
}
