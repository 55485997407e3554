package reports

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"

	"posdoctor/diagnostics"
)

// TrainingRecord is one attempt at a drill, as the trainer's records keep it (docs/drills.md,
// "Records"). Records are append-only and chained: each carries the hash of the one before,
// so an edit anywhere shows (VerifyTraining).
type TrainingRecord struct {
	Attempt   string            `json:"attempt"` // UUID
	Drill     string            `json:"drill"`   // the scenario's id
	Version   int               `json:"version"`
	SHA256    string            `json:"sha256"` // of the scenario file as played
	Title     TrainingTitle     `json:"title"`  // the drill's title, for reports without the file
	Level     int               `json:"level"`
	Trainee   string            `json:"trainee"`
	Trainer   string            `json:"trainer,omitempty"`
	Mode      string            `json:"mode"` // practice or assessed
	Seed      int64             `json:"seed"`
	Started   time.Time         `json:"started"`
	Ended     time.Time         `json:"ended"`
	DurationS float64           `json:"duration_s"` // seconds on the drill's clock
	Score     int               `json:"score"`
	PassScore int               `json:"pass_score"`
	Passed    bool              `json:"passed"`
	Critical  []string          `json:"critical"` // the critical actions done (action ids)
	Breakdown TrainingBreakdown `json:"breakdown"`
	Diagnoses []string          `json:"diagnoses"` // every diagnosis given, in order
	Hints     int               `json:"hints"`     // hints revealed
	Log       []TrainingEvent   `json:"log"`
}

// TrainingTitle is a drill's title in Chinese and English.
type TrainingTitle struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// TrainingBreakdown is how a score was made: the three parts earned (diagnosis out of 40,
// actions out of 40, efficiency out of 20) and the two deductions, as negative numbers or 0.
// The score is their sum, never below 0.
type TrainingBreakdown struct {
	Diagnosis  int `json:"diagnosis"`
	Actions    int `json:"actions"`
	Efficiency int `json:"efficiency"`
	Harmful    int `json:"harmful"`
	Hints      int `json:"hints"`
}

// Total is the score the breakdown makes: the sum, not below 0.
func (b TrainingBreakdown) Total() int {
	return max(0, b.Diagnosis+b.Actions+b.Efficiency+b.Harmful+b.Hints)
}

// TrainingEvent is one thing the trainee did, timestamped from the start of the drill.
type TrainingEvent struct {
	At    float64 `json:"at"` // seconds since the drill started
	Do    string  `json:"do"` // check, diagnose, action, hint
	Value string  `json:"value,omitempty"`
	// check: the steps asked for (none: all) and how each step ended
	Steps   []diagnostics.StepID `json:"steps,omitempty"`
	Results []TrainingStepResult `json:"results,omitempty"`
	// diagnose: whether the code was right
	Right bool `json:"right,omitempty"`
	// action: the faults it cleared on the simulated terminal, and the RC of the command it
	// ran (sign-on, print), if any
	Cleared []string `json:"cleared,omitempty"`
	RC      string   `json:"rc,omitempty"`
	// points this step cost (harmful penalty, hint cost): negative or 0
	Points int `json:"points,omitempty"`
	// Critical: this action failed the drill
	Critical bool `json:"critical,omitempty"`
}

// TrainingStepResult is how one checklist step ended in a drill's check.
type TrainingStepResult struct {
	Step   diagnostics.StepID `json:"step"`
	Status diagnostics.Status `json:"status"`
	Codes  []string           `json:"codes,omitempty"`
}

// clean masks and strips what a person typed (names) and what a check said, like every other
// text entering the store.
func (r TrainingRecord) clean() TrainingRecord {
	r.Trainee, r.Trainer = CleanName(r.Trainee), CleanName(r.Trainer)
	r.Title.ZH, r.Title.EN = CleanText(r.Title.ZH), CleanText(r.Title.EN)
	r.Diagnoses = cleanStrings(r.Diagnoses)
	r.Critical = cleanStrings(r.Critical)
	log := make([]TrainingEvent, len(r.Log))
	for i, e := range r.Log {
		e.Value = CleanText(e.Value)
		log[i] = e
	}
	r.Log = log
	r.Started, r.Ended = r.Started.UTC(), r.Ended.UTC()
	if r.Critical == nil {
		r.Critical = []string{}
	}
	if r.Diagnoses == nil {
		r.Diagnoses = []string{}
	}
	return r
}

// escapeSeq is a terminal escape sequence: CSI (ESC [ … final byte), OSC (ESC ] … BEL or
// ESC \), or ESC and one character.
var escapeSeq = regexp.MustCompile(`\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)?|\x1b.?`)

// CleanName is a person's name as typed, masked, without control characters (escape codes)
// and with its spaces collapsed: the records are filtered by it.
func CleanName(s string) string {
	s = escapeSeq.ReplaceAllString(CleanText(s), " ")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// chainHash is the hash a record carries: sha256 over the previous record's hash and the
// record's JSON, hex.
func chainHash(prev string, body []byte) string {
	h := sha256.New()
	h.Write([]byte(prev))
	h.Write([]byte{'\n'})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

// AddTraining appends rec to the training records, chained to the last one. A record with
// the same attempt UUID is refused: records are never rewritten.
func (s *Store) AddTraining(ctx context.Context, rec TrainingRecord) error {
	rec = rec.clean()
	switch {
	case rec.Attempt == "", rec.Drill == "":
		return fmt.Errorf("%w: no attempt id or drill", ErrTrainingInvalid)
	case strings.TrimSpace(rec.Trainee) == "":
		return fmt.Errorf("%w: no trainee", ErrTrainingInvalid)
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if s.dialect == dialectPostgres {
			// one writer of the chain at a time (SQLite's write lock does this for a file)
			if _, err := tx.ExecContext(ctx, `LOCK TABLE training IN EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var prev string
		err := tx.QueryRowContext(ctx, `SELECT hash FROM training ORDER BY seq DESC LIMIT 1`).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var dup int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM training WHERE attempt = ?`, rec.Attempt).Scan(&dup); err != nil {
			return err
		}
		if dup > 0 {
			return fmt.Errorf("%w: %s", ErrTrainingRecorded, rec.Attempt)
		}
		hash := chainHash(prev, body)
		var seq int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM training`).Scan(&seq); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO training (seq, attempt, trainee, drill, started, passed, score, record, prev, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, seq, rec.Attempt, rec.Trainee, rec.Drill, fmtTime(rec.Started), rec.Passed, rec.Score, string(body), prev, hash)
		if err != nil {
			return err
		}
		// the head of the chain, kept apart from it: removing the newest records shows
		_, err = tx.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
			metaTrainingHead, fmt.Sprintf("%d %s", seq, hash))
		return err
	})
}

// metaTrainingHead is the meta key of the chain's head: "SEQ HASH" of the newest record.
const metaTrainingHead = "training_head"

// TrainingHead is the newest record's position and hash, as the store last wrote them: a
// trainer who notes it (or keeps an export) can later tell that the chain was not rewritten.
func (s *Store) TrainingHead(ctx context.Context) (seq int64, hash string, err error) {
	if s.version < 4 && s.readOnly {
		return 0, "", nil
	}
	v, err := s.meta(ctx, s.db, metaTrainingHead)
	if err != nil || v == "" {
		return 0, "", err
	}
	if _, err := fmt.Sscanf(v, "%d %s", &seq, &hash); err != nil {
		return 0, "", fmt.Errorf("the training records' head %q: %w", v, err)
	}
	return seq, hash, nil
}

// TrainingFilter selects training records; the zero value selects all.
type TrainingFilter struct {
	Trainee string // exact name
	Drill   string // drill id
	Month   string // YYYY-MM of the start, UTC
}

// Training returns the records f selects, oldest first.
func (s *Store) Training(ctx context.Context, f TrainingFilter) ([]TrainingRecord, error) {
	if s.version < 4 && s.readOnly {
		return nil, nil // written before drills existed: none kept
	}
	q := `SELECT record FROM training WHERE 1 = 1`
	var args []any
	if f.Trainee != "" {
		q += ` AND trainee = ?`
		args = append(args, f.Trainee)
	}
	if f.Drill != "" {
		q += ` AND drill = ?`
		args = append(args, f.Drill)
	}
	if f.Month != "" {
		from, err := time.Parse("2006-01", f.Month)
		if err != nil {
			return nil, fmt.Errorf("month %q: want YYYY-MM", f.Month)
		}
		q += ` AND started >= ? AND started < ?`
		args = append(args, fmtTime(from), fmtTime(from.AddDate(0, 1, 0)))
	}
	q += ` ORDER BY seq`
	var out []TrainingRecord
	err := eachRow(ctx, s.db, q, args, func(rows *sql.Rows) error {
		var body string
		if err := rows.Scan(&body); err != nil {
			return err
		}
		var r TrainingRecord
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return fmt.Errorf("a training record that is not JSON: %w", err)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("read training records", err)
	}
	return out, nil
}

// ChainBreak is a training record whose chain does not hold: edited, removed, inserted or
// reordered by hand.
type ChainBreak struct {
	Seq     int64  // the record's position
	Attempt string // its attempt id as stored
	Reason  string
}

// VerifyTraining recomputes the chain over every training record and returns where it
// breaks; none means the records are as they were written.
func (s *Store) VerifyTraining(ctx context.Context) (checked int, breaks []ChainBreak, err error) {
	if s.version < 4 && s.readOnly {
		return 0, nil, nil
	}
	prev, want := "", int64(0)
	var last int64
	var lastHash string
	err = eachRow(ctx, s.db, `SELECT seq, attempt, trainee, drill, started, passed, score, record, prev, hash FROM training ORDER BY seq`, nil, func(rows *sql.Rows) error {
		var seq int64
		var attempt, trainee, drill, started, body, p, h string
		var passed bool
		var score int
		if err := rows.Scan(&seq, &attempt, &trainee, &drill, &started, &passed, &score, &body, &p, &h); err != nil {
			return err
		}
		checked++
		want++
		brk := func(reason string) { breaks = append(breaks, ChainBreak{seq, attempt, reason}) }
		if seq != want {
			brk(fmt.Sprintf("record %d is missing before it (removed?)", want))
			want = seq
		}
		if p != prev {
			brk("it does not follow the record before it (a record removed, inserted or rewritten)")
		}
		if chainHash(p, []byte(body)) != h {
			brk("its content was changed after it was written")
		}
		var r TrainingRecord
		if json.Unmarshal([]byte(body), &r) != nil {
			brk("its content is not a training record")
		} else {
			if r.Attempt != attempt || r.Trainee != trainee || r.Drill != drill || fmtTime(r.Started) != started || r.Passed != passed || r.Score != score {
				brk("its indexed columns (trainee, drill, score, passed, start) differ from its content")
			}
			if r.Score != r.Breakdown.Total() {
				brk(fmt.Sprintf("its score %d does not add up from its breakdown (%d)", r.Score, r.Breakdown.Total()))
			}
			if r.Passed != (r.Score >= r.PassScore && len(r.Critical) == 0) {
				brk("its pass or fail does not follow from its score, pass mark and critical actions")
			}
		}
		prev = h
		last, lastHash = seq, h
		return nil
	})
	if err != nil {
		return checked, breaks, s.wrapErr("verify training records", err)
	}
	headSeq, headHash, err := s.TrainingHead(ctx)
	if err != nil {
		return checked, breaks, s.wrapErr("verify training records", err)
	}
	if headHash != "" && (headSeq != last || headHash != lastHash) {
		breaks = append(breaks, ChainBreak{headSeq, "", fmt.Sprintf("the records end at #%d, but the store last wrote #%d: records after #%d were removed or the newest rewritten", last, headSeq, last)})
	}
	return checked, breaks, nil
}

// trainingRecoveryDir holds the training records kept when they could not be stored.
func trainingRecoveryDir(storePath string) string {
	return filepath.Join(RecoveryDir(storePath), "training")
}

// AddTrainingOrKeep stores rec, trying again while the store is busy; when it still fails,
// rec is kept in a recovery file beside the store (its path returned with the error) and
// stored by the next AddRecoveredTraining. An attempt is never lost to a busy store.
func (s *Store) AddTrainingOrKeep(ctx context.Context, rec TrainingRecord) (kept string, err error) {
	err = withRetries(ctx, func() error { return s.AddTraining(ctx, rec) })
	if err == nil || errors.Is(err, ErrTrainingInvalid) || errors.Is(err, ErrTrainingRecorded) {
		return "", err
	}
	b, jerr := json.MarshalIndent(rec.clean(), "", " ")
	if jerr != nil {
		return "", err
	}
	path, kerr := writeAtomic(trainingRecoveryDir(s.path), rec.Attempt+".json", b)
	if kerr != nil {
		return "", fmt.Errorf("%w; keeping it in a recovery file failed too: %v", err, kerr)
	}
	return path, err
}

// AddRecoveredTraining stores the training records kept by AddTrainingOrKeep and removes
// each file once stored (or once found already stored).
func (s *Store) AddRecoveredTraining(ctx context.Context) (added int, err error) {
	anyName := func(string) bool { return true }
	err = replayRecovery(trainingRecoveryDir(s.path), anyName, func(path string, _ os.DirEntry) error {
		var rec TrainingRecord
		b, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(b, &rec)
		}
		if err == nil {
			err = s.AddTraining(ctx, rec)
			if errors.Is(err, ErrTrainingRecorded) {
				err = nil // stored before the file could be removed
			} else if err == nil {
				added++
			}
		}
		return err
	})
	return added, err
}
