package inbound

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
)

const consoleWID = 7435584

// consoleStore is a database with one connection and no API access.
func consoleStore(t *testing.T) (*store.Store, *connection.Service, *connection.Connection) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	box, _ := secrets.New(make([]byte, 32))
	conns := connection.NewService(st, box, time.Now)
	conn, err := conns.Create(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	conn.TogglWorkspaceID = consoleWID
	return st, conns, conn
}

// deliver stores a Toggl delivery of a time entry (payload without the workspace).
func deliver(t *testing.T, st *store.Store, connID, eventID int64, payload string) int64 {
	t.Helper()
	body := fmt.Sprintf(`{"event_id":%d,"created_at":"2030-01-01T00:00:00Z","subscription_id":2,"metadata":{"model":"time_entry","action":"updated","workspace_id":"%d"},"payload":%s}`,
		eventID, consoleWID, payload)
	id, _, err := st.Enqueue(context.Background(), store.NewEvent{ConnectionID: connID, Source: "toggl", DedupeKey: fmt.Sprint(eventID),
		EntityKey: "time_entry:" + fmt.Sprint(eventID), Kind: "time_entry.updated", Body: []byte(body), HeadersJSON: "{}"},
		time.UnixMilli(eventID*1000), store.Audit{ConnectionID: connID, Source: "toggl", Status: "accepted"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func cacheNames(t *testing.T, st *store.Store, connID int64) {
	t.Helper()
	cid := int64(61000001)
	data, err := projectData(togglevent.Project{ID: 20300001, WorkspaceID: consoleWID, Name: "Website", ClientID: &cid, Active: true})
	if err != nil {
		t.Fatal(err)
	}
	cdata, err := clientData(togglevent.Client{ID: cid, WorkspaceID: consoleWID, Name: "Globex"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []store.UpsertTogglCacheParams{
		{ConnectionID: connID, Kind: "project", TogglID: 20300001, Name: "Website", ClientID: cid, DataJson: data, At: 5},
		{ConnectionID: connID, Kind: "client", TogglID: cid, Name: "Globex", DataJson: cdata, At: 5},
		{ConnectionID: connID, Kind: "user", TogglID: 9, Name: "Ada", DataJson: "{}", At: 5},
	} {
		if err := st.UpsertTogglCache(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
}

// The preview renders the newest delivery with the names the worker would use, from the local
// cache only; a map that cannot render it, or no delivery, says so.
func TestPreviewRendersTheNewestDeliveryWithCachedNames(t *testing.T) {
	st, _, conn := consoleStore(t)
	ctx := context.Background()
	m := fieldmap.Map{{Source: "time_entry.description", Target: "description", Type: "text"}, {Source: "project.name", Target: "p", Type: "text"},
		{Source: "client.name", Target: "c", Type: "text"}, {Source: "user.name", Target: "u", Type: "text"}}
	if p := preview(ctx, st, conn.ID, "time_entry", m, time.Now()); p.JobID != 0 || !strings.Contains(p.Error, "No time entry delivery has been received yet") {
		t.Fatalf("without a delivery: %+v", p)
	}
	deliver(t, st, conn.ID, 1, `{"id":1,"wid":7435584,"project_id":20300001,"user_id":9,"description":"old","start":"2030-01-01T09:00:00Z","duration":60}`)
	newest := deliver(t, st, conn.ID, 2, `{"id":2,"wid":7435584,"project_id":20300001,"user_id":9,"description":"Build <b>","start":"2030-01-01T10:00:00Z","duration":3600}`)
	cacheNames(t, st, conn.ID)
	p := preview(ctx, st, conn.ID, "time_entry", m, time.Now())
	if p.Error != "" || p.JobID != newest || p.Kind != "time_entry.updated" || len(p.Rows) != 4 {
		t.Fatalf("preview %+v", p)
	}
	got := map[string]string{}
	for _, r := range p.Rows {
		got[r.Target] = r.Value
	}
	if got["description"] != "Build <b>" || got["p"] != "Website" || got["c"] != "Globex" || got["u"] != "Ada" {
		t.Fatalf("values %v", got)
	}
	bad := fieldmap.Map{{Source: "time_entry.description", Target: "d", Type: "number"}}
	if p := preview(ctx, st, conn.ID, "time_entry", bad, time.Now()); p.JobID != newest || !strings.HasPrefix(p.Error, "This map cannot render that delivery") {
		t.Fatalf("unrenderable: %+v", p)
	}
	if p := preview(ctx, st, conn.ID, "project", m, time.Now()); p.JobID != 0 || !strings.Contains(p.Error, "No project delivery") {
		t.Fatalf("another model: %+v", p)
	}

	recent := recentEntries(ctx, st, conn.ID, 15)
	if len(recent) != 2 || recent[0].JobID != newest || recent[0].Description != "Build <b>" || recent[0].Project != `project 20300001 "Website"` {
		t.Fatalf("recent %+v", recent)
	}
}

func TestPastedTimeEntry(t *testing.T) {
	te, err := PastedTimeEntry(`{"id": 5, "project_id": 20300001, "description": "x"}`, 777)
	if err != nil || te.ID != 5 || te.WorkspaceID != 777 || te.ProjectID == nil || *te.ProjectID != 20300001 {
		t.Fatalf("bare entry: %+v %v", te, err)
	}
	body := `{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"model":"time_entry","action":"updated","workspace_id":"9"},"payload":{"id":6,"wid":9}}`
	if te, err := PastedTimeEntry(body, 777); err != nil || te.ID != 6 || te.WorkspaceID != 9 {
		t.Fatalf("webhook body: %+v %v", te, err)
	}
	if te, err := PastedTimeEntry(`{"id": 5, "wid": 12}`, 777); err != nil || te.WorkspaceID != 12 {
		t.Fatalf("bare entry naming its workspace: %+v %v", te, err)
	}
	for bad, want := range map[string]string{
		`nope`: "this is not JSON",
		`{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"model":"project","action":"updated"},"payload":{"id":6,"wid":9}}`: "this is a project event",
	} {
		if _, err := PastedTimeEntry(bad, 777); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", bad, err, want)
		}
	}
}

func TestSimulationInput(t *testing.T) {
	st, _, conn := consoleStore(t)
	ctx := context.Background()
	job := deliver(t, st, conn.ID, 3, `{"id":3,"wid":7435584,"user_id":9,"start":"2030-01-01T10:00:00Z","duration":60}`)
	for _, c := range []struct {
		name    string
		job     int64
		paste   string
		entry   int64
		problem string
	}{
		{"a paste wins", job, `{"id": 8}`, 8, ""},
		{"a recent delivery", job, "  ", 3, ""},
		{"nothing chosen", 0, "", 0, "Choose a recent time entry or paste one."},
		{"gone", job + 99, "", 0, "That delivery is no longer kept; choose another."},
		{"too long", 0, `{"description":"` + strings.Repeat("x", MaxPasteBytes) + `"}`, 0, "The pasted text is longer than 64 KiB."},
		{"not JSON", 0, "<b>", 0, "This cannot be routed: this is not JSON"},
	} {
		in, problem := simulationInput(ctx, st, conn, c.job, c.paste)
		if !strings.HasPrefix(problem, c.problem) || (c.problem == "") != (problem == "") {
			t.Errorf("%s: problem %q, want %q", c.name, problem, c.problem)
			continue
		}
		if c.entry != 0 && (in.Entry == nil || in.Entry.ID != c.entry) {
			t.Errorf("%s: entry %+v", c.name, in.Entry)
		}
		if c.name == "a recent delivery" && in.JobID != job {
			t.Errorf("%s: job %d", c.name, in.JobID)
		}
	}
}

func TestChooseTriggers(t *testing.T) {
	for _, c := range []struct {
		posted  []string
		chosen  string
		problem string
	}{
		{[]string{"record.updated", "record.created"}, "record.created,record.updated", ""},
		{[]string{"record.updated"}, "record.updated", ""},
		{nil, "", "Choose at least one event."},
		{[]string{"record.deleted"}, "", `Unknown event among ["record.deleted"].`},
		{[]string{"record.created", "record.created"}, "", "Unknown event among"},
	} {
		chosen, problem := chooseTriggers(c.posted)
		if strings.Join(chosen, ",") != c.chosen || !strings.HasPrefix(problem, c.problem) || (c.problem == "") != (problem == "") {
			t.Errorf("%v: %v %q", c.posted, chosen, problem)
		}
	}
}

func TestLanding(t *testing.T) {
	fb := &connection.ProjectRef{RecordID: "rec-fb", Name: "Overflow"}
	for _, c := range []struct {
		d       routing.Decision
		fb      *connection.ProjectRef
		want    string
		problem bool
	}{
		{routing.Decision{Branch: routing.BranchAuditOnly}, fb, "Would be recorded in the audit list only: nothing is written to Attio.", true},
		{routing.Decision{Branch: routing.BranchFallback, ProjectRecordID: "rec-fb"}, fb, "Would land on the fallback Project Overflow.", false},
		{routing.Decision{Branch: routing.BranchFallback, ProjectRecordID: "rec-old"}, fb, "Would land on the fallback Project rec-old.", false},
		{routing.Decision{Branch: routing.BranchFallback, ProjectRecordID: "rec-fb"}, nil, "Would land on the fallback Project rec-fb.", false},
		{routing.Decision{ProjectRecordID: "rec-1"}, fb, "Would land on Attio Project rec-1.", false},
	} {
		if got, problem := Landing(c.d, c.fb); got != c.want || problem != c.problem {
			t.Errorf("%+v: %q %v, want %q %v", c.d, got, problem, c.want, c.problem)
		}
	}
}

// provisioner records what the consoles ask of Attio.
type provisioner struct {
	webhookErr error
	webhooks   int
	created    int
	next       *connection.Settings
}

func (p *provisioner) Reprovision(_ context.Context, _ *connection.Connection, next connection.Settings) (int, error) {
	p.next = &next
	return p.created, nil
}

func (p *provisioner) UpdateAttioWebhook(context.Context, *connection.Connection) error {
	p.webhooks++
	return p.webhookErr
}

// Without Attio access the rules page says so, takes attributes as typed, refuses exclusions
// it cannot check, cannot route, and still saves triggers for a webhook provisioned later.
func TestRulesConsoleWithoutAttio(t *testing.T) {
	st, conns, conn := consoleStore(t)
	ctx := context.Background()
	prov := &provisioner{}
	r := NewRulesConsole(ConsoleDeps{Store: st, Conns: conns, Provision: prov, Now: time.Now})

	q := "Sec"
	v := r.Page(ctx, conn, &q)
	if v.Schema.Err != attioschema.ErrNoAttio || v.Search == nil || v.Search.Query != "Sec" || !strings.HasPrefix(v.Search.Problem, "Attio cannot be searched") {
		t.Fatalf("page %+v", v)
	}
	v, saved, err := r.SaveRules(ctx, conn, routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "fixed", Status: "*"}}})
	if err != nil || saved || !strings.Contains(v.Fields["rules"], "could not be read") || v.Problem == "" || len(v.Rules.Exclusions) != 1 {
		t.Fatalf("unchecked exclusions saved: %v %v %+v", saved, err, v)
	}
	if _, saved, err := r.SaveRules(ctx, conn, routing.Rules{TypeAttribute: "type"}); err != nil || !saved || conn.Settings.Rules.TypeAttribute != "type" {
		t.Fatalf("attributes alone: saved %v %v, stored %+v", saved, err, conn.Settings.Rules)
	}
	if v, saved, err := r.SaveFallback(ctx, conn, ""); err != nil || saved || v.Search.Problem != "Choose a Project from the search results." || v.Problem == "" {
		t.Fatalf("fallback without a record: %v %v %+v", saved, err, v.Search)
	}
	if v := r.Simulate(ctx, conn, 0, `{"id": 4}`); !v.Sim.Unavailable || v.Sim.Routed || v.Sim.Input.Entry.ID != 4 {
		t.Fatalf("simulation without Attio: %+v", v.Sim)
	}
	if v := r.Simulate(ctx, conn, 0, ""); !v.Sim.Refused || v.Sim.Unavailable {
		t.Fatalf("simulation of nothing: %+v", v.Sim)
	}

	v, outcome, err := r.SaveTriggers(ctx, conn, []string{"record.deleted"})
	if err != nil || outcome != TriggersRefused || v.TriggerError == "" || v.Events[0] != "record.deleted" {
		t.Fatalf("unknown trigger: %v %v %+v", outcome, err, v)
	}
	if _, outcome, err := r.SaveTriggers(ctx, conn, []string{"record.updated"}); err != nil || outcome != TriggersSavedForLater || prov.webhooks != 0 ||
		strings.Join(conn.Settings.OutboundEvents, ",") != "record.updated" {
		t.Fatalf("triggers without a webhook: %v %v %v", outcome, err, conn.Settings.OutboundEvents)
	}
	if err := st.UpsertAttioWebhook(ctx, store.UpsertAttioWebhookParams{ConnectionID: conn.ID, WebhookID: "wh1", Status: "active", SecretSealed: "s", CreatedAt: 1}); err != nil {
		t.Fatal(err)
	}
	if _, outcome, err := r.SaveTriggers(ctx, conn, []string{"record.created"}); err != nil || outcome != TriggersSaved || prov.webhooks != 1 {
		t.Fatalf("triggers with a webhook: %v %v (%d updates)", outcome, err, prov.webhooks)
	}
	prov.webhookErr = fmt.Errorf("Attio said no")
	v, outcome, err = r.SaveTriggers(ctx, conn, []string{"record.created", "record.updated"})
	if err != nil || outcome != TriggersWebhookFailed || !strings.HasSuffix(v.TriggerError, "Attio said no") || len(v.Events) != 2 {
		t.Fatalf("webhook update failed: %v %v %+v", outcome, err, v)
	}
}

// The field map editor refuses what it cannot check or what has problems, saves a clean map,
// and provisions first when Attio lacks an attribute.
func TestFieldMapConsole(t *testing.T) {
	st, conns, conn := consoleStore(t)
	ctx := context.Background()
	prov := &provisioner{created: 2}
	f := NewFieldMapConsole(ConsoleDeps{Store: st, Conns: conns, Provision: prov, Now: time.Now})
	k := attioschema.LookupMapKind("project")
	good := fieldmap.Map{{Source: "project.name", Target: "name", Type: "text"}}
	wrong := fieldmap.Map{{Source: "time_entry.description", Target: "notes", Type: "text"}}

	if v := f.Page(ctx, conn, k); v.TargetErr == nil || v.Preview == nil || v.Kind.Key != "project" {
		t.Fatalf("page without Attio: %+v", v)
	}
	if v, outcome, err := f.Save(ctx, conn, k, wrong, MapPreview); err != nil || outcome != MapPreviewed || !strings.HasPrefix(v.Preview.Error, "Fix the problems") {
		t.Fatalf("preview of a wrong map: %v %v %+v", outcome, err, v.Preview)
	}
	if v, outcome, _ := f.Save(ctx, conn, k, wrong, MapSave); outcome != MapRefused || !strings.Contains(v.FormError, "fix the problems") {
		t.Fatalf("wrong map saved: %v %q", outcome, v.FormError)
	}
	if v, outcome, _ := f.Save(ctx, conn, k, good, MapSave); outcome != MapRefused || !strings.Contains(v.FormError, "could not be checked") {
		t.Fatalf("unchecked map saved: %v %q", outcome, v.FormError)
	}

	// Against Attio: saved when it has the attributes, provisioned first when not.
	f.schema = &attioschema.Reader{Attio: seededAttio(t)}
	conn.Settings.Schema = connection.DefaultSchema
	lacking := fieldmap.Map{{Source: "project.name", Target: "toggl_project_name", Type: "text"}}
	v, outcome, err := f.Save(ctx, conn, k, lacking, MapSave)
	if err != nil || outcome != MapRefused || strings.Join(v.Missing, ",") != "toggl_project_name" || v.FormError != "" || prov.next != nil {
		t.Fatalf("a map writing a missing attribute: %v %v %+v", outcome, err, v)
	}
	if v, outcome, err := f.Save(ctx, conn, k, lacking, MapPreview); err != nil || outcome != MapPreviewed || v.Missing != nil {
		t.Fatalf("a preview needs no reprovisioning: %v %v %+v", outcome, err, v.Missing)
	}
	v, outcome, err = f.Save(ctx, conn, k, lacking, MapProvision)
	if err != nil || outcome != MapSavedProvisioned || v.Created != 2 || prov.next == nil || prov.next.ProjectMap[0].Target != "toggl_project_name" {
		t.Fatalf("provisioned: %v %v %+v", outcome, err, v)
	}
	if _, outcome, err := f.Save(ctx, conn, k, good, MapSave); err != nil || outcome != MapSaved || conn.Settings.ProjectMap[0].Target != "name" {
		t.Fatalf("a map Attio has everything for: %v %v %+v", outcome, err, conn.Settings.ProjectMap)
	}
}

// seededAttio is the seeded Attio emulator's client factory, every call checked against the spec.
func seededAttio(t *testing.T) connection.AttioFactory {
	t.Helper()
	sim := attiosim.New(attiosim.Config{})
	attiosim.Seed(sim)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close)
	c, err := attio.New(attio.Options{BaseURL: srv.URL, AccessToken: attiosim.SeedToken,
		Transport: contract.Transport(t, http.DefaultTransport), Pacer: attio.NewPacer(attio.Limits{}, nil)})
	if err != nil {
		t.Fatal(err)
	}
	return func(context.Context, *connection.Connection) (*attio.Client, error) { return c, nil }
}
