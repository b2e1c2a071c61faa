package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A backup taken while deliveries are being acknowledged opens, passes integrity_check and
// holds every delivery acknowledged before it started.
func TestBackupDuringWriteLoad(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	var (
		mu    sync.Mutex
		acked []int64
		stop  = make(chan struct{})
		wg    sync.WaitGroup
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				id, _, err := s.Enqueue(ctx, ev(conn, fmt.Sprintf("w%d-%d", w, i), fmt.Sprintf("time_entry:%d", i)), time.Now(), Audit{ConnectionID: conn, Source: "toggl", Status: "accepted"})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		}(w)
	}
	// Let the load run before and during the backup.
	deadline := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 200 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	before := append([]int64(nil), acked...)
	mu.Unlock()
	dest := filepath.Join(t.TempDir(), "backup.db")
	err := BackupTo(ctx, dbPathOf(t, s), dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(before) == 0 {
		t.Fatal("no delivery was acknowledged before the backup")
	}
	b, err := sql.Open("sqlite", "file:"+dest+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var integrity string
	if err := b.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check: %q %v", integrity, err)
	}
	for _, id := range before {
		var got int64
		if err := b.QueryRow("SELECT id FROM inbox WHERE id = ?", id).Scan(&got); err != nil {
			t.Fatalf("acknowledged delivery %d missing from the backup: %v", id, err)
		}
	}
	t.Logf("%d deliveries acknowledged before the backup, all in it", len(before))
	if err := BackupTo(ctx, dbPathOf(t, s), dest); err == nil {
		t.Fatal("a second backup over an existing file was not refused")
	}
}

func TestRestoreChecksTheFile(t *testing.T) {
	ctx := context.Background()
	s, conn := withConnection(t)
	if _, _, err := s.Enqueue(ctx, ev(conn, "k1", "time_entry:1"), time.Now(), Audit{ConnectionID: conn, Source: "toggl", Status: "accepted"}); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "good.db")
	if err := BackupTo(ctx, dbPathOf(t, s), good); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	target := filepath.Join(dir, "toggl-attio-sync.db")
	old, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()

	newer := filepath.Join(t.TempDir(), "newer.db")
	if err := BackupTo(ctx, dbPathOf(t, s), newer); err != nil {
		t.Fatal(err)
	}
	setUserVersion(t, newer, 999)
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	if err := os.WriteFile(garbage, []byte("this is not a database, it is a shopping list"), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"newer schema": newer, "not a database": garbage, "missing": filepath.Join(dir, "nope.db")} {
		if _, err := RestoreFrom(ctx, src, target, time.Now()); err == nil {
			t.Fatalf("%s: restore was not refused", name)
		} else if name == "newer schema" {
			var ns *ErrNewerSchema
			if !errors.As(err, &ns) {
				t.Fatalf("newer schema: %v", err)
			}
		}
	}
	kept, err := RestoreFrom(ctx, good, target, time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if kept != ".before-restore-20261202T100000Z" {
		t.Fatalf("kept suffix %q", kept)
	}
	if _, err := os.Stat(target + kept); err != nil {
		t.Fatalf("the replaced database was not kept: %v", err)
	}
	r, err := Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var n int
	if err := r.QueryRowRaw("SELECT count(*) FROM inbox").Scan(&n); err != nil || n != 1 {
		t.Fatalf("restored inbox rows %d, %v", n, err)
	}
}

func TestLockHeldInFile(t *testing.T) {
	ctx := context.Background()
	s, _ := withConnection(t)
	now := time.Now()
	path := dbPathOf(t, s)
	if held, err := LockHeldInFile(ctx, path, "svc", now); err != nil || held {
		t.Fatalf("free lock: %v %v", held, err)
	}
	if ok, err := s.TryLock(ctx, "svc", "me", time.Minute, now); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if held, err := LockHeldInFile(ctx, path, "svc", now); err != nil || !held {
		t.Fatalf("held lock: %v %v", held, err)
	}
	if held, err := LockHeldInFile(ctx, path, "svc", now.Add(2*time.Minute)); err != nil || held {
		t.Fatalf("expired lock: %v %v", held, err)
	}
	if held, err := LockHeldInFile(ctx, filepath.Join(t.TempDir(), "none.db"), "svc", now); err != nil || held {
		t.Fatalf("missing database: %v %v", held, err)
	}
}

func dbPathOf(t *testing.T, s *Store) string {
	t.Helper()
	var seq int
	var name, file string
	if err := s.r.QueryRow("PRAGMA database_list").Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

func setUserVersion(t *testing.T, path string, v int) {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}

// A database SQLite could not put in WAL mode is refused with the reason.
func TestCheckWALRefusesOtherJournalModes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "memjournal.db")
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(MEMORY)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	err = checkWAL(context.Background(), c, path)
	if err == nil || !strings.Contains(err.Error(), `journal mode "memory", not WAL`) {
		t.Fatalf("got %v", err)
	}
}
