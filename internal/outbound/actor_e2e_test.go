package outbound_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/outbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// The service's own Attio actor is stored with the connection once its first write shows it,
// so a fresh process (a new Handler, nothing written yet) skips the echo of an earlier write
// on the very first event, without calling Attio or Toggl; an event by another api-token is
// still worked on. A connection stored without it (from before) learns it again on its next
// write and stores it.
func freshHandlerKnowsOwnActor(t *testing.T, f *fixture) {
	ctx := context.Background()
	company := f.company(t, "Sterling Cooper")
	rid := f.project(t, "Lucky Strike", company)
	f.settle(t)
	f.checkLinked(t, "Sterling Cooper", company, map[string]string{"Lucky Strike": rid})
	conn, err := f.App.Conns.Get(ctx, f.conn.ID)
	must(t, err)
	if conn.Settings.AttioActorID != f.AttioSeed.TokenActorID {
		t.Fatalf("stored Attio actor %q, want the service token's %q", conn.Settings.AttioActorID, f.AttioSeed.TokenActorID)
	}

	var calls atomic.Int32
	errCalled := errors.New("the fresh handler called out")
	h := &outbound.Handler{Store: f.App.Store, Conns: f.App.Conns,
		Attio: func(context.Context, *connection.Connection) (*attio.Client, error) {
			calls.Add(1)
			return nil, errCalled
		},
		Toggl: func(context.Context, *connection.Connection) (*toggl.Client, error) {
			calls.Add(1)
			return nil, errCalled
		}}
	job := func(actorID string) *store.Job {
		raw, err := json.Marshal(map[string]any{"event_type": "record.updated",
			"id": map[string]any{"workspace_id": f.Attio.WorkspaceID(), "object_id": f.AttioSeed.ProjectsObjectID,
				"record_id": rid, "attribute_id": uuid.NewString()},
			"actor": map[string]any{"type": "api-token", "id": actorID}})
		must(t, err)
		body, err := json.Marshal(map[string]any{"event_type": "record.updated", "raw": json.RawMessage(raw)})
		must(t, err)
		return &store.Job{ConnectionID: conn.ID, Source: "attio", Kind: "record.updated", Body: body}
	}
	err = h.Handle(ctx, job(f.AttioSeed.TokenActorID))
	if worker.Classify(err) != worker.Skipped || !strings.Contains(err.Error(), "own Attio token") || calls.Load() != 0 {
		t.Fatalf("first event of a fresh handler, the service's own echo: %v (%d calls out), want skipped as its own", err, calls.Load())
	}
	if err := h.Handle(ctx, job(uuid.NewString())); !errors.Is(err, errCalled) {
		t.Fatalf("another integration's change: %v, want it worked on", err)
	}

	// A connection from before the actor was stored: the next write stores it.
	must(t, f.App.Conns.SetAttioActor(ctx, conn, ""))
	other := f.project(t, "Glo-Coat", company)
	f.settle(t)
	f.checkLinked(t, "Sterling Cooper", company, map[string]string{"Lucky Strike": rid, "Glo-Coat": other})
	conn, err = f.App.Conns.Get(ctx, f.conn.ID)
	must(t, err)
	if conn.Settings.AttioActorID != f.AttioSeed.TokenActorID {
		t.Fatalf("stored Attio actor after relearning %q, want %q", conn.Settings.AttioActorID, f.AttioSeed.TokenActorID)
	}
}
