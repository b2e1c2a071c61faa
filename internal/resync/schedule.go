package resync

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/internal/connection"
)

// RequestedBySchedule marks the runs the schedule queued.
const RequestedBySchedule = "schedule"

// ScheduledReserve is how many requests of the Toggl hour a scheduled run leaves to live work
// (webhook cache misses, outbound, the console): it pauses until the reset rather than use
// them. A person's run may use the whole quota.
const ScheduledReserve = 10

// scheduler queues each connection's scheduled reconciliation when it is due. anchor holds,
// for connections without a scheduled run yet, when this process first looked at them: the
// first run is the first slot after that, not one at once on connecting or starting.
type scheduler struct {
	anchor  map[int64]time.Time
	checked time.Time
}

// scheduleEvery is how often the service looks for due runs; slots are whole hours.
const scheduleEvery = time.Minute

func (s *Service) schedule(ctx context.Context, sc *scheduler, now time.Time) {
	if !sc.checked.IsZero() && now.Sub(sc.checked) < scheduleEvery {
		return
	}
	sc.checked = now
	if sc.anchor == nil {
		sc.anchor = map[int64]time.Time{}
	}
	conns, err := s.Conns.List(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.logger().Error("resync: schedule: list connections", "err", err)
		}
		return
	}
	for _, c := range conns {
		if c.TogglWorkspaceID == 0 || c.Status != "active" {
			continue
		}
		due, ok, err := s.NextScheduled(ctx, c, sc.anchorOf(c.ID, now), now)
		if err != nil || !ok || now.Before(due) {
			continue
		}
		w := LastDays(c.Settings.Reconcile.WindowDays, now)
		id, err := EnqueueMode(ctx, s.Store, c.ID, w, RequestedBySchedule, ModeRepair, Estimate{}, now)
		var active *ActiveError
		switch {
		case errors.As(err, &active):
			// A run of the connection is unfinished; the schedule tries again next minute.
		case err != nil:
			s.logger().Error("resync: schedule", "connection", c.ID, "err", err)
		default:
			s.logger().Info("resync: scheduled reconciliation queued", "run", id, "connection", c.ID, "window", w.String())
		}
	}
}

func (sc *scheduler) anchorOf(connID int64, now time.Time) time.Time {
	if t, ok := sc.anchor[connID]; ok {
		return t
	}
	sc.anchor[connID] = now
	return now
}

// NextScheduled is when the connection's next scheduled reconciliation is due: the slot after
// its last scheduled run, or after since when it has none. ok is false when the schedule is off.
func (s *Service) NextScheduled(ctx context.Context, c *connection.Connection, since, now time.Time) (time.Time, bool, error) {
	return NextScheduled(ctx, s.Store, c, since, now)
}

// lastScheduledReader is the one query NextScheduled needs (the read pool's or a writer's).
type lastScheduledReader interface {
	LastScheduledResyncRunAt(ctx context.Context, connectionID int64) (int64, error)
}

// NextScheduled is Service.NextScheduled for readers outside the service (the dashboard).
func NextScheduled(ctx context.Context, q lastScheduledReader, c *connection.Connection, since, now time.Time) (time.Time, bool, error) {
	rc := c.Settings.Reconcile
	if rc.Schedule == connection.ScheduleOff {
		return time.Time{}, false, nil
	}
	last := since
	at, err := q.LastScheduledResyncRunAt(ctx, c.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return time.Time{}, false, err
	default:
		last = time.UnixMilli(at).UTC()
	}
	due, ok := rc.Next(last, now)
	return due, ok, nil
}
