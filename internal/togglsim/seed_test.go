package togglsim

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestSeedData(t *testing.T) {
	e := newEnv(t)
	info := e.seed
	if info.WorkspaceID != 7435584 || info.OrganizationID != 9000001 || info.Plan != PlanPremium || info.WorkspaceName != "Acme Agency" {
		t.Fatalf("workspace %+v", info)
	}
	users := fmt.Sprint(info.Users)
	for _, s := range []string{"9547721 Ada Admin ada@acme.test sim-toggl-token", "9547722 Ben Builder", "9547723 Chloe Consultant"} {
		if !contains(users, s) {
			t.Fatalf("users %s lack %q", users, s)
		}
	}
	wantClients := "61000001 Globex;61000002 Initech;61000003 Umbrella;61000004 Stark Industries;"
	got := ""
	for _, c := range info.Clients {
		got += fmt.Sprintf("%d %s;", c.ID, c.Name)
	}
	if got != wantClients {
		t.Fatalf("clients %s", got)
	}
	wantProjects := "20300001 Website Redesign 61000001;20300002 Support Retainer 61000001;20300003 Data Migration 61000002;" +
		"20300004 Brand Refresh 61000003;20300005 Internal 0;"
	got = ""
	for _, p := range info.Projects {
		got += fmt.Sprintf("%d %s %d;", p.ID, p.Name, p.ClientID)
	}
	if got != wantProjects {
		t.Fatalf("projects %s", got)
	}
	running, billable, tagged, users3 := 0, 0, 0, map[int64]bool{}
	for _, te := range info.TimeEntries {
		if te.Start.After(t0) || te.Start.Before(t0.Add(-8*24*time.Hour)) || te.Description == "" {
			t.Fatalf("entry out of range or without description: %+v", te)
		}
		if te.Running() {
			running++
			if te.ID != info.RunningEntryID || te.UserID != SeedBenID {
				t.Fatalf("running entry %+v", te)
			}
		}
		if te.Billable {
			billable++
		}
		if len(te.Tags) > 0 {
			tagged++
		}
		users3[te.UserID] = true
	}
	if len(info.TimeEntries) != 25 || running != 1 || billable == 0 || billable == 25 || tagged == 0 || len(users3) != 3 {
		t.Fatalf("%d entries, %d running, %d billable, %d tagged, %d users", len(info.TimeEntries), running, billable, tagged, len(users3))
	}
	for _, tok := range []auth{ada, ben, chloe, {"chloe@acme.test", "sim-password-chloe"}} {
		want(t, e.call(tok, "GET", "/api/v9/me", nil), http.StatusOK)
	}
	if s := info.String(); !contains(s, "Acme Agency") || !contains(s, "sim-toggl-token-chloe") {
		t.Fatalf("summary %s", s)
	}
	// New ids never collide with seeded ones.
	c, err := e.sim.CreateClient(SeedAdaToken, SeedWorkspaceID, map[string]any{"name": "New"})
	if err != nil || c.ID <= 61000004 {
		t.Fatalf("new client %+v %v", c, err)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}

func TestHelpersFireWebhooks(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.subscribe(ada, rc, "helpers")
	te, err := e.sim.StartTimer(SeedChloeToken, SeedWorkspaceID, 20300003, "Demo timer", "demo")
	if err != nil || !te.Running() || te.Tags[0] != "demo" {
		t.Fatalf("StartTimer %+v %v", te, err)
	}
	e.clock.Advance(30 * time.Minute)
	te, err = e.sim.StopTimer(SeedChloeToken, SeedWorkspaceID, te.ID)
	if err != nil || te.Duration() != 1800 {
		t.Fatalf("StopTimer %+v %v", te, err)
	}
	if _, err := e.sim.UpdateTimeEntry(SeedChloeToken, SeedWorkspaceID, te.ID, map[string]any{"description": "Renamed"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sim.UpdateProject(SeedAdaToken, SeedWorkspaceID, 20300005, map[string]any{"name": "Internal ops"}); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.DeleteTimeEntry(SeedChloeToken, SeedWorkspaceID, te.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.sim.StopTimer(SeedChloeToken, SeedWorkspaceID, te.ID)
	if apiErr, ok := err.(*APIError); !ok || apiErr.Status != http.StatusNotFound || apiErr.Message != "Time entry not found" {
		t.Fatalf("stopping a deleted entry: %v", err)
	}
	e.waitIdle()
	var got []string
	for _, ev := range rc.events(t) {
		m := ev["metadata"].(map[string]any)
		got = append(got, fmt.Sprintf("%s:%s %s", m["model"], m["action"], m["request_type"]))
	}
	if fmt.Sprint(got) != "[time_entry:created POST time_entry:updated PATCH time_entry:updated PUT project:updated PUT time_entry:deleted DELETE]" {
		t.Fatalf("events %v", got)
	}
}
