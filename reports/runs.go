package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"posdoctor/diagnostics"
)

// runRow is a run encoded for the runs table.
type runRow struct {
	started, verdict, report, digest string
	codes                            []string
}

func encodeRun(r diagnostics.Report) (runRow, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return runRow{}, err
	}
	return runRow{
		started: fmtTime(r.Started),
		verdict: r.Verdict.Kind.String(),
		report:  string(b),
		digest:  digestOf(b),
		codes:   findingCodes(r),
	}, nil
}

func putRunRow(ctx context.Context, tx writer, id string, seq int, r runRow) error {
	_, err := tx.ExecContext(ctx, `
INSERT INTO runs (incident_id, seq, started, verdict, report, digest) VALUES (?,?,?,?,?,?)
ON CONFLICT(incident_id, seq) DO UPDATE SET started=excluded.started, verdict=excluded.verdict,
	report=excluded.report, digest=excluded.digest`, id, seq, r.started, r.verdict, r.report, r.digest)
	return err
}

// AddRun appends a checklist run to incident id and returns its number (0 for the first).
// Like Incident.AddRun, it fills identity fields still empty from the run's terminal status
// and, when the run fetched a journal or event log, makes them the incident's excerpt. One
// transaction. Use PutRun to save a run again as its steps finish.
func (s *Store) AddRun(ctx context.Context, id string, rep diagnostics.Report) (int, error) {
	seq := -1
	err := s.putRun(ctx, id, &seq, rep)
	return seq, err
}

// PutRun saves run seq of incident id, replacing it (or appending it when seq is the next
// number): a run in progress is saved after each step. Same side effects as AddRun.
func (s *Store) PutRun(ctx context.Context, id string, seq int, rep diagnostics.Report) error {
	if seq < 0 {
		return fmt.Errorf("%w: run number %d", ErrInvalid, seq)
	}
	return s.putRun(ctx, id, &seq, rep)
}

func (s *Store) putRun(ctx context.Context, id string, seq *int, rep diagnostics.Report) error {
	u, err := uuid.Parse(id)
	if err != nil {
		return fmt.Errorf("%w: id %q is not a UUID", ErrInvalid, id)
	}
	id = u.String()
	r := cleanReport(rep)
	row, err := encodeRun(r)
	if err != nil {
		return fmt.Errorf("save run of incident %s: %w", id, err)
	}
	var ident Incident
	ident.fillIdentity(r.Terminal)
	ident.MID = cleanMID(ident.MID)
	ident.Journal = FlaggedFirst(r.Transactions)
	ident.Events = r.Events
	parts, err := encodeParts(&ident)
	if err != nil {
		return fmt.Errorf("save run of incident %s: %w", id, err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var next int
		var tid, serial string
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COALESCE(MAX(seq)+1, 0) FROM runs WHERE incident_id = ?), tid, serial
			FROM incidents WHERE id = ?`, id, id).Scan(&next, &tid, &serial); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: %s", ErrNotFound, id)
			}
			return err
		}
		visit := Incident{TID: tid, Serial: serial}
		if err := visit.AddRun(r); err != nil {
			return err
		}
		if *seq < 0 {
			*seq = next
		} else if *seq > next {
			return fmt.Errorf("%w: run %d of incident %s, which has %d runs", ErrInvalid, *seq, id, next)
		}
		if err := putRunRow(ctx, tx, id, *seq, row); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM incident_codes WHERE incident_id = ? AND run = ?`, id, *seq); err != nil {
			return err
		}
		for _, code := range row.codes {
			if err := insertCode(ctx, tx, id, *seq, code); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE incidents SET updated = ?,
	model = CASE WHEN model = '' THEN ? ELSE model END,
	serial = CASE WHEN serial = '' THEN ? ELSE serial END,
	firmware = CASE WHEN firmware = '' THEN ? ELSE firmware END,
	tid = CASE WHEN tid = '' THEN ? ELSE tid END,
	mid = CASE WHEN mid = '' THEN ? ELSE mid END,
	merchant = CASE WHEN merchant = '' THEN ? ELSE merchant END,
	comm = CASE WHEN comm = '' THEN ? ELSE comm END
	WHERE id = ?`, fmtTime(s.now()), ident.Model, ident.Serial, ident.Firmware, ident.TID, ident.MID,
			ident.Merchant, ident.Comm, id)
		if err != nil {
			return err
		}
		if err := updateVerdict(ctx, tx, id); err != nil {
			return err
		}
		if len(r.Transactions) > 0 {
			if err := parts[0].store(ctx, tx, id, false); err != nil {
				return err
			}
		}
		if len(r.Events) > 0 {
			if err := parts[1].store(ctx, tx, id, false); err != nil {
				return err
			}
		}
		return nil
	})
}
