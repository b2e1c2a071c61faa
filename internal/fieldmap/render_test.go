package fieldmap

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/togglevent"
)

// sampleEntry parses one of the verbatim Toggl samples kept by the togglevent package.
func sampleEntry(t testing.TB, name string) *togglevent.TimeEntry {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "togglevent", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := togglevent.Parse(b)
	if err != nil || ev.TimeEntry == nil {
		t.Fatalf("sample %s: %v", name, err)
	}
	return ev.TimeEntry
}

func ptr[T any](v T) *T { return &v }

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRenderDefaultTimeEntryStopped(t *testing.T) {
	te := sampleEntry(t, "time_entry_updated_stopped.json")
	got, err := Render(DefaultTimeEntryMap(), Source{TimeEntry: te, User: &User{ID: 9547721, Name: "Ada Lovelace"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]any{
		"toggl_time_entry_id": {int64(3095646709)},
		"description":         {"C2C-2 !!"},
		"duration_seconds":    {int64(3001)},
		"duration_hours":      {0.8336},
		"billable":            {false},
		"start":               {"2023-08-22T11:50:51Z"},
		"stop":                {"2023-08-22T12:40:52Z"},
		"running":             {false},
		"toggl_project_id":    {},
		"toggl_project_name":  {},
		"toggl_client_id":     {},
		"toggl_client_name":   {},
		"toggl_user_id":       {int64(9547721)},
		"toggl_user_name":     {"Ada Lovelace"},
		"tags":                {},
		"toggl_updated_at":    {"2023-08-22T12:43:35Z"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got  %s\nwant %s", mustJSON(t, got), mustJSON(t, want))
	}
	// The wire form: every value an array, no nulls (docs/api/contract-testing.md "values must be arrays").
	const wire = `{"billable":[false],"description":["C2C-2 !!"],"duration_hours":[0.8336],"duration_seconds":[3001],"running":[false],"start":["2023-08-22T11:50:51Z"],"stop":["2023-08-22T12:40:52Z"],"tags":[],"toggl_client_id":[],"toggl_client_name":[],"toggl_project_id":[],"toggl_project_name":[],"toggl_time_entry_id":[3095646709],"toggl_updated_at":["2023-08-22T12:43:35Z"],"toggl_user_id":[9547721],"toggl_user_name":["Ada Lovelace"]}`
	if s := mustJSON(t, got); s != wire {
		t.Fatalf("wire form\n got %s\nwant %s", s, wire)
	}
}

func TestRenderRunningEntry(t *testing.T) {
	te := sampleEntry(t, "time_entry_created_running.json") // started 2023-07-17T11:43:32Z
	m := DefaultTimeEntryMap()
	cases := []struct {
		name    string
		now     time.Time
		seconds int64
		hours   float64
	}{
		{"90m30s later", te.Start.Add(90*time.Minute + 30*time.Second), 5430, 1.5083},
		{"same instant", te.Start, 0, 0},
		{"clock behind start", te.Start.Add(-time.Minute), 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render(m, Source{TimeEntry: te, Now: c.now})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got["duration_seconds"], []any{c.seconds}) || !reflect.DeepEqual(got["duration_hours"], []any{c.hours}) {
				t.Fatalf("duration %v / %v", got["duration_seconds"], got["duration_hours"])
			}
			if len(got["stop"]) != 0 || !reflect.DeepEqual(got["running"], []any{true}) {
				t.Fatalf("stop %v running %v", got["stop"], got["running"])
			}
			if !reflect.DeepEqual(got["start"], []any{"2023-07-17T11:43:32Z"}) || !reflect.DeepEqual(got["description"], []any{"test"}) {
				t.Fatalf("start %v description %v", got["start"], got["description"])
			}
		})
	}
	if _, err := Render(m, Source{TimeEntry: te}); !errors.Is(err, ErrNeedNow) {
		t.Fatalf("no clock: err = %v", err)
	}
	// A map that does not read the duration needs no clock.
	if _, err := Render(Map{{Source: "time_entry.running", Target: "running", Type: attiotype.Checkbox}}, Source{TimeEntry: te}); err != nil {
		t.Fatal(err)
	}
}

// entryWithProject is a stopped entry on project 20300002 of client 70000001.
func entryWithProject() (*togglevent.TimeEntry, *togglevent.Project, *togglevent.Client) {
	start := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	te := &togglevent.TimeEntry{
		ID: 4000000001, WorkspaceID: 7435584, ProjectID: ptr[int64](20300002), UserID: 9547721,
		Description: ptr(`<b>Fix</b> "login" & logout`), Billable: true, Start: start,
		Stop: ptr(start.Add(2 * time.Hour)), Duration: 7200, Tags: []string{"backend", "urgent"},
		At: start.Add(2*time.Hour + time.Second),
	}
	p := &togglevent.Project{ID: 20300002, WorkspaceID: 7435584, ClientID: ptr[int64](70000001), Name: "Support", Active: true}
	c := &togglevent.Client{ID: 70000001, WorkspaceID: 7435584, Name: "Acme"}
	return te, p, c
}

func TestRenderWithCachedNames(t *testing.T) {
	te, p, c := entryWithProject()
	got, err := Render(DefaultTimeEntryMap(), Source{TimeEntry: te, Project: p, Client: c, User: &User{ID: 9547721, Name: "Ada"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]any{
		"toggl_project_id": {int64(20300002)}, "toggl_project_name": {"Support"},
		"toggl_client_id": {int64(70000001)}, "toggl_client_name": {"Acme"},
		"tags": {"backend, urgent"}, "billable": {true}, "duration_hours": {2.0},
		// Markup stays data; escaping belongs to whoever displays it.
		"description": {`<b>Fix</b> "login" & logout`},
	}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	// Project known from the cache but its client not: the id still comes through the project.
	got, err = Render(DefaultTimeEntryMap(), Source{TimeEntry: te, Project: p})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["toggl_client_id"], []any{int64(70000001)}) || len(got["toggl_client_name"]) != 0 {
		t.Fatalf("client via project = %v %v", got["toggl_client_id"], got["toggl_client_name"])
	}
	// Nothing cached: ids from the entry, names empty.
	got, err = Render(DefaultTimeEntryMap(), Source{TimeEntry: te})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["toggl_project_id"], []any{int64(20300002)}) || len(got["toggl_project_name"]) != 0 ||
		!reflect.DeepEqual(got["toggl_user_id"], []any{int64(9547721)}) || len(got["toggl_user_name"]) != 0 {
		t.Fatalf("uncached = %s", mustJSON(t, got))
	}
}

func TestRenderRejectsInconsistentOrMissingSources(t *testing.T) {
	te, p, c := entryWithProject()
	other := *p
	other.ID = 1
	noClient := *p
	noClient.ClientID = nil
	noProject := *te
	noProject.ProjectID = nil
	cases := []struct {
		name string
		m    Map
		src  Source
		want error
	}{
		{"project is not the entry's", DefaultTimeEntryMap(), Source{TimeEntry: te, Project: &other}, ErrInconsistentSource},
		{"project for an entry without one", DefaultTimeEntryMap(), Source{TimeEntry: &noProject, Project: p}, ErrInconsistentSource},
		{"client is not the project's", DefaultTimeEntryMap(), Source{TimeEntry: te, Project: &noClient, Client: c}, ErrInconsistentSource},
		{"user is not the entry's", DefaultTimeEntryMap(), Source{TimeEntry: te, User: &User{ID: 2}}, ErrInconsistentSource},
		{"time entry map on a project", DefaultTimeEntryMap(), Source{Project: p}, ErrMissingEntity},
		{"project map on nothing", DefaultProjectMap(), Source{}, ErrMissingEntity},
		{"client map on nothing", DefaultClientMap(), Source{}, ErrMissingEntity},
		{"user on a project", Map{{Source: "user.name", Target: "u", Type: attiotype.Text}}, Source{Project: p}, ErrMissingEntity},
		{"invalid map", Map{{Source: "time_entry.billable", Target: "start", Type: attiotype.Timestamp}}, Source{TimeEntry: te}, ErrInvalidMap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Render(c.m, c.src); !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
}

func TestRenderProjectMarkers(t *testing.T) {
	at := time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name                      string
		p                         togglevent.Project
		status                    string
		active, archived, deleted bool
	}{
		{"active", togglevent.Project{ID: 1, Name: "Web", Active: true, At: at}, "active", true, false, false},
		{"archived", togglevent.Project{ID: 1, Name: "Web", Active: false, At: at}, "archived", false, true, false},
		{"toggl status wins", togglevent.Project{ID: 1, Name: "Web", Active: true, Status: "ended", At: at}, "ended", true, false, false},
		{"deleted", togglevent.Project{ID: 1, Name: "Web", Active: true, Status: "active", Deleted: true, At: at}, "deleted", false, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Render(DefaultProjectMap(), Source{Project: &c.p})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]any{
				"toggl_project_id": {"1"}, "toggl_project_name": {"Web"}, "toggl_status": {c.status},
				"toggl_active": {c.active}, "toggl_archived": {c.archived}, "toggl_deleted": {c.deleted},
				"toggl_updated_at": {"2024-02-01T10:00:00Z"},
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %s\nwant %s", mustJSON(t, got), mustJSON(t, want))
			}
		})
	}
}

func TestRenderClient(t *testing.T) {
	got, err := Render(DefaultClientMap(), Source{Client: &togglevent.Client{ID: 70000001, Name: "Acme", Archived: true}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"archived":[true],"deleted":[false],"name":["Acme"],"toggl_client_id":["70000001"]}`
	if s := mustJSON(t, got); s != want {
		t.Fatalf("got %s", s)
	}
}

// Each source kind into each type that accepts it.
func TestRenderFormats(t *testing.T) {
	te, p, c := entryWithProject()
	src := Source{TimeEntry: te, Project: p, Client: c}
	cases := []struct {
		source, typ string
		want        []any
	}{
		{"time_entry.id", attiotype.Text, []any{"4000000001"}},
		{"time_entry.id", attiotype.Number, []any{int64(4000000001)}},
		{"time_entry.duration_hours", attiotype.Text, []any{"2"}},
		{"time_entry.duration_hours", attiotype.Currency, []any{2.0}},
		{"time_entry.billable", attiotype.Text, []any{"true"}},
		{"time_entry.start", attiotype.Text, []any{"2024-03-01T09:00:00Z"}},
		{"time_entry.start", attiotype.Date, []any{"2024-03-01"}},
		{"time_entry.stop", attiotype.Timestamp, []any{"2024-03-01T11:00:00Z"}},
		{"time_entry.tags", attiotype.Select, []any{"backend", "urgent"}},
		{"time_entry.tags", attiotype.Text, []any{"backend, urgent"}},
		{"project.name", attiotype.Select, []any{"Support"}},
		{"project.name", attiotype.Status, []any{"Support"}},
		{"project.billable", attiotype.Checkbox, []any{}}, // unknown billable: cleared, not false
		{"client.notes", attiotype.Text, []any{}},
		{"time_entry.task_id", attiotype.Number, []any{}},
		{"time_entry.workspace_id", attiotype.Number, []any{int64(7435584)}},
	}
	for _, c := range cases {
		t.Run(c.source+"→"+c.typ, func(t *testing.T) {
			got, err := Render(Map{{Source: c.source, Target: "x", Type: c.typ}}, src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got["x"], c.want) {
				t.Fatalf("got %#v, want %#v", got["x"], c.want)
			}
		})
	}
}

func TestStoppedEntryWithoutStopEndsAtStartPlusDuration(t *testing.T) {
	te, _, _ := entryWithProject()
	te.Stop = nil
	got, err := Render(Map{{Source: "time_entry.stop", Target: "stop", Type: attiotype.Timestamp}}, Source{TimeEntry: te})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got["stop"], []any{"2024-03-01T11:00:00Z"}) {
		t.Fatalf("stop = %v", got["stop"])
	}
}

func TestHours(t *testing.T) {
	cases := map[int64]float64{0: 0, 1: 0.0003, 18: 0.005, 3001: 0.8336, 3600: 1, 5430: 1.5083, 36000: 10}
	for sec, want := range cases {
		if got := Hours(sec); got != want {
			t.Errorf("Hours(%d) = %v, want %v", sec, got, want)
		}
	}
}
