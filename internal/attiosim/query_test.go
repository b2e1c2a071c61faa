package attiosim

import (
	"slices"
	"testing"
)

// queryFixture makes five projects with varied values.
func queryFixture(t *testing.T) (*fixture, map[string]string) {
	f := newFixture(t, Config{})
	f.projectsSchema()
	globex := f.company("Globex", "globex.test")
	initech := f.company("Initech", "")
	ids := map[string]string{"globex": globex, "initech": initech}
	for _, p := range []struct {
		name, company, typ, stage, toggl string
		hours                            float64
		synced                           string
	}{
		{"Website Redesign", globex, "fixed", "active", "20300001", 40, "2025-06-01T10:00:00Z"},
		{"Support Retainer", globex, "retainer", "complete", "", 12.5, "2025-05-01T10:00:00Z"},
		{"Data Migration", initech, "hourly", "active", "20300003", 80, ""},
		{"Brand Refresh", "", "fixed", "active", "", 0, "2025-06-02T08:00:00Z"},
		{"Security Audit", initech, "hourly", "complete", "", 5, ""},
	} {
		values := map[string]any{"name": []any{p.name}, "type": []any{p.typ}, "stage": []any{p.stage}, "hours": []any{p.hours}}
		if p.company != "" {
			values["company"] = []any{map[string]any{"target_object": "companies", "target_record_id": p.company}}
		}
		if p.toggl != "" {
			values["toggl_project_id"] = []any{p.toggl}
		}
		if p.synced != "" {
			values["synced_at"] = []any{p.synced}
		}
		ids[p.name] = recordID(f.ok("POST", "/v2/objects/projects/records", data(values)).data())
	}
	return f, ids
}

func names(t *testing.T, r reply) []string {
	t.Helper()
	var out []string
	for _, rec := range r.list() {
		out = append(out, first(t, rec, "name")["value"].(string))
	}
	return out
}

func TestQueryFilters(t *testing.T) {
	f, ids := queryFixture(t)
	cases := []struct {
		name   string
		filter map[string]any
		want   []string
	}{
		{"shorthand text", map[string]any{"toggl_project_id": "20300003"}, []string{"Data Migration"}},
		{"shorthand select title", map[string]any{"type": "hourly"}, []string{"Data Migration", "Security Audit"}},
		{"shorthand status and select (implicit and)", map[string]any{"type": "fixed", "stage": "active"},
			[]string{"Website Redesign", "Brand Refresh"}},
		{"verbose $eq", map[string]any{"name": map[string]any{"value": map[string]any{"$eq": "Brand Refresh"}}}, []string{"Brand Refresh"}},
		{"$contains is case-insensitive", map[string]any{"name": map[string]any{"$contains": "re"}},
			[]string{"Website Redesign", "Support Retainer", "Brand Refresh"}},
		{"$starts_with", map[string]any{"name": map[string]any{"$starts_with": "s"}}, []string{"Support Retainer", "Security Audit"}},
		{"$ends_with", map[string]any{"name": map[string]any{"$ends_with": "ION"}}, []string{"Data Migration"}},
		{"$in", map[string]any{"toggl_project_id": map[string]any{"$in": []any{"20300001", "20300003"}}},
			[]string{"Website Redesign", "Data Migration"}},
		{"number range", map[string]any{"hours": map[string]any{"$gte": 12.5, "$lt": 80}}, []string{"Website Redesign", "Support Retainer"}},
		{"timestamp range", map[string]any{"synced_at": map[string]any{"$gte": "2025-06-01T00:00:00Z"}}, []string{"Website Redesign", "Brand Refresh"}},
		{"$not_empty", map[string]any{"toggl_project_id": map[string]any{"$not_empty": true}}, []string{"Website Redesign", "Data Migration"}},
		{"$not", map[string]any{"$not": map[string]any{"stage": "active"}}, []string{"Support Retainer", "Security Audit"}},
		{"$or", map[string]any{"$or": []any{map[string]any{"type": "retainer"}, map[string]any{"hours": 0}}},
			[]string{"Support Retainer", "Brand Refresh"}},
		{"$and", map[string]any{"$and": []any{map[string]any{"stage": "complete"}, map[string]any{"type": "hourly"}}},
			[]string{"Security Audit"}},
		{"record reference", map[string]any{"company": map[string]any{"target_object": "companies", "target_record_id": ids["initech"]}},
			[]string{"Data Migration", "Security Audit"}},
		{"record reference $in", map[string]any{"company": map[string]any{"target_record_id": map[string]any{"$in": []any{ids["globex"]}}}},
			[]string{"Website Redesign", "Support Retainer"}},
		{"record_id", map[string]any{"record_id": map[string]any{"$in": []any{ids["Brand Refresh"], ids["Data Migration"]}}},
			[]string{"Data Migration", "Brand Refresh"}},
		{"path into the company", map[string]any{"path": []any{[]any{"projects", "company"}, []any{"companies", "domains"}},
			"constraints": map[string]any{"domain": "globex.test"}}, []string{"Website Redesign", "Support Retainer"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := names(t, f.ok("POST", "/v2/objects/projects/records/query", map[string]any{"filter": c.filter}))
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	for name, bad := range map[string]map[string]any{
		"unknown attribute": {"colour": "red"},
		"unknown operator":  {"name": map[string]any{"$like": "x"}},
		"unknown property":  {"name": map[string]any{"domain": "x"}},
		"$in without array": {"name": map[string]any{"$in": "x"}},
		"bad path":          {"path": []any{[]any{"companies", "name"}}, "constraints": map[string]any{"value": "x"}},
	} {
		t.Run(name, func(t *testing.T) {
			r := f.do("POST", "/v2/objects/projects/records/query", map[string]any{"filter": bad})
			wantError(t, r, 400, "invalid_request_error", "filter_error")
		})
	}
}

func TestQuerySortsAndPaging(t *testing.T) {
	f, _ := queryFixture(t)
	q := func(body map[string]any) []string {
		return names(t, f.ok("POST", "/v2/objects/projects/records/query", body))
	}
	if got := q(map[string]any{}); len(got) != 5 || got[0] != "Website Redesign" {
		t.Errorf("default order is creation order: %v", got)
	}
	asc := q(map[string]any{"sorts": []any{map[string]any{"direction": "asc", "attribute": "name"}}})
	if !slices.IsSorted(asc) {
		t.Errorf("asc by name: %v", asc)
	}
	desc := q(map[string]any{"sorts": []any{map[string]any{"direction": "desc", "attribute": "hours"}}})
	if !slices.Equal(desc, []string{"Data Migration", "Website Redesign", "Support Retainer", "Security Audit", "Brand Refresh"}) {
		t.Errorf("desc by hours: %v", desc)
	}
	// empty values sort last ascending
	byToggl := q(map[string]any{"sorts": []any{map[string]any{"direction": "asc", "attribute": "toggl_project_id"}}})
	if byToggl[0] != "Website Redesign" || byToggl[1] != "Data Migration" {
		t.Errorf("asc by toggl id, empties last: %v", byToggl)
	}
	multi := q(map[string]any{"sorts": []any{
		map[string]any{"direction": "asc", "attribute": "type"},
		map[string]any{"direction": "desc", "attribute": "name"}}})
	if !slices.Equal(multi, []string{"Website Redesign", "Brand Refresh", "Security Audit", "Data Migration", "Support Retainer"}) {
		t.Errorf("type asc, name desc: %v", multi)
	}
	byCompany := q(map[string]any{"sorts": []any{map[string]any{"direction": "asc",
		"path": []any{[]any{"projects", "company"}, []any{"companies", "name"}}}}})
	if byCompany[4] != "Brand Refresh" || byCompany[0] != "Website Redesign" {
		t.Errorf("path sort by company name: %v", byCompany)
	}
	// paging: stop when fewer than limit come back
	var all []string
	for offset := 0; ; offset += 2 {
		got := q(map[string]any{"limit": 2, "offset": offset, "sorts": []any{map[string]any{"direction": "asc", "attribute": "name"}}})
		all = append(all, got...)
		if len(got) < 2 {
			break
		}
	}
	if !slices.Equal(all, asc) {
		t.Errorf("paged %v, want %v", all, asc)
	}
	if got := q(map[string]any{"offset": 10}); len(got) != 0 {
		t.Errorf("offset past the end: %v", got)
	}
	wantError(t, f.do("POST", "/v2/objects/projects/records/query",
		map[string]any{"sorts": []any{map[string]any{"direction": "asc", "attribute": "colour"}}}), 400, "invalid_request_error", "filter_error")

	g := newFixture(t, Config{Compat: Compat{QueryMaxLimit: 100}})
	wantError(t, g.bareDo("POST", "/v2/objects/people/records/query", map[string]any{"limit": 101}), 400, "invalid_request_error", "validation_type")
}
