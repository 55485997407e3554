package reports

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"posdoctor/diagnostics"
)

func trainingRecord(attempt, trainee string, score int, passed bool, at time.Time) TrainingRecord {
	return TrainingRecord{
		Attempt: attempt, Drill: "printer.paper-out", Version: 1, Trainee: trainee, Trainer: "王老师",
		Mode: "assessed", Started: at, Ended: at.Add(100 * time.Second), DurationS: 100,
		Score: score, PassScore: 80, Passed: passed, Critical: []string{},
		Breakdown: TrainingBreakdown{Diagnosis: min(40, score), Actions: min(40, max(0, score-40)), Efficiency: max(0, score-80)},
		Log: []TrainingEvent{{At: 10, Do: "check", Results: []TrainingStepResult{{Step: diagnostics.StepPrinter, Status: diagnostics.StatusFail, Codes: []string{"P1"}}}},
			{At: 40, Do: "diagnose", Value: "P1", Right: true}},
	}
}

// Records chain, refuse rewrites, and a hand edit of any kind shows in VerifyTraining.
func TestTrainingChainFindsTampering(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s := openStoreAt(t, path)
	defer s.Close()
	t0 := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for i, name := range []string{"张三", "李四", "王五"} {
		if err := s.AddTraining(ctx, trainingRecord("a"+string(rune('1'+i)), name, 90-i*20, i == 0, t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddTraining(ctx, trainingRecord("a1", "张三", 100, true, t0)); !errors.Is(err, ErrTrainingRecorded) {
		t.Errorf("the same attempt twice: %v, want ErrTrainingInvalid", err)
	}
	n, breaks, err := s.VerifyTraining(ctx)
	if err != nil || n != 3 || len(breaks) != 0 {
		t.Fatalf("untouched chain: %d checked, breaks %v, %v", n, breaks, err)
	}
	if _, err := s.db.Exec(`UPDATE training SET score = 100 WHERE attempt = 'a2'`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Fatalf("an update went through the trigger: %v", err)
	}
	recs, err := s.Training(ctx, TrainingFilter{Trainee: "李四"})
	if err != nil || len(recs) != 1 || recs[0].Score != 70 || recs[0].Log[0].Results[0].Codes[0] != "P1" {
		t.Fatalf("Training(李四) = %+v, %v", recs, err)
	}

	tamper := map[string]string{
		"content edited": `UPDATE training SET record = replace(record, '"score":70', '"score":95') WHERE attempt = 'a2'`,
		"columns edited": `UPDATE training SET passed = 1, score = 95 WHERE attempt = 'a2'`,
		"record removed": `DELETE FROM training WHERE attempt = 'a2'`,
		"newest removed": `DELETE FROM training WHERE attempt = 'a3'`,
	}
	for name, sql := range tamper {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "copy.db")
			if _, err := s.db.Exec(`VACUUM INTO ?`, p); err != nil {
				t.Fatal(err)
			}
			c := openStoreAt(t, p)
			defer c.Close()
			// what a person with the sqlite3 shell would do: drop the guard, then edit
			for _, q := range []string{`DROP TRIGGER training_no_update`, `DROP TRIGGER training_no_delete`, sql} {
				if _, err := c.db.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
			_, breaks, err := c.VerifyTraining(ctx)
			if err != nil || len(breaks) == 0 {
				t.Fatalf("tampering (%s) not found: %v %v", name, breaks, err)
			}
			t.Log(breaks)
		})
	}
}

func TestTrainingMonthFilterAndCleaning(t *testing.T) {
	ctx := context.Background()
	s := openStoreAt(t, filepath.Join(t.TempDir(), "store.db"))
	defer s.Close()
	r := trainingRecord("b1", "赵六 \x1b[31m6225880123456789", 85, true, time.Date(2026, 10, 31, 23, 0, 0, 0, time.UTC))
	if err := s.AddTraining(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTraining(ctx, trainingRecord("b2", " ", 85, true, time.Now())); !errors.Is(err, ErrTrainingInvalid) {
		t.Errorf("no trainee: %v", err)
	}
	nov, _ := s.Training(ctx, TrainingFilter{Month: "2026-11"})
	oct, _ := s.Training(ctx, TrainingFilter{Month: "2026-10"})
	if len(nov) != 0 || len(oct) != 1 {
		t.Fatalf("by month: nov %d, oct %d", len(nov), len(oct))
	}
	if strings.Contains(oct[0].Trainee, "\x1b") || strings.Contains(oct[0].Trainee, "0123456789") {
		t.Errorf("trainee stored uncleaned: %q", oct[0].Trainee)
	}
	if _, err := s.Training(ctx, TrainingFilter{Month: "11/2026"}); err == nil {
		t.Error("a bad month was taken")
	}
}

// A record that cannot be stored is kept beside the store and stored at the next chance.
func TestTrainingKeptWhenTheStoreFails(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	s := openStoreAt(t, path)
	s.Close() // a closed store fails every write
	kept, err := s.AddTrainingOrKeep(ctx, trainingRecord("c1", "张三", 90, true, time.Now()))
	if err == nil || kept == "" {
		t.Fatalf("AddTrainingOrKeep on a closed store: kept %q, %v", kept, err)
	}
	s = openStoreAt(t, path)
	defer s.Close()
	if n, err := s.AddRecoveredTraining(ctx); n != 1 || err != nil {
		t.Fatalf("AddRecoveredTraining = %d, %v", n, err)
	}
	recs, _ := s.Training(ctx, TrainingFilter{})
	if len(recs) != 1 || recs[0].Attempt != "c1" {
		t.Fatalf("records after recovery: %+v", recs)
	}
	if n, err := s.AddRecoveredTraining(ctx); n != 0 || err != nil {
		t.Errorf("a second AddRecoveredTraining = %d, %v (the file should be gone)", n, err)
	}
}

// Someone who knows the formula rewrites a score and recomputes every hash after it (and the
// head): the record no longer adds up from its breakdown, which verify reports.
func TestTrainingRecomputedChainStillCaught(t *testing.T) {
	ctx := context.Background()
	s := openStoreAt(t, filepath.Join(t.TempDir(), "store.db"))
	defer s.Close()
	t0 := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for i, n := range []string{"张三", "李四", "王五"} {
		if err := s.AddTraining(ctx, trainingRecord(fmt.Sprint("a", i+1), n, 70, false, t0.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{`DROP TRIGGER training_no_update`} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	type row struct {
		seq  int64
		body string
	}
	var rows []row
	r, err := s.db.Query(`SELECT seq, record FROM training ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var x row
		r.Scan(&x.seq, &x.body)
		rows = append(rows, x)
	}
	r.Close()
	prev := ""
	for i, x := range rows {
		body := x.body
		if i == 1 { // 李四 passes now
			body = strings.Replace(strings.Replace(body, `"score":70`, `"score":95`, 1), `"passed":false`, `"passed":true`, 1)
		}
		h := chainHash(prev, []byte(body))
		if _, err := s.db.Exec(`UPDATE training SET record = ?, prev = ?, hash = ?, score = (CASE WHEN seq = 2 THEN 95 ELSE score END), passed = (CASE WHEN seq = 2 THEN 1 ELSE passed END) WHERE seq = ?`, body, prev, h, x.seq); err != nil {
			t.Fatal(err)
		}
		prev = h
	}
	if _, err := s.db.Exec(`UPDATE meta SET value = ? WHERE key = ?`, fmt.Sprintf("3 %s", prev), metaTrainingHead); err != nil {
		t.Fatal(err)
	}
	_, breaks, err := s.VerifyTraining(ctx)
	if err != nil || len(breaks) != 1 || !strings.Contains(breaks[0].Reason, "does not add up") {
		t.Errorf("a rewritten chain: %v, %v", breaks, err)
	}
}
