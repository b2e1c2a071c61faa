package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"toggl-attio-sync/db"
)

// Upgrading a database from before migration 0004 keeps its map rows, undated (start_at 0)
// and without seconds, until a webhook or resync writes them again.
func TestEntryFactsMigrationKeepsOldRowsUndated(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	all, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	w.SetMaxOpenConns(1)
	if err := migrate(ctx, w, all[:3]); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO connections (id, slug, name, created_at, updated_at) VALUES (1, 's', 'n', 1, 1)`,
		`INSERT INTO entry_map (connection_id, time_entry_id, attio_entry_id, updated_at) VALUES (1, 42, 'e', 1)`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	m, err := s.rq.GetEntryMap(ctx, db.GetEntryMapParams{ConnectionID: 1, TimeEntryID: 42})
	if err != nil || m.AttioEntryID != "e" || m.StartAt != 0 || m.Seconds != 0 {
		t.Fatalf("row after the upgrade: %+v %v", m, err)
	}
	if n, err := s.rq.ConsoleCountEntriesWithoutStart(ctx, 1); err != nil || n != 1 {
		t.Fatalf("undated rows: %d %v", n, err)
	}
}
