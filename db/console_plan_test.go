package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// The dashboard's hours queries read the entry map through its (connection_id, start_at)
// index: a map of years of entries is not scanned on every page view.
func TestHoursQueriesUseTheStartIndex(t *testing.T) {
	ctx := context.Background()
	conn, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ms, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
	for name, q := range map[string]struct {
		sql  string
		args []any
	}{
		"ConsoleHeldSecondsPerDay":        {consoleHeldSecondsPerDay, []any{1, 0, 1}},
		"ConsoleCountEntriesWithoutStart": {consoleCountEntriesWithoutStart, []any{1}},
	} {
		rows, err := conn.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q.sql, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "USING INDEX entry_map_start") && !strings.Contains(p, "USING COVERING INDEX entry_map_start") {
			t.Errorf("%s: plan %q does not use entry_map_start", name, p)
		}
	}
}
