package reports

import (
	"context"
	"database/sql"
)

// Branches lists the distinct non-empty branch names of the stored visits, sorted, so the
// screens can offer the names already in use and counts do not split over spellings.
func (s *Store) Branches(ctx context.Context) ([]string, error) {
	var out []string
	err := eachRow(ctx, s.db, `SELECT DISTINCT branch FROM incidents WHERE branch <> '' ORDER BY branch`, nil, func(rows *sql.Rows) error {
		var b string
		if err := rows.Scan(&b); err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, s.wrapErr("list branches", err)
	}
	return out, nil
}
