package attiosim

import "testing"

func TestCompatSwitches(t *testing.T) {
	f := newFixture(t, Config{Compat: Compat{OmitEmptyValues: true, CurrencyValueAsString: true}})
	f.projectsSchema()
	rec := f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}, "budget": []any{499}})).data()
	if _, has := rec["values"].(map[string]any)["company"]; has {
		t.Error("OmitEmptyValues should leave empty attributes out")
	}
	if v := first(t, rec, "budget")["currency_value"]; v != "499.00" {
		t.Errorf("currency_value = %v, want \"499.00\"", v)
	}
}

func TestDefaultValues(t *testing.T) {
	f := newFixture(t, Config{})
	f.ok("POST", "/v2/objects", map[string]any{"data": map[string]any{"api_slug": "projects", "singular_noun": "Project", "plural_noun": "Projects"}})
	f.ok("POST", "/v2/objects/projects/attributes", attrBody("source", "text", map[string]any{"is_required": true,
		"default_value": map[string]any{"type": "static", "template": []any{map[string]any{"value": "toggl", "attribute_type": "text"}}}}))
	f.ok("POST", "/v2/objects/projects/attributes", attrBody("owner", "actor-reference", map[string]any{
		"default_value": map[string]any{"type": "dynamic", "template": "current-user"}}))
	f.ok("POST", "/v2/objects/projects/attributes", attrBody("due", "timestamp", map[string]any{
		"default_value": map[string]any{"type": "dynamic", "template": "P1D"}}))
	wantError(t, f.bareDo("POST", "/v2/objects/projects/attributes", attrBody("bad", "text", map[string]any{
		"default_value": map[string]any{"type": "dynamic", "template": "current-user"}})), 400, "invalid_request_error", "validation_type")

	rec := f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{})).data()
	if first(t, rec, "source")["value"] != "toggl" {
		t.Errorf("static default = %v", first(t, rec, "source"))
	}
	if o := first(t, rec, "owner"); o["referenced_actor_type"] != "api-token" || o["referenced_actor_id"] != f.token.ActorID {
		t.Errorf("current-user default = %v", o)
	}
	if first(t, rec, "due")["value"] != "2025-06-03T09:00:00.000000000Z" {
		t.Errorf("P1D default = %v", first(t, rec, "due")["value"])
	}
	// an explicit value wins over the default
	rec = f.bareDo("POST", "/v2/objects/projects/records", data(map[string]any{"source": []any{"manual"}})).data()
	if first(t, rec, "source")["value"] != "manual" {
		t.Error("explicit value")
	}
}
