package attiosim

import (
	"net/http"
	"testing"
)

func TestStandardObjectsAndSlugOrIDResolution(t *testing.T) {
	f := newFixture(t, Config{})
	r := f.ok("GET", "/v2/objects", nil)
	slugs := map[string]string{}
	for _, o := range r.list() {
		slugs[o["api_slug"].(string)] = o["id"].(map[string]any)["object_id"].(string)
	}
	for _, want := range []string{"companies", "people", "users", "workspaces"} {
		if slugs[want] == "" {
			t.Errorf("standard object %s missing from %v", want, slugs)
		}
	}
	if _, ok := slugs["deals"]; ok {
		t.Error("deals is disabled by default and must not be listed")
	}
	byID := f.ok("GET", "/v2/objects/"+slugs["companies"], nil).data()
	bySlug := f.ok("GET", "/v2/objects/companies", nil).data()
	if byID["api_slug"] != "companies" || bySlug["singular_noun"] != "Company" || bySlug["plural_noun"] != "Companies" {
		t.Fatalf("companies by id %v, by slug %v", byID, bySlug)
	}
	r = f.do("GET", "/v2/objects/projects", nil)
	wantError(t, r, http.StatusNotFound, "invalid_request_error", "not_found")
	if r.body["message"] != `Object with slug/ID "projects" not found.` {
		t.Errorf("message = %v", r.body["message"])
	}
	wantError(t, f.do("GET", "/v2/objects/deals", nil), 404, "invalid_request_error", "not_found")

	g := newFixture(t, Config{Compat: Compat{DealsEnabled: true}})
	g.ok("GET", "/v2/objects/deals", nil)
	stage := g.ok("GET", "/v2/objects/deals/attributes/stage/statuses", nil).list()
	if len(stage) != 4 || stage[2]["title"] != "Won 🎉" {
		t.Errorf("deal stages = %v", stage)
	}
}

func TestCreateCustomObjectAndConflicts(t *testing.T) {
	f := newFixture(t, Config{})
	body := map[string]any{"data": map[string]any{"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}}
	o := f.ok("POST", "/v2/objects", body).data()
	id := o["id"].(map[string]any)["object_id"].(string)
	if o["api_slug"] != "projects" || o["created_at"] != "2025-06-02T09:00:00.000000000Z" {
		t.Errorf("created object = %v", o)
	}
	wantError(t, f.do("POST", "/v2/objects", body), http.StatusConflict, "invalid_request_error", "slug_conflict")
	// attributes of a fresh custom object: the system ones
	attrs := f.ok("GET", "/v2/objects/"+id+"/attributes", nil).list()
	if len(attrs) != 3 || attrs[0]["api_slug"] != "record_id" || attrs[0]["is_writable"] != false {
		t.Errorf("custom object attributes = %v", attrs)
	}
	patched := f.ok("PATCH", "/v2/objects/projects", map[string]any{"data": map[string]any{"plural_noun": "All projects"}}).data()
	if patched["plural_noun"] != "All projects" {
		t.Errorf("patched = %v", patched)
	}
	wantError(t, f.do("PATCH", "/v2/objects/projects", map[string]any{"data": map[string]any{}}), 400, "invalid_request_error", "validation_type")
	wantError(t, f.do("PATCH", "/v2/objects/projects", map[string]any{"data": map[string]any{"api_slug": "people"}}),
		409, "invalid_request_error", "slug_conflict")
	r := f.bareDo("POST", "/v2/objects", map[string]any{"data": map[string]any{"api_slug": "x"}})
	wantError(t, r, 400, "invalid_request_error", "validation_type")
	if ve, _ := r.body["validation_errors"].([]any); len(ve) != 1 {
		t.Errorf("validation_errors = %v", r.body["validation_errors"])
	}
}

func attrBody(slug, typ string, extra map[string]any) map[string]any {
	d := map[string]any{"title": slug, "description": nil, "api_slug": slug, "type": typ, "is_required": false,
		"is_unique": false, "is_multiselect": false, "config": map[string]any{}}
	for k, v := range extra {
		d[k] = v
	}
	return map[string]any{"data": d}
}

func TestCreateAttributesOfEveryKind(t *testing.T) {
	f := newFixture(t, Config{})
	f.ok("POST", "/v2/objects", map[string]any{"data": map[string]any{"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}})
	for _, c := range []struct {
		slug, typ string
		extra     map[string]any
	}{
		{"notes", "text", nil},
		{"hours", "number", nil},
		{"billable", "checkbox", nil},
		{"budget", "currency", map[string]any{"config": map[string]any{"currency": map[string]any{"default_currency_code": "EUR", "display_type": "code"}}}},
		{"starts", "date", nil},
		{"synced_at", "timestamp", nil},
		{"kind", "select", nil},
		{"phase", "status", nil},
		{"company", "record-reference", map[string]any{"config": map[string]any{"record_reference": map[string]any{"allowed_objects": []any{"companies"}}}}},
		{"toggl_project_id", "text", map[string]any{"is_unique": true, "is_required": true}},
		{"labels", "select", map[string]any{"is_multiselect": true}},
	} {
		a := f.ok("POST", "/v2/objects/projects/attributes", attrBody(c.slug, c.typ, c.extra)).data()
		if a["type"] != c.typ || a["api_slug"] != c.slug || a["is_system_attribute"] != false || a["is_writable"] != true {
			t.Errorf("%s: %v", c.slug, a)
		}
	}
	company := f.ok("GET", "/v2/objects/projects/attributes/company", nil).data()
	allowed := company["config"].(map[string]any)["record_reference"].(map[string]any)["allowed_object_ids"].([]any)
	companies := f.ok("GET", "/v2/objects/companies", nil).data()["id"].(map[string]any)["object_id"]
	if len(allowed) != 1 || allowed[0] != companies {
		t.Errorf("allowed_object_ids = %v, want [%v] (UUIDs in responses)", allowed, companies)
	}
	budget := f.ok("GET", "/v2/objects/projects/attributes/budget", nil).data()
	if budget["config"].(map[string]any)["currency"].(map[string]any)["default_currency_code"] != "EUR" {
		t.Errorf("budget config = %v", budget["config"])
	}
	// by id as well as slug
	id := company["id"].(map[string]any)["attribute_id"].(string)
	if f.ok("GET", "/v2/objects/projects/attributes/"+id, nil).data()["api_slug"] != "company" {
		t.Error("attribute by id")
	}
	unique := f.ok("GET", "/v2/objects/projects/attributes/toggl_project_id", nil).data()
	if unique["is_unique"] != true || unique["is_required"] != true {
		t.Errorf("flags = %v", unique)
	}

	wantError(t, f.do("POST", "/v2/objects/projects/attributes", attrBody("notes", "text", nil)), 409, "invalid_request_error", "slug_conflict")
	wantError(t, f.do("POST", "/v2/objects/projects/attributes", attrBody("u", "select", map[string]any{"is_unique": true})),
		400, "invalid_request_error", "validation_type")
	wantError(t, f.do("POST", "/v2/objects/companies/attributes", attrBody("toggl_client_id", "text", map[string]any{"is_unique": true})),
		400, "invalid_request_error", "validation_type")
	wantError(t, f.do("POST", "/v2/objects/people/attributes", attrBody("phase", "status", nil)), 400, "invalid_request_error", "validation_type")
	wantError(t, f.bareDo("POST", "/v2/objects/projects/attributes", attrBody("x", "interaction", nil)), 400, "invalid_request_error", "validation_type")
	wantError(t, f.do("POST", "/v2/objects/projects/attributes", attrBody("ref", "record-reference",
		map[string]any{"config": map[string]any{"record_reference": map[string]any{"allowed_objects": []any{"nothing"}}}})),
		404, "invalid_request_error", "not_found")
	wantError(t, f.do("POST", "/v2/objects/nothing/attributes", attrBody("x", "text", nil)), 404, "invalid_request_error", "not_found")
	r := f.bareDo("POST", "/v2/objects/projects/attributes", map[string]any{"data": map[string]any{"title": "x", "api_slug": "x", "type": "text"}})
	wantError(t, r, 400, "invalid_request_error", "validation_type")

	// system attributes refuse edits; others take them
	r = f.do("PATCH", "/v2/objects/companies/attributes/name", map[string]any{"data": map[string]any{"title": "Company name"}})
	wantError(t, r, 400, "invalid_request_error", "system_edit_unauthorized")
	if r.body["message"] != "Cannot update a System attribute." {
		t.Errorf("message = %v", r.body["message"])
	}
	p := f.ok("PATCH", "/v2/objects/projects/attributes/notes", map[string]any{"data": map[string]any{"title": "Notes", "is_required": true}}).data()
	if p["title"] != "Notes" || p["is_required"] != true {
		t.Errorf("patched = %v", p)
	}
}

func TestStatusOnObjectsFollowsCompat(t *testing.T) {
	f := newFixture(t, Config{Compat: Compat{RejectStatusOnObjects: true}})
	f.ok("POST", "/v2/objects", map[string]any{"data": map[string]any{"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}})
	wantError(t, f.do("POST", "/v2/objects/projects/attributes", attrBody("phase", "status", nil)), 400, "invalid_request_error", "validation_type")
	g := newFixture(t, Config{Compat: Compat{StatusOnAnyObject: true}})
	g.ok("POST", "/v2/objects/people/attributes", attrBody("phase", "status", nil))
}

func TestSelectOptionsAndStatuses(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	opts := f.ok("GET", "/v2/objects/projects/attributes/type/options", nil).list()
	if len(opts) != 3 || opts[0]["title"] != "retainer" || opts[0]["is_archived"] != false {
		t.Fatalf("options = %v", opts)
	}
	o := f.ok("POST", "/v2/objects/projects/attributes/type/options", map[string]any{"data": map[string]any{"title": "internal"}}).data()
	if o["title"] != "internal" || o["id"].(map[string]any)["option_id"] == "" {
		t.Errorf("option = %v", o)
	}
	r := f.do("POST", "/v2/objects/projects/attributes/type/options", map[string]any{"data": map[string]any{"title": "fixed"}})
	wantError(t, r, 409, "invalid_request_error", "slug_conflict")
	if r.body["message"] != `There is already another select option with the title "fixed".` {
		t.Errorf("message = %v", r.body["message"])
	}
	r = f.do("POST", "/v2/objects/projects/attributes/name/options", map[string]any{"data": map[string]any{"title": "x"}})
	wantError(t, r, 400, "invalid_request_error", "validation_type")
	if r.body["message"] != "This attribute is not a select attribute." {
		t.Errorf("message = %v", r.body["message"])
	}
	optID := o["id"].(map[string]any)["option_id"].(string)
	f.ok("PATCH", "/v2/objects/projects/attributes/type/options/"+optID, map[string]any{"data": map[string]any{"is_archived": true}})
	if n := len(f.ok("GET", "/v2/objects/projects/attributes/type/options", nil).list()); n != 3 {
		t.Errorf("archived option still listed: %d", n)
	}
	if n := len(f.ok("GET", "/v2/objects/projects/attributes/type/options?show_archived=true", nil).list()); n != 4 {
		t.Errorf("show_archived lists %d", n)
	}

	st := f.ok("POST", "/v2/objects/projects/attributes/stage/statuses",
		map[string]any{"data": map[string]any{"title": "paused", "target_time_in_status": "P0Y0M14DT0H0M0S"}}).data()
	if st["title"] != "paused" || st["celebration_enabled"] != false || st["target_time_in_status"] != "P0Y0M14DT0H0M0S" {
		t.Errorf("status = %v", st)
	}
	if n := len(f.ok("GET", "/v2/objects/projects/attributes/stage/statuses", nil).list()); n != 3 {
		t.Errorf("statuses = %d", n)
	}
	wantError(t, f.do("POST", "/v2/objects/projects/attributes/stage/statuses", map[string]any{"data": map[string]any{"title": "active"}}),
		409, "invalid_request_error", "slug_conflict")
	wantError(t, f.do("POST", "/v2/objects/projects/attributes/type/statuses", map[string]any{"data": map[string]any{"title": "x"}}),
		400, "invalid_request_error", "validation_type")
}

func TestListAttributes(t *testing.T) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	l := f.ok("POST", "/v2/lists", map[string]any{"data": map[string]any{"name": "Time entries", "api_slug": "time_entries",
		"parent_object": "projects", "workspace_access": "full-access", "workspace_member_access": []any{}}}).data()
	listID := l["id"].(map[string]any)["list_id"].(string)
	a := f.ok("POST", "/v2/lists/time_entries/attributes", attrBody("toggl_time_entry_id", "text", map[string]any{"is_unique": true})).data()
	if a["id"].(map[string]any)["object_id"] != listID {
		t.Errorf("list attribute id.object_id = %v, want list id %s", a["id"], listID)
	}
	f.ok("POST", "/v2/lists/"+listID+"/attributes", attrBody("phase", "status", nil))
	f.ok("POST", "/v2/lists/time_entries/attributes/phase/statuses", map[string]any{"data": map[string]any{"title": "Open"}})
	if n := len(f.ok("GET", "/v2/lists/time_entries/attributes", nil).list()); n != 2 {
		t.Errorf("list attributes = %d", n)
	}
	// list configuration scopes guard list attributes
	f.sim.AddToken("objects-admin", "object_configuration:read-write")
	r := send(t, f.bare.URL, "POST", "/v2/lists/time_entries/attributes", attrBody("x", "text", nil), bearer("objects-admin"))
	wantError(t, r, 403, "auth_error", "unauthorized")
}
