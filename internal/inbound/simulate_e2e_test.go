package inbound_test

import (
	"context"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// Simulate gathers what the worker gathers and decides the same way, without writing to Attio:
// a mapped Project, then the same Project excluded by a new rule, landing on the fallback.
func TestSimulateRoutesLikeTheWorker(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	ctx := context.Background()
	ac, err := attio.New(attio.Options{BaseURL: f.AttioURL, AccessToken: attioToken})
	must(t, err)
	tc, err := toggl.New(toggl.Options{BaseURL: f.TogglURL, APIToken: togglToken, Registry: toggl.NewRegistry(0, 1)})
	must(t, err)
	h := &inbound.Handler{Store: f.App.Store, Conns: f.App.Conns, Now: f.App.Now,
		Attio: func(context.Context, *connection.Connection) (*attio.Client, error) { return ac, nil },
		Toggl: func(context.Context, *connection.Connection) (*toggl.Client, error) { return tc, nil }}
	pid := int64(20300001)
	te := &togglevent.TimeEntry{ID: 1, WorkspaceID: wid, ProjectID: &pid, UserID: 9547721}

	before := writes(f)
	sim, err := h.Simulate(ctx, f.conn, te)
	must(t, err)
	if sim.Decision.Branch != routing.BranchMapped || sim.Decision.ProjectRecordID != f.project["Website Redesign"] {
		t.Fatalf("decision %+v", sim.Decision)
	}
	if calls := strings.Join(sim.Calls, ";"); !strings.Contains(calls, "toggl GET project 20300001") || !strings.Contains(calls, "QUERY projects toggl_project_id=20300001") {
		t.Fatalf("calls %v", sim.Calls)
	}

	f.settings(t, func(s *connection.Settings) {
		s.Rules.Exclusions = []routing.Exclusion{{Type: "fixed", Status: "active"}}
		s.Fallback = &connection.ProjectRef{RecordID: f.project["Security Audit"], Name: "Security Audit"}
	})
	conn, err := f.App.Conns.Get(ctx, f.conn.ID)
	must(t, err)
	sim, err = h.Simulate(ctx, conn, te)
	must(t, err)
	if sim.Decision.Branch != routing.BranchFallback || sim.Decision.Cause != routing.CauseExcluded {
		t.Fatalf("excluded decision %+v", sim.Decision)
	}
	if len(sim.Calls) != 0 {
		t.Fatalf("the second simulation read Attio again instead of the stored mapping and cache: %v", sim.Calls)
	}
	if w := writes(f) - before; w != 0 {
		t.Fatalf("simulating wrote %d times to Attio", w)
	}
}
