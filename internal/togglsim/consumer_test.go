package togglsim

import (
	"testing"

	"toggl-attio-sync/internal/togglevent"
)

// TestDeliveriesParseWithTheServiceParser feeds every delivery of a busy scenario to the
// service's own webhook parser: emulator and consumer must agree on the wire format.
func TestDeliveriesParseWithTheServiceParser(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.subscribe(ada, rc, "all")
	te, err := e.sim.StartTimer(SeedBenToken, SeedWorkspaceID, 20300001, "Parsed", "design")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.StopTimer(SeedBenToken, SeedWorkspaceID, te.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.DeleteTimeEntry(SeedBenToken, SeedWorkspaceID, te.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": "Parsed Co"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.UpdateProject(SeedAdaToken, SeedWorkspaceID, 20300004, map[string]any{"name": "Brand Refresh II"}); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	reqs := rc.requests()
	if len(reqs) < 7 {
		t.Fatalf("only %d deliveries", len(reqs))
	}
	for _, r := range reqs {
		ev, err := togglevent.Parse(r.body)
		if err != nil {
			t.Fatalf("parser rejects %s: %v", r.body, err)
		}
		if !ev.IsPing && ev.EventID == 0 {
			t.Fatalf("entity event without id: %s", r.body)
		}
	}
}
