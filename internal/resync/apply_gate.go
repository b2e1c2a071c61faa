package resync

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/worker"
)

// Two processes applying one connection's entries at once could both create the Attio entry
// of one time entry: the per-entity guard (inbound's lockEntity) is in-process. The resync
// command runs in its own process (`resync -here`, or without a service), so the two honour
// a lease in the database instead, the connection's resync lock:
//
//   - the command holds it for the whole run (claimed before the run is queued, renewed while
//     it works, released at the end, expiring LockTTL after a command that died);
//   - the service's workers, before applying a Toggl delivery of a connection, look at that
//     lock; while another process holds it the delivery waits in the queue (not an attempt,
//     never a dead letter) until the lease would expire, and the release wakes it at once;
//   - the service's own resync holds the lock as the service's owner, which its workers
//     ignore: in one process lockEntity keeps applies apart.
//
// The look is a read by primary key, and a free lock is remembered for gateCache, so the
// steady state costs one read a second per connection. That is safe because a look only
// counts while this service holds the service lock, and the command, after claiming the
// connection, checks the service lock again and backs off when a service holds it: a command
// that claimed after the look sees the service, and one that claimed before it is seen.

// waitForOtherRun is the wait reason of deliveries held back by another process's run; the
// release wakes the jobs waiting with exactly this reason.
const waitForOtherRun = "a resync run in another process (the resync command) is applying this connection's entries; the delivery is applied when the run ends"

// gateCache is how long a connection's free lock is trusted without another look.
const gateCache = time.Second

// applyGate is the service side of the lease: whether this process holds the service lock,
// and which connections' locks were free at a recent look.
type applyGate struct {
	serviceUntil atomic.Int64 // unix ms until which this process holds the service lock

	mu   sync.Mutex
	free map[int64]time.Time // connection id → trusted free until
}

// ApplyGate tells the service's inbound workers whether a Toggl delivery of the connection
// may be applied now: nil, or a worker.WaitError while a resync run in another process holds
// the connection (see above). For inbound.Handler.ApplyGate.
func (s *Service) ApplyGate(ctx context.Context, connID int64) error {
	now := s.clock().Now()
	if now.UnixMilli() >= s.gate.serviceUntil.Load() {
		// Without the service lock a command may start beside this process unseen.
		return worker.Wait(now.Add(time.Second), "this process does not hold the service lock (is a second service running on this DATA_DIR?)", nil)
	}
	s.gate.mu.Lock()
	until, ok := s.gate.free[connID]
	s.gate.mu.Unlock()
	if ok && now.Before(until) {
		return nil
	}
	held, err := s.Store.GetLockHolder(ctx, lockName(connID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return worker.Retry(err)
	case held.Owner != s.owner() && held.ExpiresAt >= now.UnixMilli():
		// Until just past the lease: a holder that died frees it then (and the service takes
		// over its run); one that finishes wakes the job earlier.
		return worker.Wait(time.UnixMilli(held.ExpiresAt+1), waitForOtherRun, nil)
	}
	s.gate.mu.Lock()
	if s.gate.free == nil {
		s.gate.free = map[int64]time.Time{}
	}
	s.gate.free[connID] = now.Add(gateCache)
	s.gate.mu.Unlock()
	return nil
}

// TakeServiceLock makes this process the service that executes resyncs and applies
// deliveries, over the lease of a service process that died (one service process works a
// database). Call it before the workers start, so their first delivery finds it held; Run
// renews it.
func (s *Service) TakeServiceLock(ctx context.Context) error {
	now := s.clock().Now()
	lease := s.serviceLease()
	if err := s.Store.TakeLock(ctx, serviceLock, s.owner(), lease, now); err != nil {
		return err
	}
	s.gate.serviceUntil.Store(now.Add(lease).UnixMilli())
	return nil
}

// serviceLease is how long the service lock is taken for; Run renews it every third of it.
func (s *Service) serviceLease() time.Duration { return max(3*s.pollInterval(), serviceLease) }

// renewServiceLock extends the service lock, reporting when another process took it.
func (s *Service) renewServiceLock(ctx context.Context, now time.Time) error {
	lease := s.serviceLease()
	ok, err := s.Store.TryLock(ctx, serviceLock, s.owner(), lease, now)
	if err != nil {
		return err
	}
	if !ok {
		s.gate.serviceUntil.Store(0)
		return errServiceLockTaken
	}
	s.gate.serviceUntil.Store(now.Add(lease).UnixMilli())
	return nil
}

// errServiceLockTaken means another live process holds the service lock.
var errServiceLockTaken = errors.New("another process holds the service lock: is a second service running on this DATA_DIR? Deliveries wait until it stops")

// release frees the connection's resync lock and wakes the deliveries that waited for it.
func (s *Service) release(connID int64) {
	ctx := context.Background()
	if err := s.Store.Unlock(ctx, lockName(connID), s.owner()); err != nil {
		s.logger().Warn("resync: unlock", "connection", connID, "err", err)
		return
	}
	if _, err := s.Store.WakeWaiting(ctx, connID, waitForOtherRun, s.clock().Now()); err != nil {
		s.logger().Warn("resync: wake waiting deliveries", "connection", connID, "err", err)
	}
}
