package worker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/store"
)

// Handler applies one job. Its error says what happens next (see Classify).
type Handler interface {
	Handle(ctx context.Context, job *store.Job) error
}

// HandlerFunc adapts a function.
type HandlerFunc func(ctx context.Context, job *store.Job) error

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, job *store.Job) error { return f(ctx, job) }

// DefaultBackoff spaces a job's attempts: 2 s, 4 s, 8 s ... capped at 10 minutes.
var DefaultBackoff = backoff.Exponential{Base: 2 * time.Second, Max: 10 * time.Minute}

// Pool runs Workers goroutines over the inbox.
type Pool struct {
	Store       *store.Store
	Handlers    map[string]Handler // by job source: "toggl", "attio"
	Workers     int
	Lease       time.Duration // how long a job is ours before another worker may take it (0: 30 s, renewed while it runs)
	Poll        time.Duration // how often idle workers look for due retries
	Backoff     backoff.Exponential
	MaxAttempts func(connectionID int64) int
	Now         func() time.Time
	Logger      *slog.Logger
	// Grace bounds how long Run waits for in-flight jobs after its context ends.
	Grace time.Duration

	wake chan struct{}
	once sync.Once
}

func (p *Pool) init() {
	p.once.Do(func() {
		p.wake = make(chan struct{}, 1)
		if p.Workers <= 0 {
			p.Workers = 4
		}
		if p.Lease <= 0 {
			p.Lease = 30 * time.Second
		}
		if p.Poll <= 0 {
			p.Poll = time.Second
		}
		if p.Backoff.Base == 0 {
			p.Backoff = DefaultBackoff
		}
		if p.Now == nil {
			p.Now = time.Now
		}
		if p.Grace <= 0 {
			p.Grace = 30 * time.Second
		}
		if p.MaxAttempts == nil {
			p.MaxAttempts = func(int64) int { return 12 }
		}
		if p.Logger == nil {
			p.Logger = slog.Default()
		}
	})
}

// Notify wakes an idle worker: a job was queued.
func (p *Pool) Notify() {
	p.init()
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run works until ctx ends, then lets in-flight jobs finish (up to Grace) and returns.
// One service process works a database: at start, jobs a previous process held when it
// died are queued again at once instead of waiting for their leases to expire.
func (p *Pool) Run(ctx context.Context) {
	p.init()
	if n, err := p.Store.RequeueOtherOwners(ctx, store.RequeueOtherOwnersParams{NextAttemptAt: p.Now().UnixMilli(), OwnerPattern: instanceID + "-%"}); err != nil {
		p.Logger.Error("worker: requeue jobs of a previous run", "err", err)
	} else if n > 0 {
		p.Logger.Warn("worker: jobs of a previous run that died were queued again", "jobs", n)
	}
	// Jobs run on their own context so that stopping does not cut a write in half; it is
	// cancelled only when the grace period runs out.
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	var wg sync.WaitGroup
	for i := range p.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.loop(ctx, jobCtx, fmt.Sprintf("%s-%d", instanceID, i))
		}()
	}
	<-ctx.Done()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(p.Grace):
		cancelJobs()
		<-done
	}
}

// instanceID tells this process's leases from a previous run's.
var instanceID = func() string {
	b := make([]byte, 4)
	rand.Read(b)
	return hex.EncodeToString(b)
}()

func (p *Pool) loop(stop, jobCtx context.Context, owner string) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-stop.Done():
			return
		case <-p.wake:
		case <-timer.C:
		}
		for stop.Err() == nil {
			worked, err := p.RunOne(jobCtx, owner)
			if err != nil {
				p.Logger.Error("worker: queue", "err", err)
				break
			}
			if !worked {
				break
			}
		}
		timer.Reset(p.Poll)
	}
}

// RunOne leases and handles one due job; worked is false when none was due.
func (p *Pool) RunOne(ctx context.Context, owner string) (worked bool, err error) {
	p.init()
	job, err := p.Store.Lease(ctx, owner, p.Now(), p.Lease)
	if err != nil || job == nil {
		return false, err
	}
	h, ok := p.Handlers[job.Source]
	var herr error
	if !ok {
		herr = fmt.Errorf("no handler for source %q", job.Source)
	} else {
		herr = p.handle(ctx, h, job)
	}
	return true, p.record(ctx, job, herr)
}

// handle runs the handler while renewing the lease, so a slow job (paced API calls, a
// quota wait inside a client) is not taken by a second worker.
func (p *Pool) handle(ctx context.Context, h Handler, job *store.Job) (err error) {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		t := time.NewTicker(p.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-hctx.Done():
				return
			case <-t.C:
				// A lease that could not be renewed may be another worker's now: stop, so
				// one job never runs twice at once.
				if n, err := p.Store.ExtendInboxLease(hctx, extendParams(job, p.Now().Add(p.Lease))); err == nil && n == 0 {
					p.Logger.Warn("worker: lease lost while running; stopping the job", "job", job.ID)
					cancel()
					return
				}
			}
		}
	}()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v", r)
		}
	}()
	return h.Handle(hctx, job)
}

func (p *Pool) record(ctx context.Context, job *store.Job, herr error) error {
	now := p.Now()
	audit := store.Audit{ConnectionID: job.ConnectionID, InboxID: job.ID, Source: job.Source, Entity: job.EntityKey}
	var err error
	switch Classify(herr) {
	case Done:
		return p.Store.Finish(ctx, job, store.StatusDone, "", now)
	case Skipped:
		audit.Status, audit.Message = "skipped", herr.Error()
		err = p.Store.FinishAudited(ctx, job, store.StatusSkipped, herr.Error(), now, audit)
	case Waiting:
		var we *WaitError
		errors.As(herr, &we)
		audit.Status, audit.Message = "waiting", herr.Error()
		err = p.Store.RetryAudited(ctx, job, we.Until, errText(we.Err), we.Reason, true, now, audit)
	case Retrying:
		if int(job.Attempts) >= p.MaxAttempts(job.ConnectionID) {
			audit.Status, audit.Message = "dead", fmt.Sprintf("gave up after %d attempts: %v", job.Attempts, herr)
			err = p.Store.FinishAudited(ctx, job, store.StatusDead, herr.Error(), now, audit)
			break
		}
		delay := p.Backoff.Delay(int(job.Attempts))
		audit.Status = "retrying"
		audit.Message = fmt.Sprintf("attempt %d failed, retrying in %s: %v", job.Attempts, delay.Round(time.Millisecond), herr)
		err = p.Store.RetryAudited(ctx, job, now.Add(delay), herr.Error(), "", false, now, audit)
	case Permanent:
		audit.Status, audit.Message = "dead", "permanent error: "+herr.Error()
		err = p.Store.FinishAudited(ctx, job, store.StatusDead, herr.Error(), now, audit)
	}
	if audit.Status == "dead" && err == nil {
		// Operators read logs before consoles: a dead letter says its cause where they look.
		p.Logger.Warn("dead letter: replay it from the Audit page once the cause is fixed", "job", job.ID, "connection", job.ConnectionID,
			"kind", job.Kind, "attempts", job.Attempts, "err", herr)
	}
	if errors.Is(err, store.ErrLeaseLost) {
		p.Logger.Warn("worker: lease lost; another worker owns the job now", "job", job.ID)
		return nil
	}
	return err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
