// Package inbound applies Toggl webhook events to Attio: time entries become entries of the
// toggl_time_entries list on the routed Project; project and client changes update the
// matching Attio Project, Company link and toggl_clients record. Attio records are never
// deleted; a deleted time entry removes its list entry.
//
// A steady-state time entry event costs no Toggl call and about one Attio write: names come
// from the local Toggl cache, routes from stored mappings and a short-lived Attio cache, and
// an unchanged entry is not written at all.
package inbound

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/internal/worker"
)

// AttioFactory returns the Attio client of a connection.
type AttioFactory = connection.AttioFactory

// TogglFactory returns the Toggl client of a connection (used only when the local name cache
// misses, e.g. for a project created before the subscription existed).
type TogglFactory = connection.TogglFactory

// Handler is the worker.Handler for jobs of source "toggl".
type Handler struct {
	Store    *store.Store
	Conns    *connection.Service
	Attio    AttioFactory
	Toggl    TogglFactory
	Now      func() time.Time
	Logger   *slog.Logger
	CacheTTL time.Duration // how long Attio reads stay fresh (0: 5 minutes)
	// ApplyGate, when set, is asked before a delivery of the connection is applied; its
	// error (a worker.WaitError) puts the job back in the queue. The service sets it so that
	// a resync run in another process and the workers never apply one connection at once
	// (resync.Service.ApplyGate).
	ApplyGate func(ctx context.Context, connID int64) error

	// entityLocks serialise work on one Toggl entity across the webhook workers and a resync
	// running in this process: two creates of the same entry would both find no mapping, and
	// an older project or client version could overwrite a newer one.
	entityLocks [64]sync.Mutex
}

// lockEntity holds the lock of one entity ("time_entry", 42) until the returned func runs.
func (h *Handler) lockEntity(model string, id int64) func() {
	f := fnv.New32a()
	f.Write([]byte(model))
	m := &h.entityLocks[(uint64(f.Sum32())+uint64(id))%uint64(len(h.entityLocks))]
	m.Lock()
	return m.Unlock
}

// Handle applies one stored Toggl delivery.
func (h *Handler) Handle(ctx context.Context, job *store.Job) error {
	if h.ApplyGate != nil {
		if err := h.ApplyGate(ctx, job.ConnectionID); err != nil {
			return err
		}
	}
	conn, err := h.Conns.Get(ctx, job.ConnectionID)
	if err != nil {
		return err
	}
	ev, err := togglevent.Parse(job.Body)
	if err != nil {
		return fmt.Errorf("stored delivery no longer parses: %w", err)
	}
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return err
	}
	run := &apply{h: h, conn: conn, job: job, ev: ev, attio: client, now: h.Now()}
	switch {
	case ev.TimeEntry != nil:
		err = run.timeEntry(ctx)
	case ev.Project != nil:
		err = run.project(ctx)
	case ev.Client != nil:
		err = run.client(ctx)
	default:
		return worker.Skip("nothing to apply for model " + ev.Model)
	}
	return h.classify(err)
}

// apply is the state of one job's run.
type apply struct {
	h       *Handler
	conn    *connection.Connection
	job     *store.Job
	ev      togglevent.Event
	attio   *attio.Client
	now     time.Time
	calls   []string // Attio calls made, for the audit row
	outcome Outcome  // what a time entry apply did
	source  string   // audit source: "toggl" (webhook) or "resync"
	auditID int64    // the last audit row written

}

func (a *apply) audit(ctx context.Context, status, message string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	if len(a.calls) > 0 {
		detail["attio_calls"] = a.calls
	}
	id, err := a.h.Store.AddAudit(ctx, store.Audit{
		ConnectionID: a.conn.ID, InboxID: a.job.ID, Source: a.sourceName(), Entity: a.job.EntityKey,
		Status: status, Message: message, Detail: detail,
	}, a.h.Now())
	a.auditID = id
	return err
}

func (a *apply) call(format string, args ...any) {
	a.calls = append(a.calls, fmt.Sprintf(format, args...))
}

func (h *Handler) cacheTTL() time.Duration {
	if h.CacheTTL > 0 {
		return h.CacheTTL
	}
	return 5 * time.Minute
}
