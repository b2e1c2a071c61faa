package outbound

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"toggl-attio-sync/internal/worker"
)

// companyLock is a held lease on one Company: only its holder finds or creates the Company's
// Toggl client and its Projects' Toggl projects. It lives in SQLite with an owner and an
// expiry (store.TryLock), so a holder that dies frees it when the lease runs out.
type companyLock struct {
	name, owner string
	stop        context.CancelCauseFunc
	done        chan struct{}
}

func lockName(connID int64, companyID string) string {
	return fmt.Sprintf("company:%d:%s", connID, companyID)
}

// lockCompany takes the Company's lock, polling for up to LockPatience while another job
// holds it; after that the job waits in the queue. The returned context ends if the lock is
// lost (a renewal failed), so no write happens without it.
func (r *run) lockCompany(ctx context.Context, companyID string) (*companyLock, context.Context, error) {
	h := r.h
	ttl := orDefault(h.LockTTL, 30*time.Second)
	l := &companyLock{name: lockName(r.conn.ID, companyID), owner: "outbound:" + uuid.NewString(), done: make(chan struct{})}
	deadline := h.now().Add(orDefault(h.LockPatience, 5*time.Second))
	poll := orDefault(h.LockPoll, 50*time.Millisecond)
	for {
		ok, err := h.tryLock(ctx, l.name, l.owner, ttl)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			break
		}
		if !h.now().Before(deadline) {
			wait := orDefault(h.LockedWait, 2*time.Second)
			return nil, nil, worker.Wait(h.now().Add(wait), "Company "+companyID+" is being set up by another job", nil)
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(poll):
		}
	}
	lctx, stop := context.WithCancelCause(ctx)
	l.stop = stop
	go func() {
		defer close(l.done)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-lctx.Done():
				return
			case <-t.C:
				ok, err := h.Store.TryLock(lctx, l.name, l.owner, ttl, h.now())
				if lctx.Err() != nil {
					return
				}
				if err != nil || !ok {
					stop(errLockLost)
					return
				}
			}
		}
	}()
	return l, lctx, nil
}

// tryLock takes the lock unless a read shows another live holder: polling a held lock with
// reads keeps the single database writer (and its fsyncs) free for the holder's work.
func (h *Handler) tryLock(ctx context.Context, name, owner string, ttl time.Duration) (bool, error) {
	held, err := h.Store.GetLockHolder(ctx, name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return false, err
	case held.Owner != owner && held.ExpiresAt >= h.now().UnixMilli():
		return false, nil
	}
	return h.Store.TryLock(ctx, name, owner, ttl, h.now())
}

// release stops renewing and frees the lock (on a context of its own: the job's may be over).
func (l *companyLock) release(h *Handler) {
	l.stop(nil)
	<-l.done
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := h.Store.Unlock(ctx, l.name, l.owner); err != nil && h.Logger != nil {
		h.Logger.Warn("outbound: unlock", "lock", l.name, "err", err)
	}
}

// lost reports the lock's loss as the error that ended ctx's work, if it was that.
func lost(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause == errLockLost && err != nil {
		return errLockLost
	}
	return err
}
