// Package outbound turns an Attio Project that has a Company into a Toggl client and project,
// exactly once: the worker.Handler for inbox jobs of source "attio".
//
// One job is one Attio webhook event (ids only). The flow re-reads the Project, holds a
// lease-style lock on its Company (so the Company's Projects never race to create its Toggl
// client), then finds or creates the Toggl client and project and writes their ids back to
// Attio. Every step can run again: stored mappings and Attio's own ids are read first, an
// intent is recorded before each Toggl create, and a re-run after a crash finds the object
// by the intended name instead of creating a second one.
//
// Toggl's hourly quota and rate limit never fail a job: it waits in the queue until the
// reset (worker.Wait), and the console shows why.
package outbound

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

// AttioFactory returns the Attio client of a connection.
type AttioFactory = connection.AttioFactory

// TogglFactory returns the Toggl client of a connection. It should fail fast on an exhausted
// quota (toggl.Options.FailFastOnQuota), so the job waits in the queue, not in a worker.
type TogglFactory = connection.TogglFactory

// Handler is the worker.Handler for jobs of source "attio".
type Handler struct {
	Store  *store.Store
	Conns  *connection.Service
	Attio  AttioFactory
	Toggl  TogglFactory
	Now    func() time.Time
	Logger *slog.Logger

	// LockTTL is how long a Company lock lives without renewal; a holder that dies frees it
	// after this long (0: 30 s). The holder renews it every LockTTL/3.
	LockTTL time.Duration
	// LockPatience is how long a job polls a Company lock another job holds before it waits
	// in the queue instead (0: 5 s); LockPoll is the polling interval (0: 50 ms).
	LockPatience time.Duration
	LockPoll     time.Duration
	// LockedWait is how long the job then waits in the queue (0: 2 s).
	LockedWait time.Duration

	mu      sync.Mutex
	actors  map[int64]string  // connection → the api-token actor id our Attio writes carry
	objects map[string]string // "<connection>/<slug>" → Attio object id
}

// Handle applies one stored Attio event.
func (h *Handler) Handle(ctx context.Context, job *store.Job) error {
	conn, err := h.Conns.Get(ctx, job.ConnectionID)
	if err != nil {
		return err
	}
	ev, err := parseEvent(job.Body)
	if err != nil {
		return fmt.Errorf("stored Attio event no longer parses: %w", err)
	}
	if ev.RecordID == "" || ev.ObjectID == "" {
		return worker.Skip(ev.Type + " is not a record event")
	}
	if ev.Actor.Type == "api-token" && ev.Actor.ID != "" && ev.Actor.ID == h.ourActor(conn) {
		// Each write this service makes invalidates the routes it changes when it makes it.
		return worker.Skip(fmt.Sprintf("%s made by this service's own Attio token; nothing to send to Toggl", ev.Type))
	}
	ac, err := h.Attio(ctx, conn)
	if err != nil {
		return err
	}
	object, err := h.objectOf(ctx, conn, ac, ev.ObjectID)
	if err != nil {
		return classify(err, h.now())
	}
	// Whether or not it triggers outbound, a person's change can make the routes the
	// inbound side cached from Attio wrong: those, and only those, are read afresh.
	change := inbound.RecordChange{Object: object, RecordID: ev.RecordID}
	if err := inbound.InvalidateRoutes(ctx, h.Store, conn.ID, change, h.now()); err != nil {
		return err
	}
	if !slices.Contains(conn.Settings.OutboundEvents, ev.Type) {
		return worker.Skip(fmt.Sprintf("%s does not trigger outbound for this connection (triggers: %v)", ev.Type, conn.Settings.OutboundEvents))
	}
	if object != inbound.ProjectsObject {
		return worker.Skip(fmt.Sprintf("%s on object %s, not %s", ev.Type, ev.ObjectID, conn.Settings.Schema.ProjectsObject))
	}
	r := &run{h: h, conn: conn, job: job, ev: ev, attio: ac}
	return classify(r.apply(ctx), h.now())
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// objectOf tells which of the objects routing reads an event's object id is.
func (h *Handler) objectOf(ctx context.Context, conn *connection.Connection, ac *attio.Client, objectID string) (inbound.AttioObject, error) {
	for _, o := range []struct {
		slug string
		kind inbound.AttioObject
	}{{conn.Settings.Schema.ProjectsObject, inbound.ProjectsObject}, {conn.Settings.Schema.ClientsObject, inbound.ClientsObject}} {
		if o.slug == "" {
			continue
		}
		id, err := h.objectID(ctx, conn.ID, ac, o.slug)
		if err != nil {
			return inbound.OtherObject, err
		}
		if id == objectID {
			return o.kind, nil
		}
	}
	return inbound.OtherObject, nil
}

// objectID resolves an object slug to the id webhook events carry (cached per connection).
func (h *Handler) objectID(ctx context.Context, connID int64, ac *attio.Client, slug string) (string, error) {
	key := fmt.Sprintf("%d/%s", connID, slug)
	h.mu.Lock()
	id, ok := h.objects[key]
	h.mu.Unlock()
	if ok {
		return id, nil
	}
	obj, err := ac.GetObject(ctx, slug)
	if err != nil {
		return "", err
	}
	h.mu.Lock()
	if h.objects == nil {
		h.objects = map[string]string{}
	}
	h.objects[key] = obj.ID.ObjectID
	h.mu.Unlock()
	return obj.ID.ObjectID, nil
}

// ourActor is the api-token actor id our own Attio writes carry: the one stored with the
// connection, else (a connection from before it was stored, or a new token) the one this
// process learnt.
func (h *Handler) ourActor(conn *connection.Connection) string {
	if conn.Settings.AttioActorID != "" {
		return conn.Settings.AttioActorID
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.actors[conn.ID]
}

// learnActor remembers who wrote attr in a record we just wrote: that is our token's actor,
// so the record.updated events our writes cause are recognised and skipped. It is stored with
// the connection when it differs from the stored one, so a restarted service (or another
// process) recognises the echoes already in the queue before it writes anything itself.
func (h *Handler) learnActor(ctx context.Context, conn *connection.Connection, rec attio.Record, attr string) {
	v, ok := rec.Values.Current(attr)
	if !ok || v.CreatedByActor.Type != "api-token" || v.CreatedByActor.ID == "" {
		return
	}
	id := v.CreatedByActor.ID
	h.mu.Lock()
	if h.actors == nil {
		h.actors = map[int64]string{}
	}
	h.actors[conn.ID] = id
	h.mu.Unlock()
	if conn.Settings.AttioActorID == id {
		return
	}
	// Not worth failing the job for: the write it follows is done, and this process still
	// knows the actor; the next write stores it again.
	if err := h.Conns.SetAttioActor(ctx, conn, id); err != nil && h.Logger != nil {
		h.Logger.Warn("could not store the connection's Attio actor", "connection", conn.ID, "err", err)
	}
}
