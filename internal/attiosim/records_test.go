package attiosim

import (
	"net/http"
	"strings"
	"testing"
)

func (f *fixture) company(name, domain string) string {
	f.t.Helper()
	values := map[string]any{"name": []any{name}}
	if domain != "" {
		values["domains"] = []any{domain}
	}
	return recordID(f.ok("POST", "/v2/objects/companies/records", data(values)).data())
}

func TestCreateRecordValueShapes(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	globex := f.company("Globex", "globex.test")
	rec := f.ok("POST", "/v2/objects/projects/records", data(map[string]any{
		"name":             []any{"Website Redesign"},
		"company":          []any{map[string]any{"target_object": "companies", "target_record_id": globex}},
		"type":             []any{"fixed"},
		"stage":            []any{map[string]any{"status": "active"}},
		"toggl_project_id": []any{map[string]any{"value": "20300001"}},
		"budget":           []any{"1250.50"},
		"tags":             []any{"a", "b", "a"},
		"hours":            []any{12.5},
		"billable":         []any{"true"},
		"starts":           []any{"2025-07-01T10:00:00Z"},
		"synced_at":        []any{"2025-06-02T11:00:00+02:00"},
	})).data()

	id := rec["id"].(map[string]any)
	if id["workspace_id"] != f.sim.WorkspaceID() || id["object_id"] == "" || id["record_id"] == "" {
		t.Errorf("id = %v", id)
	}
	if !strings.HasPrefix(rec["web_url"].(string), "https://app.attio.com/acme-agency/projects/") {
		t.Errorf("web_url = %v", rec["web_url"])
	}
	name := first(t, rec, "name")
	if name["value"] != "Website Redesign" || name["attribute_type"] != "text" || name["active_until"] != nil ||
		name["active_from"] != "2025-06-02T09:00:00.000000000Z" {
		t.Errorf("name = %v", name)
	}
	actor := name["created_by_actor"].(map[string]any)
	if actor["type"] != "api-token" || actor["id"] != f.token.ActorID {
		t.Errorf("created_by_actor = %v, want the api-token actor %s", actor, f.token.ActorID)
	}
	ref := first(t, rec, "company")
	if ref["target_object"] != "companies" || ref["target_record_id"] != globex {
		t.Errorf("company = %v", ref)
	}
	if opt := first(t, rec, "type")["option"].(map[string]any); opt["title"] != "fixed" || opt["is_archived"] != false {
		t.Errorf("type option = %v", opt)
	}
	if st := first(t, rec, "stage")["status"].(map[string]any); st["title"] != "active" {
		t.Errorf("stage status = %v", st)
	}
	if b := first(t, rec, "budget"); b["currency_value"] != 1250.5 || b["currency_code"] != "EUR" {
		t.Errorf("budget = %v", b)
	}
	if n := len(valuesOf(rec, "tags")); n != 2 {
		t.Errorf("tags deduplicated to %d values, want 2", n)
	}
	if first(t, rec, "billable")["value"] != true || first(t, rec, "hours")["value"] != 12.5 {
		t.Error("checkbox/number")
	}
	if first(t, rec, "starts")["value"] != "2025-07-01" {
		t.Errorf("date = %v", first(t, rec, "starts")["value"])
	}
	if first(t, rec, "synced_at")["value"] != "2025-06-02T09:00:00.000000000Z" {
		t.Errorf("timestamp = %v", first(t, rec, "synced_at")["value"])
	}
	if first(t, rec, "record_id")["value"] != recordID(rec) {
		t.Error("record_id system value")
	}
	createdBy := first(t, rec, "created_by")
	if createdBy["referenced_actor_type"] != "api-token" || createdBy["referenced_actor_id"] != f.token.ActorID {
		t.Errorf("created_by = %v", createdBy)
	}
	// attributes without values show as []
	empty := f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Bare"}})).data()
	if vals, ok := rec["values"].(map[string]any); !ok || len(valuesOf(empty, "company")) != 0 || vals["company"] == nil {
		t.Errorf("empty attribute should be [] in %v", empty["values"])
	}
	// addressing attributes by id works like slugs
	attrs, _ := f.sim.Attributes("objects", "projects")
	var nameID string
	for _, a := range attrs {
		if a.Slug == "name" {
			nameID = a.ID
		}
	}
	byID := f.ok("POST", "/v2/objects/projects/records", data(map[string]any{nameID: []any{"By id"}})).data()
	if first(t, byID, "name")["value"] != "By id" {
		t.Error("write by attribute id")
	}
}

func TestRecordValidation(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"A"}, "toggl_project_id": []any{"1"}}))

	cases := []struct {
		name   string
		values map[string]any
		code   string
	}{
		{"unique conflict", map[string]any{"name": []any{"B"}, "toggl_project_id": []any{"1"}}, "uniqueness_conflict"},
		{"unknown select title", map[string]any{"name": []any{"B"}, "type": []any{"weekly"}}, "value_not_found"},
		{"unknown status", map[string]any{"name": []any{"B"}, "stage": []any{"paused"}}, "value_not_found"},
		{"required missing", map[string]any{"type": []any{"fixed"}}, "missing_value"},
		{"reference to nothing", map[string]any{"name": []any{"B"}, "company": []any{map[string]any{"target_object": "companies",
			"target_record_id": "2f7dbbd0-8a7c-4c59-9d6b-4e1e1e1e1e1e"}}}, "value_not_found"},
		{"reference to wrong object", map[string]any{"name": []any{"B"}, "company": []any{map[string]any{"target_object": "people",
			"target_record_id": "2f7dbbd0-8a7c-4c59-9d6b-4e1e1e1e1e1e"}}}, "validation_type"},
		{"unknown attribute", map[string]any{"name": []any{"B"}, "colour": []any{"red"}}, "value_not_found"},
		{"two values for a single attribute", map[string]any{"name": []any{"B", "C"}}, "validation_type"},
		{"bare value for multiselect", map[string]any{"name": []any{"B"}, "tags": "a"}, "validation_type"},
		{"wrong type", map[string]any{"name": []any{"B"}, "hours": []any{"twelve"}}, "validation_type"},
		{"currency code given", map[string]any{"name": []any{"B"}, "budget": []any{map[string]any{"currency_value": 5, "currency_code": "USD"}}}, "validation_type"},
		{"system attribute", map[string]any{"name": []any{"B"}, "record_id": []any{"x"}}, "validation_type"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := f.bareDo("POST", "/v2/objects/projects/records", data(c.values))
			wantError(t, r, http.StatusBadRequest, "invalid_request_error", c.code)
		})
	}
	if n := len(f.sim.Records("projects")); n != 1 {
		t.Errorf("failed writes left %d records, want 1", n)
	}
	r := f.bareDo("POST", "/v2/objects/projects/records", map[string]any{"values": map[string]any{}})
	wantError(t, r, 400, "invalid_request_error", "validation_type")
	wantError(t, f.do("POST", "/v2/objects/nothing/records", data(map[string]any{})), 404, "invalid_request_error", "not_found")
	r = f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"B"}, "type": []any{"weekly"}}))
	if r.body["message"] != `Cannot find select attribute with select option title "weekly".` {
		t.Errorf("message = %v", r.body["message"])
	}
	// a single value is accepted for a single-value attribute
	rec := f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"name": "Single"}))
	if rec.status != 200 || first(t, rec.data(), "name")["value"] != "Single" {
		t.Errorf("single value = %d %s", rec.status, rec.raw)
	}
}

func TestReferencesByMatchingAttribute(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	globex := f.company("Globex", "globex.test")
	rec := f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"X"},
		"company": []any{map[string]any{"target_object": "companies", "domains": []any{map[string]any{"domain": "globex.test"}}}}})).data()
	if first(t, rec, "company")["target_record_id"] != globex {
		t.Errorf("match by domains = %v", first(t, rec, "company"))
	}
	rec = f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Y"}, "company": []any{"globex.test"}})).data()
	if first(t, rec, "company")["target_record_id"] != globex {
		t.Error("a bare domain names a company for a companies-only reference")
	}
	r := f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Z"}, "company": []any{"nowhere.test"}}))
	wantError(t, r, 400, "invalid_request_error", "value_not_found")

	// people.company ↔ companies.team is a relationship: both sides change
	person := f.ok("POST", "/v2/objects/people/records", data(map[string]any{
		"name":            []any{map[string]any{"first_name": "Ada", "last_name": "Lovelace", "full_name": "Ada Lovelace"}},
		"email_addresses": []any{"ada@globex.test"},
		"company":         []any{map[string]any{"target_object": "companies", "target_record_id": globex}},
	})).data()
	team := valuesOf(f.ok("GET", "/v2/objects/companies/records/"+globex, nil).data(), "team")
	if len(team) != 1 || team[0].(map[string]any)["target_record_id"] != recordID(person) {
		t.Errorf("companies.team = %v", team)
	}
}

func TestPatchAppendsPutOverwrites(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	id := recordID(f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}, "tags": []any{"a"}})).data())
	path := "/v2/objects/projects/records/" + id
	rec := f.ok("PATCH", path, data(map[string]any{"tags": []any{"b"}, "name": []any{"P2"}})).data()
	if n := len(valuesOf(rec, "tags")); n != 2 {
		t.Errorf("PATCH appends multiselect: %d values", n)
	}
	rec = f.ok("PUT", path, data(map[string]any{"tags": []any{"c"}})).data()
	if tags := valuesOf(rec, "tags"); len(tags) != 1 || tags[0].(map[string]any)["option"].(map[string]any)["title"] != "c" {
		t.Errorf("PUT overwrites multiselect: %v", tags)
	}
	if first(t, rec, "name")["value"] != "P2" {
		t.Error("PUT leaves attributes it does not mention")
	}
	// history: the name was replaced, the old value is inactive
	hist := f.ok("GET", path+"/attributes/name/values?show_historic=true", nil).list()
	if len(hist) != 2 || hist[0]["value"] != "P" || hist[0]["active_until"] == nil || hist[1]["active_until"] != nil {
		t.Errorf("history = %v", hist)
	}
	if cur := f.ok("GET", path+"/attributes/name/values", nil).list(); len(cur) != 1 || cur[0]["value"] != "P2" {
		t.Errorf("current values = %v", cur)
	}
	// required values cannot be removed
	r := f.do("PATCH", path, data(map[string]any{"name": []any{}}))
	wantError(t, r, 400, "invalid_request_error", "missing_value")
	if !strings.HasPrefix(r.body["message"].(string), "Required value for attribute with ID") {
		t.Errorf("message = %v", r.body["message"])
	}
	wantError(t, f.do("PATCH", "/v2/objects/projects/records/9b4e8d0e-0000-4000-8000-000000000000", data(map[string]any{})),
		404, "invalid_request_error", "not_found")
	f.ok("DELETE", path, nil)
	r = f.do("GET", path, nil)
	wantError(t, r, 404, "invalid_request_error", "not_found")
	if r.body["message"] != `Record with ID "`+id+`" not found.` {
		t.Errorf("message = %v", r.body["message"])
	}
}

func TestAssertRecord(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	put := func(values map[string]any) reply {
		return f.do("PUT", "/v2/objects/projects/records?matching_attribute=toggl_project_id", data(values))
	}
	created := put(map[string]any{"toggl_project_id": []any{"42"}, "name": []any{"First"}, "tags": []any{"a", "b"}})
	if created.status != 200 {
		t.Fatalf("assert create = %d %s", created.status, created.raw)
	}
	updated := put(map[string]any{"toggl_project_id": []any{"42"}, "name": []any{"Renamed"}, "tags": []any{"c"}})
	if recordID(updated.data()) != recordID(created.data()) {
		t.Fatal("assert with the same unique value must update, not create")
	}
	if first(t, updated.data(), "name")["value"] != "Renamed" || len(valuesOf(updated.data(), "tags")) != 1 {
		t.Errorf("assert update: other multiselects are synced: %v", updated.data()["values"])
	}
	if n := len(f.sim.Records("projects")); n != 1 {
		t.Errorf("records = %d", n)
	}
	r := f.bareDo("PUT", "/v2/objects/projects/records?matching_attribute=name", data(map[string]any{"name": []any{"x"}}))
	wantError(t, r, 400, "invalid_request_error", "matching_attribute_definition_not_unique")
	r = f.do("PUT", "/v2/objects/projects/records?matching_attribute=nope", data(map[string]any{"name": []any{"x"}}))
	wantError(t, r, 400, "invalid_request_error", "value_not_found")
	if r.body["message"] != `No attribute was found for matching_attribute slug/ID "nope".` {
		t.Errorf("message = %v", r.body["message"])
	}
	r = f.bareDo("PUT", "/v2/objects/projects/records", data(map[string]any{"name": []any{"x"}}))
	wantError(t, r, 400, "invalid_request_error", "validation_type")
	if ve := r.body["validation_errors"].([]any)[0].(map[string]any); ve["path"].([]any)[0] != "matching_attribute" {
		t.Errorf("validation_errors = %v", ve)
	}
	// companies assert on domains: the matching attribute gains values, never loses them
	globex := f.company("Globex", "globex.test")
	r = f.do("PUT", "/v2/objects/companies/records?matching_attribute=domains",
		data(map[string]any{"domains": []any{"globex.test", "globex.example"}, "name": []any{"Globex Corp"}}))
	if recordID(r.data()) != globex || len(valuesOf(r.data(), "domains")) != 2 {
		t.Errorf("assert on domains = %s", r.raw)
	}
}

func TestDeletingARecordClearsReferencesToIt(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	globex := f.company("Globex", "")
	id := recordID(f.ok("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"},
		"company": []any{map[string]any{"target_object": "companies", "target_record_id": globex}}})).data())
	f.ok("DELETE", "/v2/objects/companies/records/"+globex, nil)
	rec := f.ok("GET", "/v2/objects/projects/records/"+id, nil).data()
	if n := len(valuesOf(rec, "company")); n != 0 {
		t.Errorf("reference to a deleted record still active: %v", valuesOf(rec, "company"))
	}
	if hist := f.ok("GET", "/v2/objects/projects/records/"+id+"/attributes/company/values?show_historic=true", nil).list(); len(hist) != 1 || hist[0]["active_until"] == nil {
		t.Errorf("history keeps the old reference, ended: %v", hist)
	}
}
