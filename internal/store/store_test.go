package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"toggl-attio-sync/db"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func TestOpenMigratesAndSetsPragmas(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	var mode string
	var fk, busy int
	s.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	s.r.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk)
	s.r.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
	if mode != "wal" || fk != 1 || busy != 10000 {
		t.Fatalf("journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, busy)
	}
	if _, err := s.r.ExecContext(ctx, "INSERT INTO settings VALUES ('k','v',1)"); err == nil {
		t.Fatal("read pool accepted a write")
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	s, path := openTemp(t)
	ctx := context.Background()
	if err := s.q.PutSetting(ctx, db.PutSettingParams{Key: "a", Value: "1", UpdatedAt: 1}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	v, err := s2.GetSetting(ctx, "a")
	if err != nil || v != "1" {
		t.Fatalf("after reopen: %q %v", v, err)
	}
}

func TestNewerSchemaIsRefusedAndUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "newer.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE future (x INTEGER); PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	before, _ := os.ReadFile(path)

	_, err = Open(context.Background(), path)
	var newer *ErrNewerSchema
	if !errors.As(err, &newer) || newer.Have != 999 {
		t.Fatalf("Open = %v, want ErrNewerSchema", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("the newer database file was modified")
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err == nil {
			t.Fatalf("left a %s file beside the refused database", suffix)
		}
	}
}

func TestFailedMigrationRollsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	w, _ := sql.Open("sqlite", dsn(path, false))
	w.SetMaxOpenConns(1)
	defer w.Close()
	ms := []db.Migration{
		{Version: 1, Name: "0001_ok.sql", SQL: "CREATE TABLE a (x INTEGER);"},
		{Version: 2, Name: "0002_bad.sql", SQL: "CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);"},
	}
	if err := migrate(context.Background(), w, ms); err == nil {
		t.Fatal("bad migration applied")
	}
	var v int
	w.QueryRow("PRAGMA user_version").Scan(&v)
	var n int
	w.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'b'").Scan(&n)
	if v != 1 || n != 0 {
		t.Fatalf("user_version=%d, table b exists=%d; want 1 and 0", v, n)
	}
}

func TestConcurrentWritersQueue(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
				return q.PutSetting(ctx, db.PutSettingParams{Key: string(rune('a' + i%26)), Value: "v", UpdatedAt: int64(i)})
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
