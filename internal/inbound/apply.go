package inbound

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/internal/worker"
)

// Outcome is what applying one time entry did in Attio.
type Outcome string

// Outcomes of ApplyTimeEntry.
const (
	OutcomeCreated    Outcome = "created"
	OutcomeUpdated    Outcome = "updated"
	OutcomeUnchanged  Outcome = "unchanged"
	OutcomeDeleted    Outcome = "deleted"
	OutcomeUnroutable Outcome = "unroutable"
	OutcomeStale      Outcome = "stale"
)

// ApplyTimeEntry applies a time entry read from Toggl's API (a resync) through exactly the
// path a webhook event takes: staleness by "at", routing, field map, crash-safe create, move,
// delete. te.Deleted (or ServerDeletedAt) removes the entry. The error is classified for the
// caller (worker.Classify): transient failures and quota waits are marked as such.
func (h *Handler) ApplyTimeEntry(ctx context.Context, conn *connection.Connection, te togglevent.TimeEntry) (Outcome, error) {
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return "", err
	}
	action := togglevent.ActionUpdated
	if te.Deleted || te.ServerDeletedAt != nil {
		te.Deleted, action = true, togglevent.ActionDeleted
	}
	ev := togglevent.Event{
		Model: togglevent.ModelTimeEntry, Action: action, WorkspaceID: te.WorkspaceID, EntityID: te.ID,
		At: te.At, CreatedAt: te.At, TimeEntry: &te,
	}
	if err := ev.Plausible(h.Now()); err != nil {
		// The same bounds as a webhook's: a row Toggl's API answered with impossible values
		// is reported, not written.
		return "", fmt.Errorf("time entry %d: %w", te.ID, err)
	}
	job := &store.Job{ConnectionID: conn.ID, EntityKey: togglevent.EntityKey(togglevent.ModelTimeEntry, te.ID)}
	run := &apply{h: h, conn: conn, job: job, ev: ev, attio: client, now: h.Now(), source: "resync"}
	err = h.classify(run.timeEntry(ctx))
	if worker.Classify(err) == worker.Skipped {
		return run.outcome, nil
	}
	if err != nil {
		return "", fmt.Errorf("time entry %d: %w", te.ID, err)
	}
	return run.outcome, nil
}

func (a *apply) sourceName() string {
	if a.source != "" {
		return a.source
	}
	return "toggl"
}
