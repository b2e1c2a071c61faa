package inbound_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

const (
	wid        = 7435584
	togglToken = "sim-toggl-token"
	attioToken = "sim-attio-token"
	secret     = "inbound-test-secret"
)

// fixture is the service and both emulators with a connection wired by hand (the Attio
// schema the inbound flow writes into, a validated Toggl subscription to the service).
type fixture struct {
	*testrig.World
	conn    *connection.Connection
	company map[string]string // name → record id
	project map[string]string // Attio Project name → record id
}

func newFixture(t *testing.T, o testrig.WorldOptions) *fixture {
	t.Helper()
	o.Toggl.DisableLimits = true
	w := testrig.StartWorld(t, o)
	ctx := context.Background()
	f := &fixture{World: w, company: map[string]string{}, project: map[string]string{}}
	for _, c := range w.AttioSeed.Companies {
		f.company[c.Name] = c.RecordID
	}
	for _, p := range w.AttioSeed.Projects {
		f.project[p.Name] = p.RecordID
	}
	must(t, f.schema())
	conn, err := w.App.Conns.Create(ctx, "test")
	must(t, err)
	must(t, w.App.Conns.SetTokens(ctx, conn, togglToken, attioToken, wid, w.Attio.WorkspaceID()))
	settings := conn.Settings
	settings.Rules.TypeAttribute, settings.Rules.StatusAttribute = "type", "status"
	must(t, w.App.Conns.SaveSettings(ctx, conn, settings))
	now := time.Now()
	sub := w.Toggl.AddSubscription(togglsim.Subscription{
		WorkspaceID: wid, UserID: togglsim.SeedAdaID, Enabled: true, Description: "inbound test",
		EventFilters: []togglsim.EventFilter{{Entity: "*", Action: "*"}},
		URLCallback:  w.URL + "/webhooks/toggl/" + conn.Slug, Secret: secret, ValidatedAt: &now,
	})
	must(t, w.App.Conns.SaveTogglSubscription(ctx, conn.ID, connection.TogglSubscription{ID: sub.ID, Description: sub.Description, Secret: secret, Enabled: true, ValidatedAt: &now}))
	f.conn = conn
	return f
}

// schema creates what provisioning would: the time entries list and toggl_clients.
func (f *fixture) schema() error {
	a := f.Attio
	if _, err := a.CreateObject("toggl_clients", "Toggl client", "Toggl clients"); err != nil {
		return err
	}
	for _, spec := range []attiosim.AttributeSpec{
		{Slug: "name", Title: "Name", Type: "text"},
		{Slug: "toggl_client_id", Title: "Toggl client id", Type: "text", Unique: true},
		{Slug: "company", Title: "Company", Type: "record-reference", AllowedObjects: []string{"companies"}},
		{Slug: "archived", Title: "Archived", Type: "checkbox"},
		{Slug: "deleted", Title: "Deleted", Type: "checkbox"},
	} {
		if _, err := a.CreateAttribute("objects", "toggl_clients", spec); err != nil {
			return err
		}
	}
	for _, spec := range []attiosim.AttributeSpec{
		{Slug: "toggl_client_id", Title: "Toggl client id", Type: "text"},
		{Slug: "toggl_client", Title: "Toggl client", Type: "record-reference", AllowedObjects: []string{"toggl_clients"}},
	} {
		if _, err := a.CreateAttribute("objects", "companies", spec); err != nil {
			return err
		}
	}
	for _, attr := range fieldmap.AttributesNeeded(fieldmap.DefaultProjectMap()) {
		if attr.Slug == "toggl_project_id" {
			continue // seeded
		}
		if _, err := a.CreateAttribute("objects", "projects", attiosim.AttributeSpec{Slug: attr.Slug, Title: attr.Title, Type: attr.Type}); err != nil {
			return err
		}
	}
	if _, err := a.CreateList("Toggl time entries", "toggl_time_entries", "projects"); err != nil {
		return err
	}
	for _, attr := range fieldmap.AttributesNeeded(fieldmap.DefaultTimeEntryMap()) {
		if _, err := a.CreateAttribute("lists", "toggl_time_entries", attiosim.AttributeSpec{Slug: attr.Slug, Title: attr.Title, Type: attr.Type}); err != nil {
			return err
		}
	}
	return nil
}

// linkClient creates the toggl_clients record of a Toggl client linked to a Company.
func (f *fixture) linkClient(t *testing.T, togglClientID int64, company string) {
	t.Helper()
	_, err := f.Attio.CreateRecord("toggl_clients", map[string]any{
		"name": company, "toggl_client_id": fmt.Sprint(togglClientID),
		"company": []map[string]any{{"target_object": "companies", "target_record_id": f.company[company]}},
	})
	must(t, err)
}

func (f *fixture) settings(t *testing.T, edit func(*connection.Settings)) {
	t.Helper()
	s := f.conn.Settings
	edit(&s)
	must(t, f.App.Conns.SaveSettings(context.Background(), f.conn, s))
}

// settle waits until Toggl delivered everything and the service's queue is empty.
func (f *fixture) settle(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	must(t, f.Toggl.WaitIdle(ctx))
	for {
		n, err := f.App.Store.CountUnfinishedInbox(ctx)
		must(t, err)
		if n == 0 {
			return
		}
		f.App.Pool.Notify()
		select {
		case <-ctx.Done():
			t.Fatalf("queue not drained: %d jobs left\n%s", n, f.audit(t))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// entries returns the toggl_time_entries entries by Toggl time entry id.
func (f *fixture) entries() map[int64][]attiosim.Entry {
	out := map[int64][]attiosim.Entry{}
	for _, e := range f.Attio.Entries("toggl_time_entries") {
		if v, ok := active(e.Values, "toggl_time_entry_id").(float64); ok {
			out[int64(v)] = append(out[int64(v)], e)
		}
	}
	return out
}

func (f *fixture) audit(t *testing.T) string {
	rows, err := f.App.Store.QueryRaw("SELECT status, entity, message FROM audit ORDER BY id")
	must(t, err)
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var s, e, m string
		rows.Scan(&s, &e, &m)
		fmt.Fprintf(&b, "  %-10s %-24s %s\n", s, e, m)
	}
	return b.String()
}

// active reads the current value of an attribute from the emulator's output shape.
func active(values map[string][]map[string]any, slug string) any {
	for _, v := range values[slug] {
		if v["active_until"] != nil {
			continue
		}
		for _, k := range []string{"value", "target_record_id"} {
			if x, ok := v[k]; ok {
				return x
			}
		}
		if o, ok := v["option"].(map[string]any); ok {
			return o["title"]
		}
	}
	return nil
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writes(f *fixture) int64 { return f.Attio.Stats().Writes }

// stoppedEntry is a finished time entry body for the Toggl create API.
func stoppedEntry(projectID int64, description string) map[string]any {
	start := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
	return map[string]any{"created_with": "test", "workspace_id": wid, "project_id": projectID,
		"start": start.Format(time.RFC3339), "duration": 3600, "description": description, "billable": true}
}

func fmtID(id int64) string { return fmt.Sprint(id) }
