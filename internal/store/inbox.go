package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"toggl-attio-sync/db"
)

// Job is one leased inbox row.
type Job = db.Inbox

// Inbox statuses.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusSkipped = "skipped"
	StatusDead    = "dead"
)

// NewEvent is a verified delivery to store.
type NewEvent struct {
	ConnectionID int64
	Source       string // toggl | attio
	DedupeKey    string // "" never deduplicates (Toggl event_id 0)
	EntityKey    string
	EventAt      time.Time
	Kind         string
	Body         []byte
	HeadersJSON  string
}

// Enqueue stores a delivery and its audit row durably. dup is true when the dedupe key
// was seen before; then only a "duplicate" audit row is written. Concurrent calls are group
// committed: one transaction (one fsync) carries every delivery waiting at that moment, so
// acknowledgement throughput is not bounded by one fsync per request.
func (s *Store) Enqueue(ctx context.Context, e NewEvent, now time.Time, audit Audit) (id int64, dup bool, err error) {
	stored, err := s.EnqueueBatch(ctx, []NewEvent{e}, []Audit{audit}, now)
	if err != nil {
		return 0, false, err
	}
	return stored[0].ID, stored[0].Dup, nil
}

// Enqueued is what became of one event of a batch.
type Enqueued struct {
	ID  int64
	Dup bool // seen before: only a "duplicate" audit row was written
}

// EnqueueBatch stores the events of one delivery (with one audit row each) all in one
// transaction, or none of them: a delivery is accepted whole or refused whole.
func (s *Store) EnqueueBatch(ctx context.Context, events []NewEvent, audits []Audit, now time.Time) ([]Enqueued, error) {
	if len(events) != len(audits) {
		return nil, errors.New("store: EnqueueBatch needs one audit row per event")
	}
	r := enqueueReq{events: events, audits: audits, now: now, done: make(chan enqueueRes, 1)}
	if err := s.group.submit(r); err != nil {
		return nil, err
	}
	select {
	case res := <-r.done:
		return res.stored, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.group.stop:
		// Closed with the request still queued: not stored, so the sender gets a non-2xx
		// and delivers again.
		return nil, errClosed
	}
}

func enqueueOne(ctx context.Context, q *db.Queries, e NewEvent, now time.Time, audit Audit) (id int64, dup bool, err error) {
	key := sql.NullString{String: e.DedupeKey, Valid: e.DedupeKey != ""}
	var at int64
	if !e.EventAt.IsZero() {
		at = e.EventAt.UnixMilli()
	}
	id, err = q.EnqueueInbox(ctx, db.EnqueueInboxParams{
		ConnectionID: e.ConnectionID, Source: e.Source, DedupeKey: key, EntityKey: e.EntityKey,
		EventAt: at, Kind: e.Kind, Body: e.Body, HeadersJson: orEmptyObject(e.HeadersJSON),
		NextAttemptAt: now.UnixMilli(), ReceivedAt: now.UnixMilli(),
	})
	if errors.Is(err, sql.ErrNoRows) {
		dup, err = true, nil
		audit.Status = "duplicate"
	}
	if err != nil {
		return 0, false, err
	}
	if !dup {
		audit.InboxID = id
	}
	_, err = insertAudit(ctx, q, audit, now)
	return id, dup, err
}

// Lease takes the next due job for owner, first returning jobs of dead workers to the
// queue. It returns nil, nil when nothing is due.
func (s *Store) Lease(ctx context.Context, owner string, now time.Time, lease time.Duration) (*Job, error) {
	// Looking for dead workers' jobs costs a write; once a second is plenty.
	if last := s.lastRequeue.Load(); now.UnixMilli()-last >= 1000 || now.UnixMilli() < last {
		s.lastRequeue.Store(now.UnixMilli())
		if _, err := s.q.RequeueExpiredLeases(ctx, db.RequeueExpiredLeasesParams{NextAttemptAt: now.UnixMilli(), ExpiredBefore: now.UnixMilli()}); err != nil {
			return nil, err
		}
	}
	job, err := s.q.LeaseNextInbox(ctx, db.LeaseNextInboxParams{Owner: owner, LeaseUntil: now.Add(lease).UnixMilli(), Now: now.UnixMilli()})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &job, nil
}

// ErrLeaseLost means another worker took the job after this worker's lease expired.
var ErrLeaseLost = errors.New("store: job lease lost")

// Finish ends a leased job as done, skipped or dead.
func (s *Store) Finish(ctx context.Context, job *Job, status, lastError string, now time.Time) error {
	return finish(ctx, s.q, job, status, lastError, now)
}

// FinishAudited ends a leased job and writes its outcome's audit row in one transaction, so
// whoever sees the job finished also sees why.
func (s *Store) FinishAudited(ctx context.Context, job *Job, status, lastError string, now time.Time, a Audit) error {
	return s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		if err := finish(ctx, q, job, status, lastError, now); err != nil {
			return err
		}
		_, err := insertAudit(ctx, q, a, now)
		return err
	})
}

func finish(ctx context.Context, q *db.Queries, job *Job, status, lastError string, now time.Time) error {
	n, err := q.FinishInbox(ctx, db.FinishInboxParams{
		Status: status, LastError: lastError, FinishedAt: sql.NullInt64{Int64: now.UnixMilli(), Valid: true},
		ID: job.ID, LeaseOwner: job.LeaseOwner,
	})
	if err == nil && n == 0 {
		return ErrLeaseLost
	}
	return err
}

// Retry puts a leased job back for a later attempt. A wait (quota, rate limit) refunds the
// attempt so that waiting never turns a job into a dead letter.
func (s *Store) Retry(ctx context.Context, job *Job, at time.Time, lastError, waitReason string, refund bool) error {
	return retry(ctx, s.q, job, at, lastError, waitReason, refund)
}

// RetryAudited is Retry with the attempt's audit row in the same transaction.
func (s *Store) RetryAudited(ctx context.Context, job *Job, at time.Time, lastError, waitReason string, refund bool, now time.Time, a Audit) error {
	return s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		if err := retry(ctx, q, job, at, lastError, waitReason, refund); err != nil {
			return err
		}
		_, err := insertAudit(ctx, q, a, now)
		return err
	})
}

func retry(ctx context.Context, q *db.Queries, job *Job, at time.Time, lastError, waitReason string, refund bool) error {
	var back int64
	if refund {
		back = 1
	}
	n, err := q.RetryInbox(ctx, db.RetryInboxParams{
		NextAttemptAt: at.UnixMilli(), LastError: lastError, WaitReason: waitReason, Attempts: back,
		ID: job.ID, LeaseOwner: job.LeaseOwner,
	})
	if err == nil && n == 0 {
		return ErrLeaseLost
	}
	return err
}

// Replay queues a finished or dead job again with fresh attempts.
func (s *Store) Replay(ctx context.Context, id int64, now time.Time) (bool, error) {
	n, err := s.q.ReplayInbox(ctx, db.ReplayInboxParams{NextAttemptAt: now.UnixMilli(), ID: id})
	return n > 0, err
}

// ReplayFromConsole queues one finished job again and records it in the audit history in
// one transaction, so the "replayed" row always precedes the new outcome. false: the job
// is not finished (nothing to replay).
func (s *Store) ReplayFromConsole(ctx context.Context, id int64, now time.Time) (bool, error) {
	replayed := false
	err := s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		job, err := q.GetInbox(ctx, id)
		if err != nil {
			return err
		}
		n, err := q.ReplayInbox(ctx, db.ReplayInboxParams{NextAttemptAt: now.UnixMilli(), ID: id})
		if err != nil || n == 0 {
			return err
		}
		replayed = true
		_, err = insertAudit(ctx, q, Audit{
			ConnectionID: job.ConnectionID, InboxID: id, Source: "console", Entity: job.EntityKey, Status: "replayed",
			Message: fmt.Sprintf("replayed from the console (was %s after %d attempt(s))", job.Status, job.Attempts),
		}, now)
		return err
	})
	return replayed, err
}

// DedupeWindow is how long finished deliveries are kept, so a redelivery is recognised.
// Toggl keeps events for a week and Attio retries for about three days.
const DedupeWindow = 8 * 24 * time.Hour

// Retention of dead letters and audit rows.
const (
	DeadLetterRetention = 30 * 24 * time.Hour
	AuditRetention      = 30 * 24 * time.Hour
)

// Prune deletes finished jobs past the dedupe window, old dead letters, old audit rows
// and expired sessions' peers. It returns how many inbox rows went.
func (s *Store) Prune(ctx context.Context, now time.Time) (int64, error) {
	n, err := s.q.PruneInbox(ctx, db.PruneInboxParams{
		DoneBefore: now.Add(-DedupeWindow).UnixMilli(), DeadBefore: now.Add(-DeadLetterRetention).UnixMilli(),
	})
	if err != nil {
		return 0, err
	}
	_, err = s.q.PruneAudit(ctx, now.Add(-AuditRetention).UnixMilli())
	return n, err
}

func orEmptyObject(s string) string {
	if s == "" {
		return "{}"
	}
	return s
}

// WakeWaiting makes the connection's jobs that wait for reason due now, because what they
// waited for has ended earlier than their wait said (a lease released, not expired).
func (s *Store) WakeWaiting(ctx context.Context, connID int64, reason string, now time.Time) (int64, error) {
	return s.q.WakeWaitingInbox(ctx, db.WakeWaitingInboxParams{Now: now.UnixMilli(), ConnectionID: connID, WaitReason: reason})
}

type (
	ExtendInboxLeaseParams   = db.ExtendInboxLeaseParams
	RequeueOtherOwnersParams = db.RequeueOtherOwnersParams
)

func (s *Store) ExtendInboxLease(ctx context.Context, arg ExtendInboxLeaseParams) (int64, error) {
	return s.q.ExtendInboxLease(ctx, arg)
}
func (s *Store) GetInbox(ctx context.Context, id int64) (Job, error) { return s.rq.GetInbox(ctx, id) }
func (s *Store) RequeueOtherOwners(ctx context.Context, arg RequeueOtherOwnersParams) (int64, error) {
	return s.q.RequeueOtherOwners(ctx, arg)
}

func (s *Store) CountUnfinishedInbox(ctx context.Context) (int64, error) {
	return s.rq.CountUnfinishedInbox(ctx)
}
