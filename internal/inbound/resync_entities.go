package inbound

import (
	"context"
	"database/sql"
	"fmt"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/internal/worker"
)

// ApplyClient applies a Toggl client read from the API (a resync) through exactly the path a
// client webhook event takes: the name cache (stale by "at"), the toggl_clients record and
// its Company link. The outcome is updated when Attio was written, unchanged when it already
// showed this, stale when a newer change was applied. Errors are classified as in
// ApplyTimeEntry.
func (h *Handler) ApplyClient(ctx context.Context, conn *connection.Connection, c togglevent.Client) (Outcome, error) {
	action := togglevent.ActionUpdated
	if c.Deleted || c.ServerDeletedAt != nil {
		c.Deleted, action = true, togglevent.ActionDeleted
	}
	ev := togglevent.Event{Model: togglevent.ModelClient, Action: action, WorkspaceID: c.WorkspaceID, EntityID: c.ID,
		At: c.At, CreatedAt: c.At, Client: &c}
	hash := func() string {
		m, _ := h.Store.GetClientMap(ctx, store.GetClientMapParams{ConnectionID: conn.ID, TogglClientID: c.ID})
		return m.ValuesHash + "|" + m.TogglClientsRecord + "|" + m.CompanyRecordID
	}
	return h.applyEntity(ctx, conn, ev, hash, func(a *apply) error { return a.client(ctx) })
}

// ApplyProject applies a Toggl project read from the API (a resync) through exactly the path a
// project webhook event takes: the name cache (stale by "at") and the Attio Project carrying
// its toggl_project_id. The outcome is unroutable when no Attio Project carries the id (the
// name is still cached for time entries), otherwise as for ApplyClient.
func (h *Handler) ApplyProject(ctx context.Context, conn *connection.Connection, p togglevent.Project) (Outcome, error) {
	action := togglevent.ActionUpdated
	if p.Deleted || p.ServerDeletedAt != nil {
		p.Deleted, action = true, togglevent.ActionDeleted
	}
	ev := togglevent.Event{Model: togglevent.ModelProject, Action: action, WorkspaceID: p.WorkspaceID, EntityID: p.ID,
		At: p.At, CreatedAt: p.At, Project: &p}
	hash := func() string {
		m, err := h.Store.GetProjectMap(ctx, store.GetProjectMapParams{ConnectionID: conn.ID, TogglProjectID: p.ID})
		if err == sql.ErrNoRows {
			return ""
		}
		return "mapped|" + m.ValuesHash
	}
	out, err := h.applyEntity(ctx, conn, ev, hash, func(a *apply) error { return a.project(ctx) })
	if err == nil && out == OutcomeUnchanged && hash() == "" {
		out = OutcomeUnroutable
	}
	return out, err
}

// applyEntity runs one project or client apply and tells from the stored mapping whether
// Attio was written: the hash of what was written changes exactly when a write happened.
func (h *Handler) applyEntity(ctx context.Context, conn *connection.Connection, ev togglevent.Event, hash func() string, run func(*apply) error) (Outcome, error) {
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return "", err
	}
	job := &store.Job{ConnectionID: conn.ID, EntityKey: ev.Key()}
	a := &apply{h: h, conn: conn, job: job, ev: ev, attio: client, now: h.Now(), source: "resync"}
	before := hash()
	err = h.classify(run(a))
	switch {
	case worker.Classify(err) == worker.Skipped:
		return OutcomeStale, nil
	case err != nil:
		return "", fmt.Errorf("%s: %w", ev.Key(), err)
	case hash() != before:
		return OutcomeUpdated, nil
	}
	return OutcomeUnchanged, nil
}
