package inbound_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// With project.status, project.active and project.color in the time entry
// map, Attio got "archived", false and "" for a project Toggl reports as active, true and
// #0b83d9. These tests write every source of the three maps into an attribute of its own and
// compare what Attio holds with what Toggl's API reports for the same entity, on each path
// that fills the Toggl cache: webhook events, the API fetch of a cache miss, a cache row
// written by an older version (name only), and a resync.

const (
	valuesProject = 20300001 // Website Redesign, client Globex; an Attio Project carries it
	valuesClient  = 61000001
	otherProject  = 20300003 // Data Migration, client Initech; an Attio Project carries it
)

// expected reads, for one source, the value Toggl's API reports (JSON as decoded into any).
// A source without an entry here fails TestSourcesRenderTogglValues: a new source needs one.
var expected = map[string]func(f togglFacts) any{
	"time_entry.id":               func(f togglFacts) any { return f.entry["id"] },
	"time_entry.description":      func(f togglFacts) any { return f.entry["description"] },
	"time_entry.duration_seconds": func(f togglFacts) any { return f.entry["duration"] },
	"time_entry.duration_hours": func(f togglFacts) any {
		return fieldmap.Hours(int64(f.entry["duration"].(float64)))
	},
	"time_entry.billable": func(f togglFacts) any { return f.entry["billable"] },
	"time_entry.start":    func(f togglFacts) any { return f.entry["start"] },
	"time_entry.stop":     func(f togglFacts) any { return f.entry["stop"] },
	"time_entry.running":  func(f togglFacts) any { return f.entry["duration"].(float64) < 0 },
	"time_entry.tags": func(f togglFacts) any {
		var tags []string
		for _, t := range f.entry["tags"].([]any) {
			tags = append(tags, t.(string))
		}
		return strings.Join(tags, ", ") // a list source in a text attribute
	},
	"time_entry.at":           func(f togglFacts) any { return f.entry["at"] },
	"time_entry.workspace_id": func(f togglFacts) any { return f.entry["workspace_id"] },
	"time_entry.task_id":      func(f togglFacts) any { return f.entry["task_id"] },

	"project.id":        func(f togglFacts) any { return f.project["id"] },
	"project.name":      func(f togglFacts) any { return f.project["name"] },
	"project.status":    func(f togglFacts) any { return f.project["status"] },
	"project.active":    func(f togglFacts) any { return f.project["active"] == true && f.project["server_deleted_at"] == nil },
	"project.archived":  func(f togglFacts) any { return f.project["active"] == false && f.project["server_deleted_at"] == nil },
	"project.deleted":   func(f togglFacts) any { return f.project["server_deleted_at"] != nil },
	"project.billable":  func(f togglFacts) any { return f.project["billable"] },
	"project.color":     func(f togglFacts) any { return f.project["color"] },
	"project.client_id": func(f togglFacts) any { return f.project["client_id"] },
	"project.at":        func(f togglFacts) any { return f.project["at"] },

	"client.id":       func(f togglFacts) any { return f.client["id"] },
	"client.name":     func(f togglFacts) any { return f.client["name"] },
	"client.archived": func(f togglFacts) any { return f.client["archived"] },
	"client.deleted":  func(f togglFacts) any { return f.client["server_deleted_at"] != nil },
	"client.notes":    func(f togglFacts) any { return f.client["notes"] },
	"client.at":       func(f togglFacts) any { return f.client["at"] },

	"user.id":   func(f togglFacts) any { return f.entry["user_id"] },
	"user.name": func(f togglFacts) any { return f.user["fullname"] },
}

// togglFacts is what Toggl's API answers for a time entry, its project, client and user.
type togglFacts struct {
	entry, project, client, user map[string]any
}

// valuesWorld is a provisioned connection whose maps add, to the defaults, every source the
// console lets each map read, each into a "v_" attribute of the source's natural type.
type valuesWorld struct {
	*fixture
	attioClient *attio.Client
}

func startValuesWorld(t *testing.T, beforeConnect func(w *testrig.World), opts ...app.Option) *valuesWorld {
	t.Helper()
	o := testrig.WorldOptions{}
	o.Toggl.DisableLimits = true
	o.Env = map[string]string{"ADMIN_PASSWORD": consolePassword}
	o.App = append([]app.Option{app.WithResync(func(s *resync.Service) { s.PollInterval = 50 * time.Millisecond })}, opts...)
	w := testrig.StartWorld(t, o)
	if beforeConnect != nil {
		beforeConnect(w)
	}
	conn := w.Connect(t)
	ctx := context.Background()
	ac, err := attio.New(attio.Options{BaseURL: w.AttioURL, AccessToken: attiosim.SeedToken})
	must(t, err)
	next := conn.Settings
	next.TimeEntryMap = withSources(fieldmap.DefaultTimeEntryMap(), fieldmap.EntityTimeEntry, fieldmap.EntityProject, fieldmap.EntityClient, fieldmap.EntityUser)
	next.ProjectMap = withSources(fieldmap.DefaultProjectMap(), fieldmap.EntityProject)
	next.ClientMap = withSources(fieldmap.DefaultClientMap(), fieldmap.EntityClient)
	// The console's "Save and create in Attio".
	plan, err := provision.PlanReprovision(ctx, ac, conn, next, provision.SchemaOptions{})
	must(t, err)
	if _, err := plan.Apply(ctx, ac, w.App.Conns, conn, w.App.Config.PublicURL.String()); err != nil {
		t.Fatalf("reprovision: %s", provision.Explain(err))
	}
	conn, err = w.App.Conns.Get(ctx, conn.ID)
	must(t, err)
	f := &fixture{World: w, conn: conn, company: map[string]string{}, project: map[string]string{}}
	for _, p := range w.AttioSeed.Projects {
		f.project[p.TogglProjectID] = p.RecordID
	}
	return &valuesWorld{fixture: f, attioClient: ac}
}

// withSources adds a v_<source> field for every source of the given entities.
func withSources(m fieldmap.Map, entities ...string) fieldmap.Map {
	for _, s := range fieldmap.Sources() {
		for _, e := range entities {
			if s.Entity == e {
				m = append(m, fieldmap.Field{Source: s.Path, Target: valueSlug(s.Path), Type: naturalType(s.Kind)})
			}
		}
	}
	return m
}

func valueSlug(path string) string { return "v_" + strings.ReplaceAll(path, ".", "_") }

func naturalType(k fieldmap.Kind) string {
	switch k {
	case fieldmap.KindInteger, fieldmap.KindNumber:
		return attiotype.Number
	case fieldmap.KindBool:
		return attiotype.Checkbox
	case fieldmap.KindTime:
		return attiotype.Timestamp
	}
	return attiotype.Text
}

// togglGET reads one Toggl API answer as Ada (the workspace admin).
func (w *valuesWorld) togglGET(t *testing.T, path string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.TogglURL+"/api/v9"+path, nil)
	must(t, err)
	req.SetBasicAuth(togglsim.SeedAdaToken, "api_token")
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	must(t, json.NewDecoder(resp.Body).Decode(v))
}

// facts reads a time entry and what it refers to from Toggl's API.
func (w *valuesWorld) facts(t *testing.T, entryID int64) togglFacts {
	t.Helper()
	var f togglFacts
	w.togglGET(t, fmt.Sprintf("/me/time_entries/%d", entryID), &f.entry)
	w.togglGET(t, fmt.Sprintf("/workspaces/%d/projects/%d", wid, int64(f.entry["project_id"].(float64))), &f.project)
	w.togglGET(t, fmt.Sprintf("/workspaces/%d/clients/%d", wid, int64(f.project["client_id"].(float64))), &f.client)
	var users []map[string]any
	w.togglGET(t, fmt.Sprintf("/workspaces/%d/users", wid), &users)
	for _, u := range users {
		if u["id"] == f.entry["user_id"] {
			f.user = u
		}
	}
	if f.user == nil {
		t.Fatalf("user %v is not a workspace user", f.entry["user_id"])
	}
	return f
}

// compare checks every v_ field of m against Toggl's value. where names what Attio holds.
func compare(t *testing.T, where string, m fieldmap.Map, values map[string][]map[string]any, f togglFacts) {
	t.Helper()
	for _, fld := range m {
		if !strings.HasPrefix(fld.Target, "v_") {
			continue
		}
		src, _ := fieldmap.LookupSource(fld.Source)
		want := expected[fld.Source]
		if want == nil {
			t.Errorf("%s: no expectation for source %s", where, fld.Source)
			continue
		}
		w, got := normal(src.Kind, want(f)), normal(src.Kind, active(values, fld.Target))
		if w != got {
			t.Errorf("%s: %s = %v in Attio, Toggl reports %v", where, fld.Source, got, w)
		}
	}
}

// normal makes Attio's and Toggl's forms of a value comparable: times as UTC instants, ""
// and null as absent.
func normal(k fieldmap.Kind, v any) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		if x == "" {
			return nil
		}
		if k == fieldmap.KindTime {
			ts, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return "unparsable time " + x
			}
			return ts.UTC().Format(time.RFC3339Nano)
		}
	case int64:
		return float64(x)
	}
	return v
}

// checkEntry compares the Attio entry of a time entry with Toggl's API.
func (w *valuesWorld) checkEntry(t *testing.T, entryID int64) togglFacts {
	t.Helper()
	es := w.entries()[entryID]
	if len(es) != 1 {
		t.Fatalf("time entry %d: %d Attio entries\n%s", entryID, len(es), w.audit(t))
	}
	f := w.facts(t, entryID)
	compare(t, fmt.Sprintf("time entry %d", entryID), w.conn.Settings.TimeEntryMap, es[0].Values, f)
	return f
}

// checkProjectAndClient compares the Attio Project and toggl_clients record of f's project
// and client with Toggl's API.
func (w *valuesWorld) checkProjectAndClient(t *testing.T, f togglFacts) {
	t.Helper()
	pid := fmt.Sprint(int64(f.project["id"].(float64)))
	rec, ok := w.Attio.Record("projects", w.project[pid])
	if !ok {
		t.Fatalf("no Attio Project for Toggl project %s", pid)
	}
	compare(t, "Attio Project "+pid, w.conn.Settings.ProjectMap, rec.Values, f)
	cid := fmt.Sprint(int64(f.client["id"].(float64)))
	for _, r := range w.Attio.Records("toggl_clients") {
		if active(r.Values, "toggl_client_id") == cid {
			compare(t, "toggl_clients "+cid, w.conn.Settings.ClientMap, r.Values, f)
			return
		}
	}
	t.Fatalf("no toggl_clients record for client %s\n%s", cid, w.audit(t))
}

const consolePassword = "values audit password"

var previewRow = regexp.MustCompile(`<tr data-target="([^"]+)">.*?<td class="preview-value">(.*?)</td></tr>`)

// checkPreview compares the console's field map preview of the newest time entry delivery
// (entryID's) with Toggl's API: the preview must show what the worker writes.
func (w *valuesWorld) checkPreview(t *testing.T, f togglFacts) {
	t.Helper()
	c := w.Browser()
	resp := w.PostForm(t, c, "/login", url.Values{"password": {consolePassword}})
	resp.Body.Close()
	resp, err := c.Get(fmt.Sprintf("%s/fieldmap?conn=%d", w.URL, w.conn.ID))
	must(t, err)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	shown := map[string]string{}
	for _, m := range previewRow.FindAllStringSubmatch(string(body), -1) {
		shown[m[1]] = html.UnescapeString(m[2])
	}
	if len(shown) == 0 {
		t.Fatalf("no preview rows in the field map page:\n%s", body)
	}
	for _, fld := range w.conn.Settings.TimeEntryMap {
		if !strings.HasPrefix(fld.Target, "v_") {
			continue
		}
		src, _ := fieldmap.LookupSource(fld.Source)
		want := "(no value: clears the attribute)"
		switch v := normal(src.Kind, expected[fld.Source](f)).(type) {
		case string:
			want = v
		case float64:
			want = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			want = strconv.FormatBool(v)
		}
		if shown[fld.Target] != want {
			t.Errorf("preview: %s shows %q, Toggl reports %q", fld.Source, shown[fld.Target], want)
		}
	}
}

// pinned checks the values of the report against Toggl's answer, so the comparison covers
// them whatever else changes.
func pinned(t *testing.T, f togglFacts) {
	t.Helper()
	if f.project["status"] != "active" || f.project["active"] != true || f.project["color"] != "#0b83d9" {
		t.Fatalf("Toggl reports project %v as status %v, active %v, color %v; the test expects the issue's active/true/#0b83d9",
			f.project["id"], f.project["status"], f.project["active"], f.project["color"])
	}
}

// addNotes gives the seed's client notes, before the subscription exists (no event).
func addNotes(t *testing.T) func(*testrig.World) {
	return func(w *testrig.World) {
		_, err := w.Toggl.UpdateClient(togglToken, wid, valuesClient, map[string]any{"name": "Globex", "notes": "Key account since 2019"})
		must(t, err)
	}
}

// oldRows stores the project and client as versions before cached facts did: names and the
// client id, data_json "{}", at Toggl's "at" (from a webhook event).
func (w *valuesWorld) oldRows(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	var p, c map[string]any
	w.togglGET(t, fmt.Sprintf("/workspaces/%d/projects/%d", wid, valuesProject), &p)
	w.togglGET(t, fmt.Sprintf("/workspaces/%d/clients/%d", wid, valuesClient), &c)
	atMs := func(v any) int64 {
		ts, err := time.Parse(time.RFC3339, v.(string))
		must(t, err)
		return ts.UnixMilli()
	}
	must(t, w.App.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{ConnectionID: w.conn.ID, Kind: "project",
		TogglID: valuesProject, Name: p["name"].(string), ClientID: valuesClient, DataJson: "{}", At: atMs(p["at"])}))
	must(t, w.App.Store.UpsertTogglCache(ctx, store.UpsertTogglCacheParams{ConnectionID: w.conn.ID, Kind: "client",
		TogglID: valuesClient, Name: c["name"].(string), DataJson: "{}", At: atMs(c["at"])}))
}

func newEntry(t *testing.T, w *valuesWorld, projectID int64) int64 {
	t.Helper()
	body := stoppedEntry(projectID, "values audit")
	body["tags"] = []string{"design", "meeting"}
	te, err := w.Toggl.CreateTimeEntry(togglToken, wid, body)
	must(t, err)
	return te.ID
}

func TestSourcesRenderTogglValues(t *testing.T) {
	for _, s := range fieldmap.Sources() {
		if expected[s.Path] == nil {
			t.Fatalf("source %s has no expectation in this test", s.Path)
		}
	}

	// Project and client events fill the cache; the time entry that follows reads it.
	t.Run("webhook", func(t *testing.T) {
		w := startValuesWorld(t, nil)
		_, err := w.Toggl.UpdateClient(togglToken, wid, valuesClient, map[string]any{"name": "Globex", "notes": "Key account since 2019"})
		must(t, err)
		_, err = w.Toggl.UpdateProject(togglToken, wid, valuesProject, map[string]any{"billable": true, "color": "#0b83d9"})
		must(t, err)
		w.settle(t)
		id := newEntry(t, w, valuesProject)
		w.settle(t)
		f := w.checkEntry(t, id)
		pinned(t, f)
		w.checkProjectAndClient(t, f)
		w.checkPreview(t, f)
	})

	// No event was seen for the project or client: the time entry reads them from Toggl.
	t.Run("fetch", func(t *testing.T) {
		w := startValuesWorld(t, nil)
		id := newEntry(t, w, valuesProject)
		w.settle(t)
		pinned(t, w.checkEntry(t, id))
		other := newEntry(t, w, otherProject)
		w.settle(t)
		w.checkEntry(t, other)
	})

	// Older versions cached names only (data_json "{}"), at the event's "at": such a row is
	// read again from Toggl rather than rendering defaults for everything but the name.
	t.Run("legacy cache row", func(t *testing.T) {
		w := startValuesWorld(t, addNotes(t))
		w.oldRows(t)
		id := newEntry(t, w, valuesProject)
		w.settle(t)
		pinned(t, w.checkEntry(t, id))
		// The facts read again replaced the old row: a second entry needs no Toggl call.
		second := newEntry(t, w, valuesProject)
		w.settle(t)
		w.checkEntry(t, second)
		row, err := w.App.Store.GetTogglCache(context.Background(), store.GetTogglCacheParams{ConnectionID: w.conn.ID, Kind: "project", TogglID: valuesProject})
		must(t, err)
		if row.DataJson == "{}" {
			t.Fatal("the old name-only row was not replaced by the facts read from Toggl")
		}
	})

	// Toggl answers 503 once when the old row is read again: the entry waits for the facts
	// instead of being written with the defaults of a name-only project.
	t.Run("legacy cache row, Toggl unavailable once", func(t *testing.T) {
		w := startValuesWorld(t, addNotes(t),
			app.WithTogglOptions(func(o *toggl.Options) { o.MaxRetries = -1 }),
			app.WithBackoff(backoff.Exponential{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}))
		w.oldRows(t)
		w.Toggl.InjectFault(togglsim.Fault{Kind: togglsim.FaultStatus, Status: http.StatusServiceUnavailable, Method: http.MethodGet,
			PathPrefix: fmt.Sprintf("/api/v9/workspaces/%d/projects/%d", wid, valuesProject), Times: 1})
		id := newEntry(t, w, valuesProject)
		w.settle(t)
		pinned(t, w.checkEntry(t, id))
	})

	// A resync reads clients and projects from the API, then the entries Toggl never sent.
	t.Run("resync", func(t *testing.T) {
		var ids []int64
		day := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -20)
		w := startValuesWorld(t, func(w *testrig.World) {
			// Before the subscription exists, so no event carries these changes.
			_, err := w.Toggl.UpdateClient(togglToken, wid, valuesClient, map[string]any{"name": "Globex", "notes": "Key account since 2019"})
			must(t, err)
			for i, p := range []int64{valuesProject, otherProject} {
				start := day.Add(time.Duration(9+i) * time.Hour)
				stop := start.Add(45 * time.Minute)
				e := w.Toggl.AddTimeEntry(togglsim.TimeEntry{WorkspaceID: wid, UserID: togglsim.SeedAdaID, ProjectID: p,
					Description: fmt.Sprintf("resync values %d", i), Billable: true, Tags: []string{"design", "meeting"},
					Start: start, Stop: &stop, At: stop, CreatedWith: "values test"})
				ids = append(ids, e.ID)
			}
		})
		ctx := context.Background()
		run, err := resync.Enqueue(ctx, w.App.Store, w.conn.ID, resync.Window{Start: day, End: day}, "test", resync.Estimate{}, time.Now())
		must(t, err)
		deadline := time.Now().Add(3 * time.Minute) // only keeps a broken run from hanging
		for {
			p, err := resync.Load(ctx, w.App.Store, run, time.Now())
			must(t, err)
			if p.Finished() {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("resync did not finish: %s", p.Line())
			}
			time.Sleep(50 * time.Millisecond)
		}
		f := w.checkEntry(t, ids[0])
		pinned(t, f)
		w.checkProjectAndClient(t, f)
		w.checkEntry(t, ids[1])
	})
}
