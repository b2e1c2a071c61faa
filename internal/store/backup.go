package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"toggl-attio-sync/db"
)

// BackupTo writes a consistent copy of the database at src into dest with VACUUM INTO. It
// reads through its own read-only connection, so it runs beside a live service: in WAL mode
// the copy is the snapshot of one read transaction, every commit before it included, none
// after it half-included. dest must not exist yet.
func BackupTo(ctx context.Context, src, dest string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", src, err)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s exists already; choose a new file name", dest)
	}
	conn, err := sql.Open("sqlite", "file:"+src+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := syncFile(dest); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = CheckFile(ctx, dest)
	return err
}

// CheckFile opens a database file read-only and reports its schema version after
// PRAGMA integrity_check passes; a file from a newer program is *ErrNewerSchema.
func CheckFile(ctx context.Context, path string) (version int, err error) {
	if _, err := os.Stat(path); err != nil {
		return 0, err
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&result); err != nil {
		return 0, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if result != "ok" {
		return 0, fmt.Errorf("%s fails PRAGMA integrity_check: %s", path, result)
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, err
	}
	migrations, err := db.Migrations()
	if err != nil {
		return 0, err
	}
	if version > len(migrations) {
		return version, &ErrNewerSchema{Have: version, Known: len(migrations)}
	}
	return version, nil
}

// RestoreFrom replaces the database at dbPath with the backup at src, after checking the
// backup (integrity, schema not newer than this program). The database it replaces is kept
// beside it, with its WAL, under the suffix it returns, so a restore can be undone. The
// caller makes sure no service uses dbPath.
func RestoreFrom(ctx context.Context, src, dbPath string, now time.Time) (keptSuffix string, err error) {
	if _, err := CheckFile(ctx, src); err != nil {
		return "", fmt.Errorf("restore refused: %w", err)
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(src, tmp); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		if err := takeOver(ctx, dbPath); err != nil {
			os.Remove(tmp)
			return "", err
		}
		keptSuffix = ".before-restore-" + now.UTC().Format("20060102T150405Z")
		for _, ext := range []string{"", "-wal", "-shm"} {
			if err := os.Rename(dbPath+ext, dbPath+keptSuffix+ext); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", fmt.Errorf("restore: keep the current database: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return keptSuffix, fmt.Errorf("restore: %w", err)
	}
	return keptSuffix, syncDir(filepath.Dir(dbPath))
}

// takeOver proves no other process has the database open: leaving WAL mode needs every
// other connection closed. It also folds the WAL into the file, so the database kept aside
// is whole in one file.
func takeOver(ctx context.Context, dbPath string) error {
	conn, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(1000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	var mode string
	err = conn.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode)
	if err != nil || mode != "delete" {
		return fmt.Errorf("restore refused: another process has %s open (stop the service first)", dbPath)
	}
	return nil
}

func copyFile(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// LockHeldInFile reports whether the named lock is held and unexpired in the database at
// path, read without migrating or writing (a missing database holds no lock).
func LockHeldInFile(ctx context.Context, path, name string, now time.Time) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return false, err
	}
	defer conn.Close()
	var expires int64
	err = conn.QueryRowContext(ctx, "SELECT expires_at FROM locks WHERE name = ?", name).Scan(&expires)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return expires >= now.UnixMilli(), nil
}
