package outbound_test

import (
	"context"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

// A Project edited in Attio (here: its status) reroutes the very next time entry: the Attio
// webhook for the change clears the routes cached from Attio reads, without waiting for them
// to expire.
func TestAttioProjectChangeReroutesNextEntry(t *testing.T) {
	w := testrig.StartWorld(t, testrig.WorldOptions{HTTPS: true})
	conn := w.Connect(t)
	ctx := context.Background()
	projects := map[string]string{}
	for _, p := range w.AttioSeed.Projects {
		projects[p.Name] = p.RecordID
	}
	s := conn.Settings
	s.Rules = routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "fixed", Status: "complete"}}}
	s.Fallback = &connection.ProjectRef{RecordID: projects["Security Audit"], Name: "Security Audit"}
	if err := w.App.Conns.SaveSettings(ctx, conn, s); err != nil {
		t.Fatal(err)
	}
	parentOf := func(description string) string {
		t.Helper()
		start := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		te, err := w.Toggl.CreateTimeEntry(togglsim.SeedAdaToken, togglsim.SeedWorkspaceID, map[string]any{
			"created_with": "test", "workspace_id": togglsim.SeedWorkspaceID, "project_id": 20300001,
			"start": start.Format(time.RFC3339), "duration": 600, "description": description})
		if err != nil {
			t.Fatal(err)
		}
		settle(t, w)
		for _, e := range w.Attio.Entries("toggl_time_entries") {
			if v, _ := e.Value("toggl_time_entry_id").(float64); int64(v) == te.ID {
				return e.ParentRecordID
			}
		}
		t.Fatalf("time entry %d not in Attio", te.ID)
		return ""
	}
	if got := parentOf("before"); got != projects["Website Redesign"] {
		t.Fatalf("before the change: landed on %s", got)
	}
	if _, err := w.Attio.UpdateRecord("projects", projects["Website Redesign"], map[string]any{"status": []any{"complete"}}); err != nil {
		t.Fatal(err)
	}
	settle(t, w)
	if got := parentOf("after"); got != projects["Security Audit"] {
		t.Fatalf("after the Project became complete: landed on %s, want the fallback", got)
	}
}

// settle waits for both emulators' deliveries and the service's queue.
func settle(t *testing.T, w *testrig.World) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for {
		if err := w.Toggl.WaitIdle(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.Attio.WaitIdle(ctx); err != nil {
			t.Fatal(err)
		}
		n, err := w.App.Store.CountUnfinishedInbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%d jobs still queued", n)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
