package worker

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/clock"
	"toggl-attio-sync/internal/store"
)

func setup(t *testing.T, h HandlerFunc) (*Pool, *store.Store, *clock.Manual, int64) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	c, err := st.CreateConnection(context.Background(), store.CreateConnectionParams{Slug: "s", Name: "n", SettingsJson: "{}", Status: "active", CreatedAt: 1, UpdatedAt: 1})
	if err != nil {
		t.Fatal(err)
	}
	clk := clock.NewManual(time.Unix(1_700_000_000, 0))
	out := &logs{}
	p := &Pool{Store: st, Handlers: map[string]Handler{"toggl": h}, Now: clk.Now, Logger: slog.New(slog.NewTextHandler(out, nil)),
		Backoff:     backoff.Exponential{Base: time.Second, Max: time.Minute, Rand: func() float64 { return 0.999 }},
		MaxAttempts: func(int64) int { return 3 }}
	poolLogs.Store(p, out)
	return p, st, clk, c.ID
}

func enqueue(t *testing.T, st *store.Store, conn int64, key string, now time.Time) int64 {
	t.Helper()
	id, _, err := st.Enqueue(context.Background(), store.NewEvent{ConnectionID: conn, Source: "toggl", DedupeKey: key, EntityKey: "e:" + key, Kind: "k", Body: []byte("{}")}, now, store.Audit{Source: "toggl", Status: "accepted"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func status(t *testing.T, st *store.Store, id int64) store.Job {
	t.Helper()
	j, err := st.GetInbox(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func TestOutcomes(t *testing.T) {
	results := map[string]error{
		"done": nil, "skip": Skip("stale"), "perm": errors.New("bad request"),
		"panic": nil,
	}
	p, st, clk, conn := setup(t, func(_ context.Context, j *store.Job) error {
		key := j.DedupeKey.String
		if key == "panic" {
			panic("boom")
		}
		return results[key]
	})
	ids := map[string]int64{}
	for k := range results {
		ids[k] = enqueue(t, st, conn, k, clk.Now())
	}
	for range results {
		if worked, err := p.RunOne(context.Background(), "w"); !worked || err != nil {
			t.Fatalf("RunOne: %v %v", worked, err)
		}
	}
	want := map[string]string{"done": "done", "skip": "skipped", "perm": "dead", "panic": "dead"}
	for k, w := range want {
		if got := status(t, st, ids[k]); got.Status != w {
			t.Errorf("%s: status %s, want %s (%s)", k, got.Status, w, got.LastError)
		}
	}
}

func TestRetryBackoffThenDeadLetter(t *testing.T) {
	var calls atomic.Int32
	p, st, clk, conn := setup(t, func(context.Context, *store.Job) error {
		calls.Add(1)
		return Retry(errors.New("attio 503"))
	})
	id := enqueue(t, st, conn, "r", clk.Now())
	p.RunOne(context.Background(), "w")
	j := status(t, st, id)
	if j.Status != "queued" || j.NextAttemptAt <= clk.Now().UnixMilli() {
		t.Fatalf("after a transient failure: %+v", j)
	}
	if worked, _ := p.RunOne(context.Background(), "w"); worked {
		t.Fatal("retried before the backoff elapsed")
	}
	clk.Advance(2 * time.Second)
	p.RunOne(context.Background(), "w")
	clk.Advance(4 * time.Second)
	p.RunOne(context.Background(), "w")
	if j := status(t, st, id); j.Status != "dead" || calls.Load() != 3 {
		t.Fatalf("after 3 attempts: status %s calls %d", j.Status, calls.Load())
	}
	var audits int
	st.QueryRowRaw("SELECT count(*) FROM audit WHERE inbox_id = ? AND status IN ('retrying','dead')", id).Scan(&audits)
	if audits != 3 {
		t.Fatalf("audit rows for retries and dead letter: %d", audits)
	}
	if out := loggedBy(p); !strings.Contains(out, "level=WARN msg=\"dead letter") || !strings.Contains(out, "attio 503") {
		t.Fatalf("the dead letter was not logged at WARN with its cause:\n%s", out)
	}
}

func TestWaitNeverDeadLetters(t *testing.T) {
	var calls atomic.Int32
	var clk *clock.Manual
	p, st, clk, conn := setup(t, func(context.Context, *store.Job) error {
		if calls.Add(1) <= 5 {
			return Wait(clk.Now().Add(time.Hour), "Toggl quota exhausted", errors.New("402"))
		}
		return nil
	})
	id := enqueue(t, st, conn, "q", clk.Now())
	for range 6 {
		p.RunOne(context.Background(), "w")
		if j := status(t, st, id); j.Status == "queued" && j.WaitReason != "Toggl quota exhausted" {
			t.Fatalf("wait reason not shown: %+v", j)
		}
		clk.Advance(time.Hour)
	}
	if j := status(t, st, id); j.Status != "done" {
		t.Fatalf("after the quota reset: %+v", j)
	}
}

// Run drains the queue with several workers and, when stopped, lets a running job finish.
func TestRunDrainsAndStopsGracefully(t *testing.T) {
	var done atomic.Int32
	started := make(chan struct{}, 100)
	release := make(chan struct{})
	p, st, clk, conn := setup(t, func(_ context.Context, j *store.Job) error {
		if j.DedupeKey.String == "slow" {
			started <- struct{}{}
			<-release
		}
		done.Add(1)
		return nil
	})
	p.Now = time.Now
	for i := range 20 {
		enqueue(t, st, conn, string(rune('a'+i)), clk.Now())
	}
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() { p.Run(ctx); close(finished) }()
	p.Notify()
	enqueue(t, st, conn, "slow", time.Now())
	p.Notify()
	<-started
	cancel()
	close(release)
	<-finished
	if n := done.Load(); n != 21 {
		t.Fatalf("handled %d of 21 jobs", n)
	}
	var left int
	st.QueryRowRaw("SELECT count(*) FROM inbox WHERE status != 'done'").Scan(&left)
	if left != 0 {
		t.Fatalf("%d jobs not done after graceful stop", left)
	}
}

// A job a dead process held is queued again when the next process starts its pool.
func TestRunRequeuesJobsOfADeadProcess(t *testing.T) {
	var done atomic.Int32
	p, st, clk, conn := setup(t, func(context.Context, *store.Job) error { done.Add(1); return nil })
	p.Now = time.Now
	enqueue(t, st, conn, "held", clk.Now())
	if j, _ := st.Lease(context.Background(), "deadbeef-0", time.Now(), time.Hour); j == nil {
		t.Fatal("no job leased")
	}
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	go func() { p.Run(ctx); close(finished) }()
	for done.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-finished
}

// A worker whose lease was taken over stops its handler instead of running on beside the
// new owner.
func TestLostLeaseStopsTheHandler(t *testing.T) {
	stopped := make(chan error, 1)
	var st *store.Store
	var jobID int64
	p, st, clk, conn := setup(t, func(ctx context.Context, j *store.Job) error {
		// Another worker takes the job over (as after this one stalled past its lease).
		if _, err := st.ExecRaw(context.Background(), "UPDATE inbox SET lease_owner = 'other' WHERE id = ?", j.ID); err != nil {
			return err
		}
		<-ctx.Done()
		stopped <- ctx.Err()
		return ctx.Err()
	})
	p.Now, p.Lease = time.Now, 150*time.Millisecond
	jobID = enqueue(t, st, conn, "long", clk.Now())
	if worked, err := p.RunOne(context.Background(), "w"); !worked || err != nil {
		t.Fatalf("RunOne: %v %v", worked, err)
	}
	if err := <-stopped; err == nil {
		t.Fatal("handler not cancelled")
	}
	if j := status(t, st, jobID); j.LeaseOwner != "other" || j.Status != "running" {
		t.Fatalf("the new owner's lease was disturbed: %+v", j)
	}
}

// logs collects a pool's log output for assertions.
type logs struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

var poolLogs sync.Map // *Pool → *logs

func loggedBy(p *Pool) string {
	l, _ := poolLogs.Load(p)
	if l == nil {
		return ""
	}
	lg := l.(*logs)
	lg.mu.Lock()
	defer lg.mu.Unlock()
	return lg.b.String()
}
