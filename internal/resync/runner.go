package resync

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/failure"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/internal/worker"
)

// runner is one run in progress in this process.
type runner struct {
	s      *Service
	row    store.ResyncRun // as loaded; phase, source, note and cursor are kept current
	conn   *connection.Connection
	tc     *toggl.Client
	window Window

	requests atomic.Int64 // Toggl requests made by this run, across restarts
	resumed  bool         // started before: entries it already recorded are not applied again
	unstable atomic.Bool  // Reports paging shifted under the walk

	check       bool       // a drift check: compare and report, write nothing
	side        *attioSide // Attio's entries of the window; nil: compare with the map only
	seenMu      sync.Mutex
	seen        map[int64]bool // time entries the walk reported
	walkSeconds int64          // seconds of the entries checkpointed pages held (Reports totals check)

	// mu guards the work-time fields and row's phase, source, note and cursor, which the
	// committer moves on while the page fetcher records a pause.
	mu         sync.Mutex
	activeBase int64     // work time before the current stretch (ms)
	stretch    time.Time // when the current stretch of work began; zero while paused
}

func (s *Service) newRunner(ctx context.Context, row store.ResyncRun) (*runner, error) {
	conn, err := s.Conns.Get(ctx, row.ConnectionID)
	if err != nil {
		return nil, fmt.Errorf("connection %d: %w", row.ConnectionID, err)
	}
	if conn.TogglWorkspaceID == 0 {
		return nil, errors.New("the connection has no Toggl workspace chosen yet")
	}
	tc, err := s.Toggl(ctx, conn)
	if err != nil {
		return nil, err
	}
	r := &runner{s: s, row: row, conn: conn, tc: tc, window: windowOf(row.WindowStart, row.WindowEnd),
		activeBase: row.ActiveMs, stretch: s.clock().Now()}
	r.requests.Store(row.TogglRequests)
	r.resumed = row.StartedAt != 0
	r.unstable.Store(row.Unstable != 0)
	r.check = row.Mode == ModeCheck
	if r.check && r.resumed {
		// A drift check keeps no record of what its walk saw, so an interrupted one starts
		// over: absence from half a walk proves nothing.
		if err := s.Store.ClearResyncFindings(ctx, row.ID); err != nil {
			return nil, err
		}
		r.row.Phase, r.row.Pages, r.row.CursorNextID, r.row.CursorRowNumber, r.row.CursorTimestamp = PhaseEntries, 0, 0, 0, 0
		r.row.CursorStart, r.row.TogglSeconds, r.row.Unstable = 0, 0, 0
		r.unstable.Store(false)
	}
	r.walkSeconds = r.row.TogglSeconds
	r.seen = map[int64]bool{}
	if r.resumed && !r.check {
		ids, err := s.Store.ResyncRunIDsSeen(ctx, row.ID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			r.seen[id] = true
		}
	}
	return r, nil
}

func (r *runner) run(ctx context.Context) error {
	if r.row.Status == StatusCancelling {
		return errCancelled
	}
	if err := r.setStatus(ctx, StatusRunning, time.Time{}); err != nil {
		return err
	}
	log := r.s.logger().With("run", r.row.ID, "connection", r.conn.ID)
	log.Info("resync started", "window", r.window.String(), "phase", r.row.Phase)
	if r.row.Phase == PhaseNames && r.check {
		// A drift check writes nothing, and reconciling names writes Attio's Projects and
		// clients: it compares with the names the service holds.
		r.row.Phase = PhaseEntries
	}
	if r.row.Phase == PhaseNames {
		if err := r.names(ctx); err != nil {
			return err
		}
	}
	if r.row.Phase == PhaseEntries || r.row.Phase == PhaseDeletions {
		side, err := r.readAttioSide(ctx)
		if err != nil {
			return err
		}
		r.side = side
	}
	if r.row.Phase == PhaseEntries {
		if err := r.entries(ctx); err != nil {
			return err
		}
	}
	if r.row.Phase == PhaseDeletions {
		if err := r.deletions(ctx); err != nil {
			return err
		}
	}
	return nil
}

// describe sets where entries come from and the limitation the console states.
func (r *runner) describe(source, note string) {
	r.mu.Lock()
	r.row.Source, r.row.Note = source, note
	r.mu.Unlock()
}

// activeMs is the run's work time so far, pauses excluded.
func (r *runner) activeMs() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	ms := r.activeBase
	if !r.stretch.IsZero() {
		ms += r.s.clock().Now().Sub(r.stretch).Milliseconds()
	}
	return ms
}

// setStatus records status (running or paused until) with the counters.
func (r *runner) setStatus(ctx context.Context, status string, pausedUntil time.Time) error {
	q := r.tc.Quota()
	remaining, resetAt := int64(-1), int64(0)
	if q.Known {
		remaining, resetAt = int64(q.Remaining), unixMs(q.ResetAt)
	}
	r.mu.Lock()
	phase, source, note := r.row.Phase, r.row.Source, r.row.Note
	r.mu.Unlock()
	return r.s.Store.SetResyncRunStatus(ctx, store.SetResyncRunStatusParams{
		Status: status, Phase: phase, Source: source, Note: note, PausedUntil: unixMs(pausedUntil),
		QuotaRemaining: remaining, QuotaResetAt: resetAt, ActiveMs: r.activeMs(), TogglRequests: r.requests.Load(),
		UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID,
	})
}

// save stores the counters without moving the run on (shutdown).
func (r *runner) save(ctx context.Context) {
	r.setStatus(ctx, StatusRunning, time.Time{})
}

// togglCall makes one of the run's own Toggl requests, under the service's one failure policy
// (package failure). A quota 402 pauses the run until Toggl's reset (docs/api/toggl.md §5: a
// sliding hour) and a 429 the client stopped retrying waits for the end of the token's pause;
// either then sends it again without counting a failed attempt. A transient failure (5xx,
// network) is tried a few more times.
func (r *runner) togglCall(ctx context.Context, what string, call func(context.Context) error) error {
	for attempt := 1; ; attempt++ {
		if q := r.tc.Quota(); r.row.RequestedBy == RequestedBySchedule && q.Known && q.Remaining <= ScheduledReserve &&
			q.ResetAt.After(r.s.clock().Now()) {
			// A scheduled run leaves the rest of the hour to live work.
			if err := r.pause(ctx, q.ResetAt); err != nil {
				return err
			}
		}
		err := call(ctx)
		if err == nil {
			r.requests.Add(1)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		verdict := failure.Classify(err, r.s.clock().Now())
		var quota *toggl.QuotaError
		var wait *worker.WaitError
		switch {
		case errors.As(verdict, &quota):
			if err := r.pause(ctx, quota.ResetAt); err != nil {
				return err
			}
			attempt = 0 // waiting for the reset is not a failed attempt
		case worker.Classify(verdict) == worker.Waiting && errors.As(verdict, &wait):
			if err := r.s.clock().Sleep(ctx, wait.Until.Sub(r.s.clock().Now())); err != nil {
				return err
			}
			attempt = 0 // nor is waiting out a rate limit
		case worker.Classify(verdict) == worker.Retrying && attempt < r.s.maxAttempts():
			if err := r.s.clock().Sleep(ctx, r.s.backoff().Delay(attempt)); err != nil {
				return err
			}
		default:
			return fmt.Errorf("toggl %s: %w", what, err)
		}
	}
}

// pause waits for the quota reset, shown as status paused until then.
func (r *runner) pause(ctx context.Context, until time.Time) error {
	r.mu.Lock()
	if !r.stretch.IsZero() {
		r.activeBase += r.s.clock().Now().Sub(r.stretch).Milliseconds()
		r.stretch = time.Time{}
	}
	r.mu.Unlock()
	r.s.logger().Info("resync paused: Toggl quota exhausted", "run", r.row.ID, "until", until.UTC().Format(time.RFC3339))
	if err := r.setStatus(ctx, StatusPaused, until); err != nil {
		return err
	}
	if err := r.s.clock().Sleep(ctx, until.Sub(r.s.clock().Now())); err != nil {
		return err
	}
	r.mu.Lock()
	r.stretch = r.s.clock().Now()
	r.mu.Unlock()
	return r.setStatus(ctx, StatusRunning, time.Time{})
}

// attempt runs one apply until it succeeds, fails for good, or ctx ends: a wait (Attio's
// Retry-After, Toggl's quota reset) is waited out; a transient failure is retried with
// back-off up to MaxAttempts.
func (r *runner) attempt(ctx context.Context, apply func(context.Context) (inbound.Outcome, error)) (inbound.Outcome, error) {
	for n := 1; ; n++ {
		out, err := apply(ctx)
		if err == nil || ctx.Err() != nil {
			return out, err
		}
		switch worker.Classify(err) {
		case worker.Waiting:
			var we *worker.WaitError
			errors.As(err, &we)
			if serr := r.s.clock().Sleep(ctx, we.Until.Sub(r.s.clock().Now())); serr != nil {
				return "", err
			}
			n--
			continue
		case worker.Retrying:
			if n < r.s.maxAttempts() {
				if serr := r.s.clock().Sleep(ctx, r.s.backoff().Delay(n)); serr != nil {
					return "", err
				}
				continue
			}
		}
		return "", err
	}
}

// entryRecord is the outcome of one time entry, for resync_entries.
type entryRecord struct {
	id       int64
	start    time.Time
	outcome  string
	err      string
	findings []inbound.Finding
}

// applyEntry applies one time entry unless this run already recorded it (a resumed run
// re-reads the page it stopped in; a deletion still applies to an entry the walk saw).
// record is false when there is nothing new to record; ok is false when ctx ended before
// the outcome was known: the entry is applied again when the run resumes.
func (r *runner) applyEntry(ctx context.Context, te togglevent.TimeEntry) (rec entryRecord, record, ok bool) {
	if !te.Deleted {
		r.seenMu.Lock()
		r.seen[te.ID] = true
		r.seenMu.Unlock()
	}
	if r.resumed && !r.check {
		prior, err := r.s.Store.GetResyncEntry(ctx, store.GetResyncEntryParams{ConnectionID: r.conn.ID, TimeEntryID: te.ID})
		if err == nil && prior.RunID == r.row.ID && prior.Outcome != outcomeFailed &&
			(!te.Deleted || prior.Outcome == string(inbound.OutcomeDeleted)) {
			return rec, false, true
		}
	}
	var findings []inbound.Finding
	out, err := r.attempt(ctx, func(ctx context.Context) (inbound.Outcome, error) {
		if r.side == nil {
			return r.s.Inbound.ApplyTimeEntry(ctx, r.conn, te)
		}
		res, err := r.s.Inbound.ReconcileTimeEntry(ctx, r.conn, te, r.side.observed(te.ID), r.check)
		findings = res.Findings
		return res.Outcome, err
	})
	if ctx.Err() != nil {
		return rec, false, false
	}
	rec = entryRecord{id: te.ID, start: te.Start, outcome: string(out), findings: findings}
	if err != nil {
		rec.outcome, rec.err = outcomeFailed, err.Error()
		r.s.logger().Warn("resync: entry failed", "run", r.row.ID, "time_entry", te.ID, "err", err)
	}
	return rec, true, true
}

// outcomeFailed marks an entry whose apply failed for good; a later run tries it again.
const outcomeFailed = "failed"

// record stores outcomes in one transaction. It runs even while the run stops (a graceful
// shutdown), so what was applied is counted exactly after the restart.
func (r *runner) record(ctx context.Context, recs []entryRecord) error {
	now := r.s.clock().Now().UnixMilli()
	keep := context.WithoutCancel(ctx) // results of applied entries are kept on cancel and shutdown
	return r.s.Store.Tx(keep, func(q *store.Tx) error {
		for _, rec := range recs {
			for _, f := range rec.findings {
				if err := addFinding(keep, q, r.row.ID, r.conn.ID, f, now); err != nil {
					return err
				}
			}
			if r.check || rec.outcome == "" {
				continue // a drift check keeps no outcomes: they would pass for a repair run's
			}
			if err := q.RecordResyncEntry(keep, store.RecordResyncEntryParams{
				ConnectionID: r.conn.ID, TimeEntryID: rec.id, StartAt: unixMs(rec.start), RunID: r.row.ID,
				Outcome: rec.outcome, Error: rec.err, UpdatedAt: now,
			}); err != nil {
				return err
			}
		}
		return nil
	})
}

func addFinding(ctx context.Context, q *store.Tx, runID, connID int64, f inbound.Finding, now int64) error {
	detail, err := json.Marshal(f.Detail)
	if err != nil {
		return err
	}
	return q.AddResyncFinding(ctx, store.AddResyncFindingParams{
		RunID: runID, ConnectionID: connID, TimeEntryID: f.TimeEntryID, Kind: f.Kind, AttioEntryID: f.AttioEntryID,
		Detail: string(detail), AuditID: f.AuditID, CreatedAt: now,
	})
}

func unixMs(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
