package inbound_test

import (
	"context"
	"strings"
	"testing"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/testrig"
)

// Each routing branch through the real webhook endpoint: mapped, client → Company,
// an excluded Project landing on the fallback, and audit only without a fallback.
func TestRoutingBranches(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	f.linkClient(t, 61000003, "Umbrella") // Brand Refresh's client
	f.linkClient(t, 61000001, "Globex")   // Support Retainer's client
	f.settings(t, func(s *connection.Settings) {
		s.Rules.Exclusions = []routing.Exclusion{{Type: "retainer", Status: "complete"}}
		s.Fallback = &connection.ProjectRef{RecordID: f.project["Security Audit"], Name: "Security Audit"}
	})

	// Three users: starting a timer stops the same user's running one, as in Toggl.
	mapped, err := f.Toggl.StartTimer(togglToken, wid, 20300001, "mapped entry")
	must(t, err)
	viaClient, err := f.Toggl.StartTimer(togglToken+"-ben", wid, 20300004, "via client")
	must(t, err)
	excluded, err := f.Toggl.StartTimer(togglToken+"-chloe", wid, 20300002, "excluded retainer")
	must(t, err)
	f.settle(t)

	got := f.entries()
	for _, c := range []struct {
		name   string
		id     int64
		parent string
	}{
		{"mapped by toggl_project_id", mapped.ID, f.project["Website Redesign"]},
		{"client → Company → single eligible Project", viaClient.ID, f.project["Brand Refresh"]},
		{"excluded retainer+complete → fallback", excluded.ID, f.project["Security Audit"]},
	} {
		if len(got[c.id]) != 1 || got[c.id][0].ParentRecordID != c.parent {
			t.Errorf("%s: entries %+v, want one under %s\n%s", c.name, got[c.id], c.parent, f.audit(t))
		}
	}
	e := got[mapped.ID][0]
	if active(e.Values, "description") != "mapped entry" || active(e.Values, "running") != true || active(e.Values, "toggl_project_name") != "Website Redesign" {
		t.Errorf("entry values: %+v", e.Values)
	}

	// Without a fallback, an excluded entry is audit only: no Attio write.
	f.settings(t, func(s *connection.Settings) { s.Fallback = nil })
	before := writes(f)
	audited, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300002, "nowhere to go"))
	must(t, err)
	f.settle(t)
	if n := len(f.entries()[audited.ID]); n != 0 {
		t.Fatalf("audit-only entry written %d times", n)
	}
	if w := writes(f) - before; w != 0 {
		t.Fatalf("audit-only cost %d Attio writes", w)
	}
	var reason string
	f.App.Store.QueryRowRaw("SELECT message FROM audit WHERE status = 'unroutable' ORDER BY id DESC LIMIT 1").Scan(&reason)
	if !strings.Contains(reason, "audit only") || !strings.Contains(reason, "excluded") {
		t.Fatalf("unroutable reason: %q", reason)
	}
	var detail string
	f.App.Store.QueryRowRaw("SELECT detail_json FROM audit WHERE status = 'unroutable' ORDER BY id DESC LIMIT 1").Scan(&detail)
	if !strings.Contains(detail, "retainer") {
		t.Fatalf("decision steps not stored: %s", detail)
	}
	_ = context.Background()
}

// Stop, edit and delete: the entry is completed, updated in place, then removed.
func TestLifecycleRunningStopEditDelete(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	te, err := f.Toggl.StartTimer(togglToken, wid, 20300001, "timer")
	must(t, err)
	f.settle(t)
	first := f.entries()[te.ID]
	if len(first) != 1 || active(first[0].Values, "running") != true {
		t.Fatalf("running entry: %+v", first)
	}
	_, err = f.Toggl.StopTimer(togglToken, wid, te.ID)
	must(t, err)
	f.settle(t)
	_, err = f.Toggl.UpdateTimeEntry(togglToken, wid, te.ID, map[string]any{"description": "renamed <b>bold</b>"})
	must(t, err)
	f.settle(t)
	after := f.entries()[te.ID]
	if len(after) != 1 || after[0].ID != first[0].ID {
		t.Fatalf("not updated in place: %+v", after)
	}
	if active(after[0].Values, "running") != false || active(after[0].Values, "description") != "renamed <b>bold</b>" || active(after[0].Values, "stop") == nil {
		t.Fatalf("after stop+edit: %+v", after[0].Values)
	}
	must(t, f.Toggl.DeleteTimeEntry(togglToken, wid, te.ID))
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 0 {
		t.Fatalf("deleted time entry still has %d entries\n%s", n, f.audit(t))
	}
}
