// Package store opens the service's SQLite database: one writer connection, so writers queue
// in the program rather than fight over the file lock, plus a read-only pool; WAL,
// busy_timeout and foreign keys on every connection; numbered migrations applied at start.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"sync/atomic"

	"toggl-attio-sync/db"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Store is the open database.
type Store struct {
	w  *sql.DB     // the single writer connection
	r  *sql.DB     // read-only pool
	q  *db.Queries // queries over w
	rq *db.Queries // queries over r

	group       *groupCommitter // batches webhook enqueues into shared commits
	lastRequeue atomic.Int64    // unix ms of the last expired-lease sweep
	health      writeHealth     // last write probe and last storage failure (writable.go)
}

// ErrNewerSchema means the database was written by a newer version of the program.
type ErrNewerSchema struct{ Have, Known int }

func (e *ErrNewerSchema) Error() string {
	return fmt.Sprintf("database schema version %d is newer than this program supports (%d): upgrade toggl-attio-sync or restore a backup; the database was not modified", e.Have, e.Known)
}

// pragmas applied by the driver on every new connection, busy_timeout first so the
// others can wait for a lock (PocketBase's recipe). synchronous=FULL: an acknowledged
// webhook is in the database file even after a power loss (see docs/DURABILITY.md).
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open checks the schema version without writing, then opens the pools and migrates.
func Open(ctx context.Context, path string) (*Store, error) {
	migrations, err := db.Migrations()
	if err != nil {
		return nil, err
	}
	if err := refuseNewer(ctx, path, len(migrations)); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := checkWAL(ctx, w, path); err != nil {
		w.Close()
		return nil, err
	}
	if err := migrate(ctx, w, migrations); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s := &Store{w: w, r: r, q: db.New(w), rq: db.New(r)}
	s.group = newGroupCommitter(s)
	return s, nil
}

// checkWAL refuses a database that stayed out of WAL mode (SQLite keeps the old journal
// mode where the file system cannot share memory, e.g. some network mounts): readers beside
// the writer, online backups and Litestream replication all rely on WAL.
func checkWAL(ctx context.Context, w *sql.DB, path string) error {
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("store: open %s: %w", path, err)
	}
	if mode != "wal" {
		return fmt.Errorf("store: %s is in journal mode %q, not WAL: put DATA_DIR on a local file system", path, mode)
	}
	return nil
}

// refuseNewer reads user_version through a read-only connection without WAL pragmas, so a
// database from a newer program is refused before anything could change its file.
func refuseNewer(ctx context.Context, path string, known int) error {
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	var have int
	err = conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have)
	if err != nil {
		// A missing file cannot be opened read-only: it is a new database.
		return nil
	}
	if have > known {
		return &ErrNewerSchema{Have: have, Known: known}
	}
	return nil
}

func migrate(ctx context.Context, w *sql.DB, migrations []db.Migration) error {
	var have int
	if err := w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if have > len(migrations) {
		return &ErrNewerSchema{Have: have, Known: len(migrations)}
	}
	for _, m := range migrations[have:] {
		if err := applyMigration(ctx, w, m); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// applyMigration runs one migration and bumps user_version in the same transaction, so a
// crash leaves either the old schema or the new one.
func applyMigration(ctx context.Context, w *sql.DB, m db.Migration) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
		return err
	}
	return tx.Commit()
}

// SchemaVersion returns the applied schema version and the one this program knows.
func (s *Store) SchemaVersion(ctx context.Context) (have, known int, err error) {
	migrations, err := db.Migrations()
	if err != nil {
		return 0, 0, err
	}
	err = s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have)
	return have, len(migrations), err
}

// Ready reports nil when the database answers, is fully migrated and takes writes (a full
// disk, a read-only file or corrupt pages make it not ready until the cause goes away).
func (s *Store) Ready(ctx context.Context) error {
	have, known, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("database not answering: %w", err)
	}
	if have != known {
		return fmt.Errorf("database schema at version %d, want %d", have, known)
	}
	return s.Writable(ctx)
}

// Tx runs fn in one write transaction: what fn does through tx commits together or not at
// all. fn must not use the Store itself: the writer has one connection, taken by tx.
func (s *Store) Tx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error { return fn(&Tx{q: q}) })
}

// tx runs fn in a write transaction on the single writer connection. fn must use only
// the *db.Queries and *sql.Tx it is given.
func (s *Store) tx(ctx context.Context, fn func(q *db.Queries, tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		s.noteWriteErr(err)
		return err
	}
	defer tx.Rollback()
	if err := fn(s.q.WithTx(tx), tx); err != nil {
		s.noteWriteErr(err)
		return err
	}
	err = tx.Commit()
	s.noteWriteErr(err)
	return err
}

// Close closes both pools, readers first.
func (s *Store) Close() error {
	s.group.close()
	return errors.Join(s.r.Close(), s.w.Close())
}

// ExecRaw, QueryRaw and QueryRowRaw run SQL of the caller's own. They exist for tests
// that stage or inspect a state no store method makes or reads (a lease taken by another
// owner, a count across tables) and for the benchmark's synchronous setting; production
// code uses the aggregate methods (the import rules test checks that only test files and
// internal/bench call them).
func (s *Store) ExecRaw(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.w.ExecContext(ctx, query, args...)
}

// QueryRaw reads through the read pool (see ExecRaw).
func (s *Store) QueryRaw(query string, args ...any) (*sql.Rows, error) {
	return s.r.Query(query, args...)
}

// QueryRowRaw reads one row through the read pool (see ExecRaw).
func (s *Store) QueryRowRaw(query string, args ...any) *sql.Row {
	return s.r.QueryRow(query, args...)
}
