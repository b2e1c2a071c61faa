package outbound

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

func lockRun(t *testing.T) (*run, *store.Store) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &Handler{Store: st, LockTTL: 300 * time.Millisecond, LockPatience: 100 * time.Millisecond, LockPoll: 10 * time.Millisecond, LockedWait: time.Minute}
	return &run{h: h, conn: &connection.Connection{ID: 7}}, st
}

// A Company lock held by another live owner makes the job wait in the queue; once the
// holder releases it, the next job takes it.
func TestCompanyLockWaitsThenTakes(t *testing.T) {
	r, st := lockRun(t)
	ctx := context.Background()
	held, _, err := r.lockCompany(ctx, "co")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = r.lockCompany(ctx, "co")
	var we *worker.WaitError
	if !errors.As(err, &we) || we.Until.Before(time.Now().Add(50*time.Second)) {
		t.Fatalf("second taker: %v, want a queue wait of LockedWait", err)
	}
	held.release(r.h)
	l, _, err := r.lockCompany(ctx, "co")
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	l.release(r.h)
	var n int
	st.QueryRowRaw("SELECT count(*) FROM locks").Scan(&n)
	if n != 0 {
		t.Fatalf("%d locks left after release", n)
	}
}

// The holder renews its lock while it works, so a job slower than LockTTL keeps it; a holder
// that dies (stops renewing) frees it once LockTTL has passed.
func TestCompanyLockRenewsAndExpires(t *testing.T) {
	r, st := lockRun(t)
	ctx := context.Background()
	name := lockName(7, "co")
	l, lctx, err := r.lockCompany(ctx, "co")
	if err != nil {
		t.Fatal(err)
	}
	expiry := func() int64 {
		var at int64
		if err := st.QueryRowRaw("SELECT expires_at FROM locks WHERE name = ?", name).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	first := expiry()
	for deadline := time.Now().Add(10 * time.Second); expiry() == first; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the lock was never renewed")
		}
	}
	if lctx.Err() != nil {
		t.Fatalf("lock lost while renewed: %v", context.Cause(lctx))
	}
	if ok, _ := st.TryLock(ctx, name, "intruder", time.Minute, time.UnixMilli(first)); ok {
		t.Fatal("a live lock was taken by another owner")
	}
	// The holder dies: renewal stops without a release; after its expiry the lock is free.
	l.stop(nil)
	<-l.done
	last := expiry()
	if ok, _ := st.TryLock(ctx, name, "next", time.Minute, time.UnixMilli(last+1)); !ok {
		t.Fatal("a dead holder's lock did not expire")
	}
}

// A holder whose lock was taken over (it stalled past the expiry) sees its work context end
// with errLockLost, so it makes no write without the lock.
func TestCompanyLockLost(t *testing.T) {
	r, st := lockRun(t)
	ctx := context.Background()
	l, lctx, err := r.lockCompany(ctx, "co")
	if err != nil {
		t.Fatal(err)
	}
	defer l.release(r.h)
	if _, err := st.ExecRaw(context.Background(), "UPDATE locks SET owner = 'thief'"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-lctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("work context still alive after the lock was taken")
	}
	if got := lost(lctx, lctx.Err()); !errors.Is(got, errLockLost) {
		t.Fatalf("lost() = %v, want errLockLost", got)
	}
}
