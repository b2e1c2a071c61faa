package attiosim

import (
	"net/http"
	"testing"
)

// timeEntries makes a list of projects with a unique toggl_time_entry_id, hours and a
// multiselect tags attribute; it returns a project record id.
func (f *fixture) timeEntries() string {
	f.t.Helper()
	f.projectsSchema()
	if _, err := f.sim.CreateList("Time entries", "time_entries", "projects"); err != nil {
		f.t.Fatal(err)
	}
	for _, sp := range []AttributeSpec{
		{Slug: "toggl_time_entry_id", Title: "Toggl entry", Type: "text", Unique: true},
		{Slug: "hours", Title: "Hours", Type: "number"},
		{Slug: "tags", Title: "Tags", Type: "select", Multiselect: true, Options: []string{"x", "y", "z"}},
	} {
		if _, err := f.sim.CreateAttribute("lists", "time_entries", sp); err != nil {
			f.t.Fatal(err)
		}
	}
	return recordID(f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}})).data())
}

func entryBody(parent string, values map[string]any) map[string]any {
	return map[string]any{"data": map[string]any{"parent_record_id": parent, "parent_object": "projects", "entry_values": values}}
}

func entryID(e map[string]any) string { return e["id"].(map[string]any)["entry_id"].(string) }

func TestCreateListAndValidation(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	body := map[string]any{"data": map[string]any{"name": "Hiring", "api_slug": "hiring", "parent_object": "people",
		"workspace_access":        "read-and-write",
		"workspace_member_access": []any{map[string]any{"workspace_member_id": f.sim.members[0].id, "level": "full-access"}}}}
	l := f.ok("POST", "/v2/lists", body).data()
	if l["parent_object"].([]any)[0] != "people" || l["created_by_actor"].(map[string]any)["type"] != "api-token" {
		t.Errorf("list = %v", l)
	}
	listID := l["id"].(map[string]any)["list_id"].(string)
	if f.ok("GET", "/v2/lists/"+listID, nil).data()["api_slug"] != "hiring" || len(f.ok("GET", "/v2/lists", nil).list()) != 1 {
		t.Error("list by id / lists")
	}
	wantError(t, f.do("POST", "/v2/lists", body), http.StatusConflict, "invalid_request_error", "slug_conflict")
	noFull := map[string]any{"data": map[string]any{"name": "X", "api_slug": "x", "parent_object": "people",
		"workspace_access": "read-only", "workspace_member_access": []any{}}}
	wantError(t, f.bareDo("POST", "/v2/lists", noFull), 400, "invalid_request_error", "validation_type")
	badParent := map[string]any{"data": map[string]any{"name": "X", "api_slug": "x", "parent_object": "nothing",
		"workspace_access": "full-access", "workspace_member_access": []any{}}}
	wantError(t, f.do("POST", "/v2/lists", badParent), 404, "invalid_request_error", "not_found")
	badMember := map[string]any{"data": map[string]any{"name": "X", "api_slug": "x", "parent_object": "people",
		"workspace_access":        "full-access",
		"workspace_member_access": []any{map[string]any{"workspace_member_id": "0b8fd4a0-0000-4000-8000-000000000000", "level": "read-only"}}}}
	wantError(t, f.do("POST", "/v2/lists", badMember), 400, "invalid_request_error", "value_not_found")
	p := f.ok("PATCH", "/v2/lists/hiring", map[string]any{"data": map[string]any{"name": "Hiring 2025"}}).data()
	if p["name"] != "Hiring 2025" {
		t.Errorf("patched list = %v", p)
	}
	wantError(t, f.bareDo("PATCH", "/v2/lists/hiring", map[string]any{"data": map[string]any{"parent_object": "companies"}}),
		400, "invalid_request_error", "validation_type")
	wantError(t, f.do("GET", "/v2/lists/nothing", nil), 404, "invalid_request_error", "not_found")
}

func TestEntriesLifecycle(t *testing.T) {
	f := newFixture(t, Config{})
	project := f.timeEntries()
	e1 := f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{
		"toggl_time_entry_id": []any{"9001"}, "hours": []any{1.5}, "tags": []any{"x"}})).data()
	if e1["parent_record_id"] != project || e1["parent_object"] != "projects" || first(t, e1, "hours")["value"] != 1.5 {
		t.Errorf("entry = %v", e1)
	}
	if _, ok := e1["entry_values"].(map[string]any)["name"]; ok {
		t.Error("entry_values hold the list's attributes, not the parent's")
	}
	// several entries per parent are allowed
	e2 := f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{"toggl_time_entry_id": []any{"9002"}})).data()
	// an empty entry_values works
	f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{}))
	if n := len(f.sim.Entries("time_entries")); n != 3 {
		t.Fatalf("entries = %d", n)
	}
	// unique within the list
	wantError(t, f.bareDo("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{"toggl_time_entry_id": []any{"9001"}})),
		400, "invalid_request_error", "uniqueness_conflict")
	r := f.do("POST", "/v2/lists/time_entries/entries", entryBody("6f1f4a55-0000-4000-8000-000000000000", map[string]any{}))
	wantError(t, r, 400, "invalid_request_error", "value_not_found")
	if r.body["message"] != `Parent record with slug/ID "6f1f4a55-0000-4000-8000-000000000000" not found.` {
		t.Errorf("message = %v", r.body["message"])
	}

	path := "/v2/lists/time_entries/entries/" + entryID(e1)
	if f.ok("GET", path, nil).data()["parent_record_id"] != project {
		t.Error("get entry")
	}
	got := f.ok("PATCH", path, map[string]any{"data": map[string]any{"entry_values": map[string]any{"tags": []any{"y"}}}}).data()
	if n := len(valuesOf(got, "tags")); n != 2 {
		t.Errorf("PATCH appends: %d tags", n)
	}
	got = f.ok("PUT", path, map[string]any{"data": map[string]any{"entry_values": map[string]any{"tags": []any{"z"}}}}).data()
	if n := len(valuesOf(got, "tags")); n != 1 {
		t.Errorf("PUT overwrites: %d tags", n)
	}
	if hist := f.ok("GET", path+"/attributes/tags/values?show_historic=true", nil).list(); len(hist) != 3 {
		t.Errorf("tag history = %d values", len(hist))
	}

	// the parent cannot change
	other := recordID(f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Q"}})).data())
	for _, method := range []string{"PATCH", "PUT"} {
		r := f.bareDo(method, path, map[string]any{"data": map[string]any{"parent_record_id": other, "entry_values": map[string]any{}}})
		wantError(t, r, 400, "invalid_request_error", "immutable_value")
		if r.body["message"] != "The parent record for a list entry cannot be updated once created." {
			t.Errorf("message = %v", r.body["message"])
		}
	}

	// record entries endpoint
	entries := f.ok("GET", "/v2/objects/projects/records/"+project+"/entries", nil).list()
	if len(entries) != 3 || entries[0]["list_api_slug"] != "time_entries" || entries[0]["entry_id"] != entryID(e1) {
		t.Errorf("record entries = %v", entries)
	}

	f.ok("DELETE", "/v2/lists/time_entries/entries/"+entryID(e2), nil)
	wantError(t, f.do("GET", "/v2/lists/time_entries/entries/"+entryID(e2), nil), 404, "invalid_request_error", "not_found")
	// deleting the parent removes its entries
	f.ok("DELETE", "/v2/objects/projects/records/"+project, nil)
	if n := len(f.sim.Entries("time_entries")); n != 0 {
		t.Errorf("entries after parent deletion = %d", n)
	}
}

func TestAssertEntryByParent(t *testing.T) {
	f := newFixture(t, Config{})
	project := f.timeEntries()
	put := func(values map[string]any) reply {
		return f.do("PUT", "/v2/lists/time_entries/entries", entryBody(project, values))
	}
	a := put(map[string]any{"hours": []any{1}, "tags": []any{"x", "y"}})
	b := put(map[string]any{"hours": []any{2}, "tags": []any{"z"}})
	if a.status != 200 || b.status != 200 || entryID(a.data()) != entryID(b.data()) {
		t.Fatalf("assert by parent should update the one entry: %s / %s", a.raw, b.raw)
	}
	if first(t, b.data(), "hours")["value"] != 2.0 || len(valuesOf(b.data(), "tags")) != 1 {
		t.Errorf("asserted entry = %v", b.data()["entry_values"])
	}
	f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{}))
	r := put(map[string]any{"hours": []any{3}})
	wantError(t, r, 400, "invalid_request_error", "multiple_match_results")
}

func TestPathFilterThroughParentRecord(t *testing.T) {
	f := newFixture(t, Config{})
	project := f.timeEntries()
	f.ok("PATCH", "/v2/objects/projects/records/"+project, data(map[string]any{"toggl_project_id": []any{"777"}}))
	other := recordID(f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Other"}})).data())
	f.ok("POST", "/v2/lists/time_entries/entries", entryBody(project, map[string]any{"toggl_time_entry_id": []any{"1"}}))
	f.ok("POST", "/v2/lists/time_entries/entries", entryBody(other, map[string]any{"toggl_time_entry_id": []any{"2"}}))
	got := f.ok("POST", "/v2/lists/time_entries/entries/query", map[string]any{"filter": map[string]any{
		"path":        []any{[]any{"time_entries", "parent_record"}, []any{"projects", "toggl_project_id"}},
		"constraints": map[string]any{"value": "777"}}}).list()
	if len(got) != 1 || got[0]["parent_record_id"] != project {
		t.Errorf("path filter = %v", got)
	}
	got = f.ok("POST", "/v2/lists/time_entries/entries/query", map[string]any{"filter": map[string]any{
		"parent_record": map[string]any{"target_object": "projects", "target_record_id": other}}}).list()
	if len(got) != 1 || first(t, got[0], "toggl_time_entry_id")["value"] != "2" {
		t.Errorf("parent_record filter = %v", got)
	}
	got = f.ok("POST", "/v2/lists/time_entries/entries/query", map[string]any{"filter": map[string]any{"toggl_time_entry_id": "1"}}).list()
	if len(got) != 1 {
		t.Errorf("entry attribute filter = %v", got)
	}
}
