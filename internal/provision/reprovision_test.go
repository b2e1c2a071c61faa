package provision

import (
	"context"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
)

// A field map change shows its diff and the attribute it needs; applying creates exactly that
// and stores the settings. A map that contradicts Attio is refused as a whole.
func TestReprovisionAfterFieldMapChange(t *testing.T) {
	e := newAttioEnv(t, attiosim.Config{}, true)
	conns := newConns(t)
	ctx := context.Background()
	conn, err := conns.Create(ctx, "reprovision")
	noErr(t, err)
	_, _, err = EnsureAttioSchema(ctx, e.c, conn.Settings, SchemaOptions{})
	noErr(t, err)

	next := conn.Settings
	next.TimeEntryMap = append(fieldmap.Map{}, next.TimeEntryMap...)
	next.TimeEntryMap = append(next.TimeEntryMap, fieldmap.Field{Source: "time_entry.workspace_id", Target: "toggl_workspace_id", Type: attiotype.Text})
	plan, err := PlanReprovision(ctx, e.c, conn, next, SchemaOptions{})
	noErr(t, err)
	if len(plan.Changes) != 1 || !strings.Contains(plan.Changes[0], "adds time_entry.workspace_id → toggl_workspace_id (text)") {
		t.Fatalf("changes %v", plan.Changes)
	}
	creates := plan.Schema.ToCreate()
	if len(creates) != 1 || creates[0].Where() != "toggl_time_entries.toggl_workspace_id" {
		t.Fatalf("to create %v", creates)
	}
	before := e.sim.Stats().Writes
	_, err = plan.Apply(ctx, e.c, conns, conn, "https://sync.example")
	noErr(t, err)
	if got := e.sim.Stats().Writes - before; got != 1 {
		t.Fatalf("%d writes for one new attribute", got)
	}
	stored, err := conns.Get(ctx, conn.ID)
	noErr(t, err)
	if len(stored.Settings.TimeEntryMap) != len(next.TimeEntryMap) {
		t.Fatal("new settings not stored")
	}

	bad := stored.Settings
	bad.TimeEntryMap = append(fieldmap.Map{}, bad.TimeEntryMap...)
	bad.TimeEntryMap[len(bad.TimeEntryMap)-1].Type = attiotype.Number // toggl_workspace_id is text in Attio now
	bad.TimeEntryMap[len(bad.TimeEntryMap)-1].Source = "time_entry.id"
	plan, err = PlanReprovision(ctx, e.c, stored, bad, SchemaOptions{})
	noErr(t, err)
	before = e.sim.Stats().Writes
	if _, err := plan.Apply(ctx, e.c, conns, stored, "https://sync.example"); err == nil || !strings.Contains(Explain(err), "toggl_time_entries.toggl_workspace_id") {
		t.Fatalf("a mistyped map was applied: %v", err)
	}
	if e.sim.Stats().Writes != before {
		t.Fatal("a refused plan wrote to Attio")
	}
}
