package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"toggl-attio-sync/db"
)

func withConnection(t *testing.T) (*Store, int64) {
	t.Helper()
	s, _ := openTemp(t)
	c, err := s.q.CreateConnection(context.Background(), db.CreateConnectionParams{Slug: "c1", Name: "test", SettingsJson: "{}", Status: "active", CreatedAt: 1, UpdatedAt: 1})
	if err != nil {
		t.Fatal(err)
	}
	return s, c.ID
}

func ev(conn int64, key, entity string) NewEvent {
	return NewEvent{ConnectionID: conn, Source: "toggl", DedupeKey: key, EntityKey: entity, Kind: "time_entry.updated", Body: []byte(`{}`)}
}

func TestEnqueueDedupes(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	a := Audit{ConnectionID: conn, Source: "toggl", Status: "accepted", Message: "m"}
	id1, dup, err := s.Enqueue(ctx, ev(conn, "42", "time_entry:1"), now, a)
	if err != nil || dup || id1 == 0 {
		t.Fatalf("first: %d %v %v", id1, dup, err)
	}
	_, dup, err = s.Enqueue(ctx, ev(conn, "42", "time_entry:1"), now, a)
	if err != nil || !dup {
		t.Fatalf("second: dup=%v err=%v", dup, err)
	}
	// event_id 0 (no dedupe key) is never deduplicated.
	for range 2 {
		if _, dup, err := s.Enqueue(ctx, ev(conn, "", "ping"), now, a); err != nil || dup {
			t.Fatalf("keyless: dup=%v err=%v", dup, err)
		}
	}
	var inbox, dupAudit int
	s.r.QueryRow("SELECT count(*) FROM inbox").Scan(&inbox)
	s.r.QueryRow("SELECT count(*) FROM audit WHERE status = 'duplicate'").Scan(&dupAudit)
	if inbox != 3 || dupAudit != 1 {
		t.Fatalf("inbox=%d duplicate audits=%d", inbox, dupAudit)
	}
}

func TestLeaseKeepsEntityOrder(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	a := Audit{ConnectionID: conn, Source: "toggl", Status: "accepted"}
	first, _, _ := s.Enqueue(ctx, ev(conn, "1", "time_entry:7"), now, a)
	second, _, _ := s.Enqueue(ctx, ev(conn, "2", "time_entry:7"), now, a)
	other, _, _ := s.Enqueue(ctx, ev(conn, "3", "time_entry:8"), now, a)

	j1, _ := s.Lease(ctx, "w1", now, time.Minute)
	j2, _ := s.Lease(ctx, "w2", now, time.Minute)
	if j1.ID != first || j2.ID != other {
		t.Fatalf("leased %d and %d, want %d and %d (second of entity 7 must wait)", j1.ID, j2.ID, first, other)
	}
	if j, _ := s.Lease(ctx, "w3", now, time.Minute); j != nil {
		t.Fatalf("leased %d while entity 7's first job runs", j.ID)
	}
	if err := s.Finish(ctx, j1, StatusDone, "", now); err != nil {
		t.Fatal(err)
	}
	j3, _ := s.Lease(ctx, "w1", now, time.Minute)
	if j3 == nil || j3.ID != second {
		t.Fatalf("after the first finished, leased %v, want %d", j3, second)
	}
}

func TestDeadWorkerLeaseExpires(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	s.Enqueue(ctx, ev(conn, "1", "e"), now, Audit{Source: "toggl", Status: "accepted"})
	j, _ := s.Lease(ctx, "dies", now, time.Minute)
	if again, _ := s.Lease(ctx, "w2", now.Add(30*time.Second), time.Minute); again != nil {
		t.Fatal("leased a job under a live lease")
	}
	j2, _ := s.Lease(ctx, "w2", now.Add(61*time.Second), time.Minute)
	if j2 == nil || j2.ID != j.ID || j2.Attempts != 2 {
		t.Fatalf("expired lease not requeued: %+v", j2)
	}
	if err := s.Finish(ctx, j, StatusDone, "", now); !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("dead worker finishing: %v", err)
	}
}

func TestRetryRefundAndReplay(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	s.Enqueue(ctx, ev(conn, "1", "e"), now, Audit{Source: "toggl", Status: "accepted"})
	j, _ := s.Lease(ctx, "w", now, time.Minute)
	if err := s.Retry(ctx, j, now.Add(time.Hour), "quota", "Toggl quota until 11:00", true); err != nil {
		t.Fatal(err)
	}
	if j2, _ := s.Lease(ctx, "w", now.Add(time.Minute), time.Minute); j2 != nil {
		t.Fatal("leased before its retry time")
	}
	j, _ = s.Lease(ctx, "w", now.Add(time.Hour), time.Minute)
	if j == nil || j.Attempts != 1 {
		t.Fatalf("a wait counted as an attempt: %+v", j)
	}
	s.Finish(ctx, j, StatusDead, "boom", now)
	ok, err := s.Replay(ctx, j.ID, now)
	if err != nil || !ok {
		t.Fatalf("replay: %v %v", ok, err)
	}
	got, _ := s.q.GetInbox(ctx, j.ID)
	if got.Status != StatusQueued || got.Attempts != 0 || got.LastError != "" {
		t.Fatalf("after replay: %+v", got)
	}
}

func TestPruneKeepsDedupeWindow(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	t0 := time.Unix(1_000_000, 0)
	s.Enqueue(ctx, ev(conn, "old", "e1"), t0, Audit{Source: "toggl", Status: "accepted"})
	j, _ := s.Lease(ctx, "w", t0, time.Minute)
	s.Finish(ctx, j, StatusDone, "", t0)

	if n, _ := s.Prune(ctx, t0.Add(7*24*time.Hour)); n != 0 {
		t.Fatal("pruned inside the 7-day window")
	}
	if _, dup, _ := s.Enqueue(ctx, ev(conn, "old", "e1"), t0.Add(7*24*time.Hour), Audit{Source: "toggl", Status: "accepted"}); !dup {
		t.Fatal("redelivery after 7 days not recognised")
	}
	if n, _ := s.Prune(ctx, t0.Add(DedupeWindow+time.Hour)); n != 1 {
		t.Fatalf("pruned %d after the window", n)
	}
}

func TestLocks(t *testing.T) {
	s, _ := openTemp(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	ok, _ := s.TryLock(ctx, "company:1", "a", time.Minute, now)
	if !ok {
		t.Fatal("free lock not taken")
	}
	if ok, _ := s.TryLock(ctx, "company:1", "b", time.Minute, now); ok {
		t.Fatal("held lock taken by another owner")
	}
	if ok, _ := s.TryLock(ctx, "company:1", "a", time.Minute, now.Add(time.Second)); !ok {
		t.Fatal("owner could not renew")
	}
	if ok, _ := s.TryLock(ctx, "company:1", "b", time.Minute, now.Add(2*time.Minute)); !ok {
		t.Fatal("expired lock (dead holder) not taken")
	}
	s.Unlock(ctx, "company:1", "a") // no longer a's: must not release b's lock
	if ok, _ := s.TryLock(ctx, "company:1", "c", time.Minute, now.Add(2*time.Minute)); ok {
		t.Fatal("a's unlock released b's lock")
	}
	var n int
	s.r.QueryRowContext(ctx, "SELECT count(*) FROM locks").Scan(&n)
	if n != 1 {
		t.Fatalf("locks rows %d", n)
	}
}

// Concurrent enqueues share commits and still dedupe exactly, even inside one group.
func TestGroupCommitDedupesAcrossConcurrentCalls(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Unix(1000, 0)
	var wg sync.WaitGroup
	var dups, fresh atomic.Int32
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, dup, err := s.Enqueue(ctx, ev(conn, fmt.Sprint(i%50), "e"), now, Audit{Source: "toggl", Status: "accepted"})
			if err != nil {
				t.Error(err)
			}
			if dup {
				dups.Add(1)
			} else {
				fresh.Add(1)
			}
		}()
	}
	wg.Wait()
	if fresh.Load() != 50 || dups.Load() != 150 {
		t.Fatalf("fresh %d dup %d, want 50 and 150", fresh.Load(), dups.Load())
	}
	var rows int
	s.r.QueryRow("SELECT count(*) FROM inbox").Scan(&rows)
	if rows != 50 {
		t.Fatalf("%d inbox rows", rows)
	}
	s.Close()
	if _, _, err := s.Enqueue(ctx, ev(conn, "late", "e"), now, Audit{Source: "toggl", Status: "accepted"}); err == nil {
		t.Fatal("enqueue after Close succeeded")
	}
}

// A batch is stored whole or not at all; a content key coalesces copies only while the first
// copy is unfinished.
func TestEnqueueBatchWholeAndContentKeys(t *testing.T) {
	s, conn := withConnection(t)
	ctx := context.Background()
	now := time.Now()
	acc := Audit{ConnectionID: conn, Source: "attio", Status: "accepted"}
	// The second event collides with itself inside the batch on a NOT NULL column: the
	// whole batch fails, the first event included.
	bad := ev(conn, "b1", "record:1")
	broken := ev(conn, "b2", "record:2")
	broken.Body = nil
	if _, err := s.EnqueueBatch(ctx, []NewEvent{bad, broken}, []Audit{acc, acc}, now); err == nil {
		t.Fatal("a batch with a bad event was stored")
	}
	var n int
	s.r.QueryRow("SELECT count(*) FROM inbox").Scan(&n)
	if n != 0 {
		t.Fatalf("%d rows of a refused batch stored", n)
	}

	first := ev(conn, "content:abc", "record:1")
	if _, dup, err := s.Enqueue(ctx, first, now, acc); err != nil || dup {
		t.Fatalf("first copy: dup %v, %v", dup, err)
	}
	if _, dup, err := s.Enqueue(ctx, first, now, acc); err != nil || !dup {
		t.Fatalf("a copy while the first is queued: dup %v, %v", dup, err)
	}
	job, err := s.Lease(ctx, "w", now, time.Minute)
	if err != nil || job == nil {
		t.Fatal(job, err)
	}
	if err := s.Finish(ctx, job, StatusDone, "", now); err != nil {
		t.Fatal(err)
	}
	if _, dup, err := s.Enqueue(ctx, first, now, acc); err != nil || dup {
		t.Fatalf("the same content after the first finished is a new event: dup %v, %v", dup, err)
	}
	// An idempotency key stays a key after its job ends.
	keyed := ev(conn, "idem-1#0", "record:3")
	s.Enqueue(ctx, keyed, now, acc)
	for {
		j, _ := s.Lease(ctx, "w", now, time.Minute)
		if j == nil {
			break
		}
		s.Finish(ctx, j, StatusDone, "", now)
	}
	if _, dup, _ := s.Enqueue(ctx, keyed, now, acc); !dup {
		t.Fatal("a redelivery with the same idempotency key was not deduplicated")
	}
}
