package resync

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/clock"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
)

// Clock is a run's source of time; quota pauses and retry back-offs sleep through it.
type Clock = clock.Clock

// TogglFactory returns a connection's Toggl client for the run's own requests. It should be
// built with toggl.Options.FailFastOnQuota, so a quota 402 comes back at once and the run
// pauses where the console can show it, instead of blocking inside a call.
type TogglFactory = connection.TogglFactory

// Service executes resync runs. Only Store, Conns, Inbound and Toggl are required.
type Service struct {
	Store   *store.Store
	Conns   *connection.Service
	Inbound *inbound.Handler // applies entries, projects and clients exactly as webhooks do
	Toggl   TogglFactory
	Logger  *slog.Logger
	Clock   Clock // nil: the system clock

	// Owner names this process in locks; default host-pid-random.
	Owner string
	// Workers is how many entries are applied at once, so that the Attio client's write
	// pacer, not each call's latency, sets the pace. Default 8.
	Workers int
	// PageSize is the Reports page_size; default DefaultPageSize.
	PageSize int
	// PollInterval is how often Run looks for queued or interrupted runs and a running run
	// looks for a cancel request. Default 1 s.
	PollInterval time.Duration
	// LockTTL is how long a connection's lock outlives a process that died; it is renewed
	// while the run works. Default 2 min.
	LockTTL time.Duration
	// Backoff spaces the attempts of an entry that failed transiently; MaxAttempts bounds
	// them (waits for a rate limit or quota reset do not count). Defaults 1 s..1 min, 5.
	Backoff     backoff.Exponential
	MaxAttempts int

	gate applyGate // see ApplyGate
}

// serviceLease is how long the service lock outlives a service that stopped without
// releasing it; the CLI hands runs to the service only while it is held.
const serviceLease = 15 * time.Second

// ErrBusy means another process holds the connection's resync lock.
var ErrBusy = errors.New("another process is running this connection's resync")

// errCancelled and errLockLost end a run's context (context.Cause tells them from shutdown).
var (
	errCancelled = errors.New("cancelled from the console or the command line")
	errLockLost  = errors.New("the resync lock was taken over by another process")
)

func (s *Service) clock() Clock {
	if s.Clock == nil {
		return clock.System{}
	}
	return s.Clock
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return s.Logger
}

var defaultOwner = func() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}()

func (s *Service) owner() string {
	if s.Owner == "" {
		return defaultOwner
	}
	return s.Owner
}

func (s *Service) workers() int     { return positive(s.Workers, 8) }
func (s *Service) pageSize() int    { return positive(s.PageSize, DefaultPageSize) }
func (s *Service) maxAttempts() int { return positive(s.MaxAttempts, 5) }

func (s *Service) pollInterval() time.Duration {
	if s.PollInterval > 0 {
		return s.PollInterval
	}
	return time.Second
}

func (s *Service) lockTTL() time.Duration {
	if s.LockTTL > 0 {
		return s.LockTTL
	}
	return 2 * time.Minute
}

func (s *Service) backoff() backoff.Exponential {
	if s.Backoff.Base > 0 {
		return s.Backoff
	}
	return backoff.Exponential{Base: time.Second, Max: time.Minute}
}

func positive(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// Run executes queued runs and resumes interrupted ones (their process stopped and its lock
// expired or was released) until ctx ends, then stops its runs at their last checkpoint and
// returns once they have. It holds the service lock so the CLI knows to hand runs over.
func (s *Service) Run(ctx context.Context) {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		running = map[int64]bool{} // connection ids with a run in this process
	)
	defer func() {
		wg.Wait()
		s.gate.serviceUntil.Store(0)
		s.Store.Unlock(context.Background(), serviceLock, s.owner())
	}()
	// The service lock is renewed a few times per lease, not on every look for runs: each
	// renewal is a write.
	lease := s.serviceLease()
	var renewed time.Time
	var sched scheduler
	for {
		now := s.clock().Now()
		s.schedule(ctx, &sched, now)
		if now.Sub(renewed) >= lease/3 {
			err := s.renewServiceLock(ctx, now)
			if err != nil && ctx.Err() == nil {
				s.logger().Error("resync: service lock", "err", err)
			}
			if err == nil || errors.Is(err, errServiceLockTaken) {
				renewed = now // a failed write is tried again at the next look
			}
		}
		runs, err := s.Store.ListUnfinishedResyncRuns(ctx)
		if err != nil && ctx.Err() == nil {
			s.logger().Error("resync: list runs", "err", err)
		}
		for _, r := range runs {
			mu.Lock()
			busy := running[r.ConnectionID]
			mu.Unlock()
			if busy || ctx.Err() != nil {
				continue
			}
			if r.Status == StatusCancelling && r.StartedAt == 0 {
				s.Store.CancelQueuedResyncRun(ctx, store.CancelQueuedResyncRunParams{Now: now.UnixMilli(), ID: r.ID})
				continue
			}
			ok, err := s.Store.TryLock(ctx, lockName(r.ConnectionID), s.owner(), s.lockTTL(), now)
			if err != nil || !ok {
				continue // another process works on it
			}
			mu.Lock()
			running[r.ConnectionID] = true
			mu.Unlock()
			wg.Add(1)
			go func(r store.ResyncRun) {
				defer wg.Done()
				if _, err := s.executeLocked(ctx, r.ID); err != nil && ctx.Err() == nil {
					s.logger().Error("resync failed", "run", r.ID, "connection", r.ConnectionID, "err", err)
				}
				mu.Lock()
				delete(running, r.ConnectionID)
				mu.Unlock()
			}(r)
		}
		if err := s.clock().Sleep(ctx, s.pollInterval()); err != nil {
			return
		}
	}
}

// Execute runs one run to its end in this process (the CLI's path): it takes the
// connection's lock (ErrBusy when another process holds it), renews it while working and
// releases it at the end. A run stopped by ctx stays resumable from its last checkpoint.
func (s *Service) Execute(ctx context.Context, runID int64) (Progress, error) {
	row, err := s.Store.GetResyncRun(ctx, runID)
	if err != nil {
		return Progress{}, fmt.Errorf("resync run %d: %w", runID, err)
	}
	if err := s.claim(ctx, row.ConnectionID); err != nil {
		return Progress{}, err
	}
	return s.executeLocked(ctx, runID)
}

// claim takes the connection's resync lock for this process (ErrBusy when another holds it).
func (s *Service) claim(ctx context.Context, connID int64) error {
	ok, err := s.Store.TryLock(ctx, lockName(connID), s.owner(), s.lockTTL(), s.clock().Now())
	if err == nil && !ok {
		err = ErrBusy
	}
	return err
}

// executeLocked runs a run whose connection lock this process already holds, and releases it.
func (s *Service) executeLocked(ctx context.Context, runID int64) (Progress, error) {
	row, err := s.Store.GetResyncRun(ctx, runID)
	if err != nil {
		return Progress{}, err
	}
	defer s.release(row.ConnectionID)

	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	watchDone := make(chan struct{})
	go func() { defer close(watchDone); s.watch(runCtx, cancel, row) }()

	r, err := s.newRunner(runCtx, row)
	if err == nil {
		err = r.run(runCtx)
	}
	cancel(nil)
	<-watchDone

	cause := context.Cause(runCtx)
	switch {
	case errors.Is(cause, errCancelled) || errors.Is(err, errCancelled):
		err = s.finish(row.ID, r, StatusCancelled, "")
	case ctx.Err() != nil:
		// Shutdown: the run stays unfinished and resumes from its checkpoint next start.
		if r != nil {
			r.save(context.Background())
		}
		return Progress{}, ctx.Err()
	case errors.Is(cause, errLockLost):
		return Progress{}, errLockLost
	case errors.Is(err, errAwaitingConfirmation):
		if err := r.setStatus(context.WithoutCancel(ctx), StatusConfirm, time.Time{}); err != nil {
			return Progress{}, err
		}
		return Load(context.Background(), s.Store, row.ID, s.clock().Now())
	case err != nil:
		if ferr := s.finish(row.ID, r, StatusFailed, err.Error()); ferr != nil {
			err = errors.Join(err, ferr)
		}
		p, _ := Load(context.Background(), s.Store, row.ID, s.clock().Now())
		return p, err
	default:
		err = s.finish(row.ID, r, StatusDone, "")
	}
	if err != nil {
		return Progress{}, err
	}
	p, err := Load(context.Background(), s.Store, row.ID, s.clock().Now())
	if err == nil {
		s.logSummary(p)
	}
	return p, err
}

// logSummary logs what a finished run did, per kind; failures and removals at WARN.
func (s *Service) logSummary(p Progress) {
	c := p.Counts
	args := []any{"run", p.RunID, "connection", p.ConnectionID, "mode", p.Mode, "status", p.Status,
		"created", c.Created, "updated", c.Updated, "unchanged", c.Unchanged, "deleted", c.Deleted,
		"unroutable", c.Unroutable, "failed", c.Failed, "toggl_requests", p.TogglRequests, "attio_reads", p.AttioReads}
	for _, k := range FindingKinds {
		if n := p.Findings[k]; n > 0 {
			args = append(args, k, n)
		}
	}
	if c.Failed > 0 || c.Deleted > 0 || p.Findings[inbound.FindingOrphan] > 0 {
		s.logger().Warn("resync finished", args...)
		return
	}
	s.logger().Info("resync finished", args...)
}

func (s *Service) finish(runID int64, r *runner, status, msg string) error {
	now := s.clock().Now()
	var active, requests int64
	if r != nil {
		active, requests = r.activeMs(), r.requests.Load()
	}
	return s.Store.FinishResyncRun(context.Background(), store.FinishResyncRunParams{
		Status: status, Error: msg, ActiveMs: active, TogglRequests: requests,
		FinishedAt: now.UnixMilli(), UpdatedAt: now.UnixMilli(), ID: runID,
	})
}

// watch renews the connection's lock and ends the run's context on a cancel request or when
// the lock is lost.
func (s *Service) watch(ctx context.Context, cancel context.CancelCauseFunc, row store.ResyncRun) {
	lock := lockName(row.ConnectionID)
	renewEvery := s.lockTTL() / 4
	lastRenew := s.clock().Now()
	for {
		if err := s.clock().Sleep(ctx, min(s.pollInterval(), renewEvery)); err != nil {
			return
		}
		now := s.clock().Now()
		if now.Sub(lastRenew) >= renewEvery {
			ok, err := s.Store.TryLock(ctx, lock, s.owner(), s.lockTTL(), now)
			if ctx.Err() != nil {
				return
			}
			if err == nil && !ok {
				cancel(errLockLost)
				return
			}
			if err == nil {
				lastRenew = now
			}
		}
		cur, err := s.Store.GetResyncRun(ctx, row.ID)
		if err == nil && cur.Status == StatusCancelling {
			cancel(errCancelled)
			return
		}
	}
}
