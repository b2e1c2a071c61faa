package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/db"
)

// waitReady polls Ready until it answers as wanted; the probe is cached for probeEvery.
func waitReady(t *testing.T, s *Store, wantOK bool) error {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := s.Ready(context.Background())
		if (err == nil) == wantOK {
			return err
		}
		if time.Now().After(deadline) {
			t.Fatalf("Ready never became ok=%v: last %v", wantOK, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// fillDisk caps the writer connection's database at its current size and writes until SQLite
// answers "database or disk is full", as on a full disk.
func fillDisk(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	var pages int
	if err := s.w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	for i := 0; ; i++ {
		_, err := s.w.ExecContext(ctx, "INSERT INTO locks (name, owner, expires_at) VALUES (?, printf('%.*c', 3000, 'f'), 0)", fmt.Sprintf("filler-%d", i))
		if err != nil {
			if !strings.Contains(err.Error(), "full") {
				t.Fatalf("filling: %v", err)
			}
			return
		}
		if i > 100000 {
			t.Fatal("never filled")
		}
	}
}

func TestReadyFailsWhileDiskFullAndRecovers(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	fillDisk(t, s)
	err := waitReady(t, s, false)
	if !strings.Contains(err.Error(), "cannot take writes") || !strings.Contains(err.Error(), "full") {
		t.Fatalf("not-ready reason = %v", err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	waitReady(t, s, true)
}

func TestReadyFailsWhileReadOnlyAndRecovers(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	// query_only on the single writer connection: every write answers "attempt to write a
	// readonly database", as after the file or its directory turned read-only.
	if _, err := s.w.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	if err := waitReady(t, s, false); !strings.Contains(err.Error(), "cannot take writes") {
		t.Fatalf("not-ready reason = %v", err)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		t.Fatal(err)
	}
	waitReady(t, s, true)
}

func TestWriteFailureIsRememberedAndReprobes(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	if err := s.Ready(ctx); err != nil { // caches a good probe
		t.Fatal(err)
	}
	fillDisk(t, s)
	err := s.tx(ctx, func(_ *db.Queries, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO locks (name, owner, expires_at) VALUES ('x', printf('%.*c', 9000, 'x'), 0)")
		return err
	})
	if err == nil {
		t.Fatal("write on a full database succeeded")
	}
	if _, last := s.LastWriteError(); last == nil {
		t.Fatal("storage failure not remembered")
	}
	// The failure drops the cached good probe: the very next check answers not ready.
	if err := s.Ready(ctx); err == nil || !strings.Contains(err.Error(), "last write error") {
		t.Fatalf("Ready right after a failed write = %v", err)
	}
}
