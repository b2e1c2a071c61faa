// Package backup is the `backup` and `restore` commands: a consistent copy of the database
// while the service runs, and putting one back while it is stopped.
package backup

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
)

const backupUsage = `usage: toggl-attio-sync backup [-data-dir DIR] FILE

Writes a consistent copy of DIR's database to FILE (which must not exist) while the service
runs, then checks the copy with PRAGMA integrity_check. The copy holds the tokens sealed with
the secret key: keep DIR/secret.key (or your SECRET_KEY) too, stored apart from the copy.

  -data-dir DIR    the service's DATA_DIR (default $DATA_DIR, else ./data)
`

const restoreUsage = `usage: toggl-attio-sync restore [-data-dir DIR] FILE

Replaces DIR's database with the backup FILE while the service is stopped. Refuses a file
that fails PRAGMA integrity_check or comes from a newer version of the program. The database
it replaces is kept beside it (toggl-attio-sync.db.before-restore-<time>). Start the service
with the same secret key the backup was made with.

  -data-dir DIR    the service's DATA_DIR (default $DATA_DIR, else ./data)
`

// Backup runs `toggl-attio-sync backup`.
func Backup(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	dir, file, err := parse("backup", backupUsage, args, getenv, stdout)
	if err != nil || file == "" {
		return err
	}
	dbPath := filepath.Join(dir, config.DatabaseFile)
	if err := store.BackupTo(ctx, dbPath, file); err != nil {
		return err
	}
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup: wrote %s (%d bytes), integrity ok\n", file, info.Size())
	if getenv("SECRET_KEY") == "" {
		fmt.Fprintf(stdout, "backup: the tokens in it are sealed with %s: keep a copy of that file, apart from the backup\n", filepath.Join(dir, "secret.key"))
	} else {
		fmt.Fprintln(stdout, "backup: the tokens in it are sealed with your SECRET_KEY: restoring needs the same key")
	}
	return nil
}

// Restore runs `toggl-attio-sync restore`.
func Restore(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer, now time.Time) error {
	dir, file, err := parse("restore", restoreUsage, args, getenv, stdout)
	if err != nil || file == "" {
		return err
	}
	dbPath := filepath.Join(dir, config.DatabaseFile)
	alive, err := resync.ServiceAliveInFile(ctx, dbPath, now)
	if err != nil {
		return fmt.Errorf("restore: cannot read %s: %w", dbPath, err)
	}
	if alive {
		return errors.New("restore refused: the service is running on this DATA_DIR; stop the service first")
	}
	kept, err := store.RestoreFrom(ctx, file, dbPath, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restore: %s now holds the backup %s\n", dbPath, file)
	if kept != "" {
		fmt.Fprintf(stdout, "restore: the database it replaced is kept as %s\n", dbPath+kept)
	}
	return nil
}

// parse reads the flags and the one FILE argument; "" with a nil error means usage was shown.
func parse(name, usage string, args []string, getenv func(string) string, stdout io.Writer) (dir, file string, err error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	def := strings.TrimSpace(getenv("DATA_DIR"))
	if def == "" {
		def = config.DefaultDataDir
	}
	dataDir := fs.String("data-dir", def, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return "", "", nil
		}
		return "", "", fmt.Errorf("%s: %v (flags: -data-dir)", name, err)
	}
	if fs.NArg() != 1 {
		return "", "", fmt.Errorf("%s: name one FILE (see toggl-attio-sync %s -h)", name, name)
	}
	return *dataDir, fs.Arg(0), nil
}
