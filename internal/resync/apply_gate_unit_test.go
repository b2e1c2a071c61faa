package resync_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/clock"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

// The service's gate: nothing applies before the service lock is held (it takes over a dead
// service's lease); a connection another process's run holds waits until just past that
// lease, its own resync's lock does not; a free lock is trusted for a second.
func TestApplyGate(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "db.sqlite"))
	must(t, err)
	t.Cleanup(func() { st.Close() })
	clk := clock.NewManual(time.UnixMilli(1_800_000_000_000))
	svc := &resync.Service{Store: st, Owner: "service", Clock: clk}
	waits := func(connID int64) *worker.WaitError {
		t.Helper()
		var we *worker.WaitError
		if err := svc.ApplyGate(ctx, connID); !errors.As(err, &we) {
			if err != nil {
				t.Fatalf("connection %d: %v", connID, err)
			}
			return nil
		}
		return we
	}

	// A service that died left its lease; the new one takes it over at start.
	ok, err := st.TryLock(ctx, "resync:service", "dead service", time.Minute, clk.Now())
	if !ok || err != nil {
		t.Fatalf("dead service's lock: %v %v", ok, err)
	}
	if waits(1) == nil {
		t.Fatal("a delivery applies before the service holds the service lock")
	}
	must(t, svc.TakeServiceLock(ctx))
	if h, err := st.GetLockHolder(ctx, "resync:service"); err != nil || h.Owner != "service" {
		t.Fatalf("service lock after taking it over: %+v %v", h, err)
	}
	if we := waits(1); we != nil {
		t.Fatalf("free connection: %v", we)
	}

	// The command's run holds connection 2; the service's own resync holds connection 3.
	must2(t)(st.TryLock(ctx, "resync:2", "the command", 2*time.Minute, clk.Now()))
	must2(t)(st.TryLock(ctx, "resync:3", "service", 2*time.Minute, clk.Now()))
	we := waits(2)
	if we == nil || !strings.Contains(we.Reason, "resync run in another process") {
		t.Fatalf("connection held by the command: %v", we)
	}
	if want := clk.Now().Add(2*time.Minute + time.Millisecond); !we.Until.Equal(want) {
		t.Errorf("waits until %s, want just past the lease, %s", we.Until, want)
	}
	if we := waits(3); we != nil {
		t.Errorf("the service's own resync holds back its deliveries: %v", we)
	}

	// Connection 1 was free a moment ago: trusted for a second, then looked at again.
	must2(t)(st.TryLock(ctx, "resync:1", "the command", 2*time.Minute, clk.Now()))
	if we := waits(1); we != nil {
		t.Errorf("within the second: %v", we)
	}
	clk.Advance(time.Second)
	if waits(1) == nil {
		t.Error("a second later the command's claim is not seen")
	}
	// A released lease holds nothing back (a held one is never remembered).
	must(t, st.Unlock(ctx, "resync:1", "the command"))
	if we := waits(1); we != nil {
		t.Errorf("released lease: %v", we)
	}
	// Nor does one that ran out (its holder died)...
	clk.Advance(2 * time.Minute)
	if waits(2) == nil {
		t.Error("a delivery applies after the service lock ran out")
	}
	// ...once this service has renewed its own.
	must(t, svc.TakeServiceLock(ctx))
	if we := waits(2); we != nil {
		t.Errorf("expired lease: %v", we)
	}
}

func must2(t *testing.T) func(bool, error) {
	return func(ok bool, err error) {
		t.Helper()
		if !ok || err != nil {
			t.Fatalf("lock: %v %v", ok, err)
		}
	}
}

// The gate's cost per delivery: the steady state (a free lock remembered) and a look at the
// database (once a second per connection, or every delivery while a run holds it).
func BenchmarkApplyGate(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(b.TempDir(), "db.sqlite"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	clk := clock.NewManual(time.UnixMilli(1_800_000_000_000))
	svc := &resync.Service{Store: st, Owner: "service", Clock: clk}
	if err := svc.TakeServiceLock(ctx); err != nil {
		b.Fatal(err)
	}
	b.Run("remembered", func(b *testing.B) {
		for b.Loop() {
			if err := svc.ApplyGate(ctx, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	if _, err := st.TryLock(ctx, "resync:2", "the command", time.Hour, clk.Now()); err != nil {
		b.Fatal(err)
	}
	b.Run("held by the command", func(b *testing.B) {
		for b.Loop() {
			if svc.ApplyGate(ctx, 2) == nil {
				b.Fatal("applied")
			}
		}
	})
}
