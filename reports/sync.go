package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Sync brings a laptop's working store and the shared store up to date with each other
// (docs/shared-store.md), with the bundle's merge rules: a visit's newer update wins, a
// deletion removes a visit last updated before it and is remembered (a tombstone).
//
// What differs is found by comparing the two sides' (id, updated) and tombstones, not by
// marks: visits imported from bundles (with their old update times), or saved on a laptop
// whose clock is off, are never skipped, and a sync cut off halfway is finished by the next
// one. Each batch of visits is one transaction on the side it writes to.
//
// Pushed: every local visit of any branch the shared store lacks or holds an older version
// of, and every local deletion it has not seen. Pulled: the shared store's visits of the
// branches the laptop holds (and opts.Branches) that the laptop lacks or holds an older
// version of, and the deletions it has not seen.

// SyncOptions tune a sync.
type SyncOptions struct {
	// Branches are pulled besides those of the local visits (a new laptop names its branch).
	Branches []string
	// Batch is how many visits one transaction carries (default 200).
	Batch int
	// Progress, when set, is called as batches commit: the stage ("push", "pull"), the visits
	// done and the stage's total.
	Progress func(stage string, done, total int)
}

// SyncResult says what a sync did.
type SyncResult struct {
	Pushed        int       `json:"pushed"`         // visits written to the shared store
	PushedDeleted int       `json:"pushed_deleted"` // deletions the shared store had not seen
	Pulled        int       `json:"pulled"`         // visits written to the local store
	PulledDeleted int       `json:"pulled_deleted"` // deletions the laptop had not seen (each removes its visit)
	Unchanged     int       `json:"unchanged"`      // visits both sides hold at the same version
	Conflicts     int       `json:"conflicts"`      // visits both sides changed since the last sync: the newer update won
	Purged        int       `json:"purged"`         // visits a manager's sync removed after technicians' deletions
	Branches      []string  `json:"branches"`       // the branches pulled (none: a laptop with no visits and no --branch pulls nothing)
	Started       time.Time `json:"started"`
	Finished      time.Time `json:"finished"`
	Last          time.Time `json:"last_sync,omitzero"` // the previous successful sync with this shared store
	// Refused are visits one side holds that the other cannot take or that cannot be read (a
	// row another program wrote without an id, an opening time or a readable update time): the
	// sync goes on without them and says which.
	Refused []SyncRefusal `json:"refused,omitempty"`
}

// SyncRefusal is a visit a sync left alone, and why.
type SyncRefusal struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// metaSynced is the local meta key of the last successful sync with the shared store key.
func metaSynced(key string) string { return "synced:" + key }

// LastSync returns when this store last synced with the shared store named by url (zero
// when never).
func (s *Store) LastSync(ctx context.Context, url string) (time.Time, error) {
	if s.readOnly && s.version < 3 {
		return time.Time{}, nil
	}
	v, err := s.meta(ctx, s.db, metaSynced(storeKey(url)))
	if err != nil {
		return time.Time{}, s.wrapErr("read last sync", err)
	}
	return s.parseTime(v)
}

// version is one side's (updated) of a visit.
type syncIndex struct {
	updated    map[string]time.Time
	branches   map[string]bool
	dead       map[string]time.Time
	unreadable []string // ids whose update time does not parse
}

// index reads every visit's id and update time (of branches, when given; hiding visits a
// tombstone covers) and every tombstone.
func (s *Store) index(ctx context.Context, branches []string) (*syncIndex, error) {
	x := &syncIndex{updated: map[string]time.Time{}, branches: map[string]bool{}, dead: map[string]time.Time{}}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, s.wrapErr("read", err)
	}
	defer tx.Rollback()
	q := `SELECT i.id, i.branch, i.updated FROM incidents i WHERE TRUE` + s.live("i")
	var args []any
	if branches != nil {
		if len(branches) == 0 {
			q += ` AND FALSE`
		} else {
			q += ` AND i.branch IN (` + strings.TrimSuffix(strings.Repeat("?,", len(branches)), ",") + `)`
			for _, b := range branches {
				args = append(args, b)
			}
		}
	}
	err = eachRow(ctx, tx, q, args, func(rows *sql.Rows) error {
		var id, branch, updated string
		if err := rows.Scan(&id, &branch, &updated); err != nil {
			return err
		}
		t, err := s.parseTime(updated)
		if err != nil {
			x.unreadable = append(x.unreadable, id) // another program's row: left alone, said
			return nil
		}
		x.updated[id] = t
		x.branches[branch] = true
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("read the visits", err)
	}
	dead, err := s.tombstones(ctx, tx, time.Time{})
	if err != nil {
		return nil, s.wrapErr("read the deletions", err)
	}
	for _, t := range dead {
		x.dead[t.ID] = t.Deleted
	}
	return x, nil
}

// indexIDs adds to x the update times of the visits ids the store holds (any branch).
func (s *Store) indexIDs(ctx context.Context, ids []string, x *syncIndex) error {
	const chunk = 500
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		q := `SELECT i.id, i.updated FROM incidents i WHERE i.id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(part)), ",") + `)` + s.live("i")
		err := s.eachNamedTime(ctx, s.db, q, args, func(id string, t time.Time) { x.updated[id] = t })
		if err != nil {
			return s.wrapErr("read the visits", err)
		}
	}
	return nil
}

// Sync syncs the local store s with the shared store remote (see above). It stops between
// batches when ctx is cancelled; what was committed stays, and the next sync goes on from it.
func (s *Store) Sync(ctx context.Context, remote *Store, opts SyncOptions) (SyncResult, error) {
	res := SyncResult{Started: s.now()}
	if s.Shared() || !remote.Shared() {
		return res, ErrSyncTarget
	}
	if s.readOnly || remote.readOnly {
		return res, fmt.Errorf("sync: %w", ErrReadOnly)
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = 200
	}
	progress := func(stage string, done, total int) {
		if opts.Progress != nil {
			opts.Progress(stage, done, total)
		}
	}
	key := storeKey(remote.path)
	last, err := s.LastSync(ctx, remote.path)
	if err != nil {
		return res, err
	}
	res.Last = last

	local, err := s.index(ctx, nil)
	if err != nil {
		return res, err
	}
	branches := map[string]bool{}
	for b := range local.branches {
		branches[b] = true
	}
	for _, b := range opts.Branches {
		if b = CleanBranch(b); b != "" {
			branches[b] = true
		}
	}
	res.Branches = []string{} // none: pull nothing (index reads every branch only for nil)
	for b := range branches {
		res.Branches = append(res.Branches, b)
	}
	slices.Sort(res.Branches)
	shared, err := remote.index(ctx, res.Branches)
	if err != nil {
		return res, err
	}
	// the laptop's visits the shared store holds under another branch (moved there by
	// someone else): compared too, or they would be pushed in vain and never pulled
	var elsewhere []string
	for id := range local.updated {
		if _, ok := shared.updated[id]; !ok {
			elsewhere = append(elsewhere, id)
		}
	}
	if err := remote.indexIDs(ctx, elsewhere, shared); err != nil {
		return res, err
	}

	for _, id := range append(local.unreadable, shared.unreadable...) {
		res.Refused = append(res.Refused, SyncRefusal{ID: CleanText(id), Reason: "its update time cannot be read"})
	}

	// what goes up, what comes down
	var push, pull []string
	changedSince := func(t time.Time) bool { return !last.IsZero() && t.After(last) }
	for id, lu := range local.updated {
		ru, there := shared.updated[id]
		switch {
		case there && ru.Equal(lu):
			res.Unchanged++
		case there && ru.After(lu):
			pull = append(pull, id)
			if changedSince(lu) && changedSince(ru) {
				res.Conflicts++
			}
		case there:
			push = append(push, id)
			if changedSince(lu) && changedSince(ru) {
				res.Conflicts++
			}
		default:
			if d, gone := shared.dead[id]; !gone || lu.After(d) {
				push = append(push, id)
			}
		}
	}
	for id, ru := range shared.updated {
		if _, here := local.updated[id]; here {
			continue
		}
		if d, gone := local.dead[id]; !gone || ru.After(d) {
			pull = append(pull, id)
		}
	}
	var pushDead, pullDead []Tombstone
	for id, d := range local.dead {
		if rd, ok := shared.dead[id]; !ok || d.After(rd) {
			pushDead = append(pushDead, Tombstone{ID: id, Deleted: d})
		}
	}
	for id, d := range shared.dead {
		// only deletions of visits this laptop holds: the others are other branches' business
		// (and a visit they cover is hidden from the pull anyway)
		if _, here := local.updated[id]; !here {
			continue
		}
		if ld, ok := local.dead[id]; !ok || d.After(ld) {
			pullDead = append(pullDead, Tombstone{ID: id, Deleted: d})
		}
	}
	// a fixed order: concurrent syncs lock rows in the same order and cannot deadlock
	slices.Sort(push)
	slices.Sort(pull)
	slices.SortFunc(pushDead, func(a, b Tombstone) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(pullDead, func(a, b Tombstone) int { return strings.Compare(a.ID, b.ID) })

	// stopped: say so, whatever the driver made of the cancelled statement
	stopped := func(stage string, err error) error {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("sync: %s: %w", stage, err)
	}
	refuse := func(id, why string) {
		res.Refused = append(res.Refused, SyncRefusal{ID: CleanText(id), Reason: remote.scrub(why)})
	}
	n, err := copyVisits(ctx, s, remote, push, batch, func(done int) { progress("push", done, len(push)) }, refuse)
	res.Pushed += n
	if err != nil {
		return res, stopped("push", err)
	}
	if res.PushedDeleted, err = copyDeletions(ctx, remote, pushDead, batch); err != nil {
		return res, stopped("push deletions", err)
	}
	if remote.canDelete {
		if res.Purged, err = remote.PurgeDeleted(ctx); err != nil {
			return res, stopped("remove deleted visits", err)
		}
	}
	n, err = copyVisits(ctx, remote, s, pull, batch, func(done int) { progress("pull", done, len(pull)) }, refuse)
	res.Pulled += n
	if err != nil {
		return res, stopped("pull", err)
	}
	if res.PulledDeleted, err = copyDeletions(ctx, s, pullDead, batch); err != nil {
		return res, stopped("pull deletions", err)
	}
	res.Finished = s.now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		return setMeta(ctx, tx, metaSynced(key), fmtTime(res.Finished))
	})
	if err != nil {
		return res, fmt.Errorf("sync: note the time: %w", err)
	}
	return res, nil
}

// copyVisits merges the visits ids of from into to, batch by batch: one read snapshot and one
// write transaction each. It returns how many were written (a version no longer newer when
// its turn came counts as not written).
func copyVisits(ctx context.Context, from, to *Store, ids []string, batch int, done func(int), refuse func(id, why string)) (int, error) {
	written := 0
	for start := 0; start < len(ids); start += batch {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		part := ids[start:min(start+batch, len(ids))]
		visits := make([]*Incident, 0, len(part))
		err := func() error {
			tx, err := from.readTx(ctx)
			if err != nil {
				return from.wrapErr("read", err)
			}
			defer tx.Rollback()
			for _, id := range part {
				inc, err := from.get(ctx, tx, id)
				if errors.Is(err, ErrNotFound) {
					continue // deleted meanwhile: its tombstone follows
				}
				if errors.Is(err, ErrDamaged) {
					refuse(id, err.Error()) // one unreadable visit (another program's row) stops no sync
					continue
				}
				if err != nil {
					return from.wrapErr("read", err)
				}
				visits = append(visits, inc)
			}
			return nil
		}()
		if err != nil {
			return written, err
		}
		n := 0
		var refused [][2]string
		err = withRetries(ctx, func() error {
			n, refused = 0, nil
			return to.write(ctx, func(sqlTx *sql.Tx) error {
				tx := newStmtCache(sqlTx)
				for _, inc := range visits {
					what, err := to.mergeIncident(ctx, tx, inc)
					if errors.Is(err, ErrInvalid) {
						// refused before anything was written (a row another program wrote
						// without an id or an opening time): the batch goes on without it
						refused = append(refused, [2]string{inc.ID, err.Error()})
						continue
					}
					if err != nil {
						return fmt.Errorf("incident %s: %w", inc.ID, err)
					}
					if what != mergeUnchanged {
						n++
					}
				}
				return nil
			})
		})
		if err != nil {
			return written, err
		}
		for _, r := range refused {
			refuse(r[0], r[1])
		}
		written += n
		done(start + len(part))
	}
	return written, nil
}

// copyDeletions merges tombstones into to, batch by batch; it returns how many it sent.
func copyDeletions(ctx context.Context, to *Store, dead []Tombstone, batch int) (int, error) {
	sent := 0
	for start := 0; start < len(dead); start += batch {
		part := dead[start:min(start+batch, len(dead))]
		err := withRetries(ctx, func() error {
			return to.write(ctx, func(tx *sql.Tx) error {
				for _, t := range part {
					if _, err := to.mergeDeletion(ctx, tx, t); err != nil {
						return fmt.Errorf("deletion of %s: %w", t.ID, err)
					}
				}
				return nil
			})
		})
		if err != nil {
			return sent, err
		}
		sent += len(part)
	}
	return sent, nil
}

// PurgeDeleted removes from the shared store the visits technicians deleted (their
// tombstones hide them until then); it needs the manager's role (DELETE on incidents). It
// returns how many went.
func (s *Store) PurgeDeleted(ctx context.Context) (int, error) {
	if !s.Shared() {
		return 0, nil
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM incidents i USING deleted d WHERE d.id = i.id AND d.deleted >= i.updated`)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return int(n), err
}
