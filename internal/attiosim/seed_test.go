package attiosim

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestSeed(t *testing.T) {
	f := newFixture(t, Config{})
	info := Seed(f.sim)
	if info.Token != "sim-attio-token" || info.WorkspaceName != "Acme Agency" {
		t.Fatalf("seed = %+v", info)
	}
	self := send(t, f.checked.URL, "GET", "/v2/self", nil, bearer(info.Token))
	if self.body["workspace_name"] != "Acme Agency" || len(strings.Fields(self.body["scope"].(string))) != len(AllScopes()) {
		t.Errorf("self = %v", self.body)
	}
	var companyNames []string
	for _, c := range f.sim.Records("companies") {
		companyNames = append(companyNames, c.Value("name").(string))
	}
	if !slices.Equal(companyNames, []string{"Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises"}) {
		t.Errorf("companies = %v", companyNames)
	}
	globex, _ := f.sim.Record("companies", info.Companies[0].RecordID)
	if globex.Value("domains") != "globex.test" {
		t.Errorf("Globex domain = %v", globex.Value("domains"))
	}
	obj := f.ok("GET", "/v2/objects/projects", nil).data()
	if obj["singular_noun"] != "Project" || obj["plural_noun"] != "Projects" {
		t.Errorf("projects object = %v", obj)
	}
	companyOf := map[string]string{}
	for _, c := range info.Companies {
		companyOf[c.RecordID] = c.Name
	}
	type row struct{ name, company, typ, status, toggl string }
	var got []row
	for _, p := range f.sim.Records("projects") {
		toggl, _ := p.Value("toggl_project_id").(string)
		got = append(got, row{p.Value("name").(string), companyOf[p.Value("company").(string)],
			p.Value("type").(string), p.Value("status").(string), toggl})
	}
	want := []row{
		{"Website Redesign", "Globex", "fixed", "active", "20300001"},
		{"Support Retainer", "Globex", "retainer", "complete", ""},
		{"Data Migration", "Initech", "hourly", "active", "20300003"},
		{"Brand Refresh", "Umbrella", "fixed", "active", ""},
		{"Security Audit", "Wayne Enterprises", "hourly", "active", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("projects =\n%v\nwant\n%v", got, want)
	}
	hits := send(t, f.checked.URL, "POST", "/v2/objects/projects/records/query",
		map[string]any{"filter": map[string]any{"toggl_project_id": "20300003"}}, bearer(info.Token)).list()
	if len(hits) != 1 || recordID(hits[0]) != info.Projects[2].RecordID {
		t.Errorf("query by toggl_project_id = %v", hits)
	}
	// the schema matches what the sync service provisions: unique toggl id, required name
	r := send(t, f.bare.URL, "POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"Dup"},
		"toggl_project_id": []any{"20300001"}}), bearer(info.Token))
	wantError(t, r, 400, "invalid_request_error", "uniqueness_conflict")
	// ids are stable across runs
	g := newFixture(t, Config{})
	if again := Seed(g.sim); again.Projects[0].RecordID != info.Projects[0].RecordID || again.WorkspaceID != info.WorkspaceID {
		t.Error("seed ids differ between runs")
	}
	if s := info.String(); !strings.Contains(s, "Website Redesign") || !strings.Contains(s, "toggl 20300001") {
		t.Errorf("String() = %s", s)
	}
}

// TestConcurrentUse runs API writes, helper writes, queries and deliveries together under -race.
func TestConcurrentUse(t *testing.T) {
	rc := newReceiver(t)
	f := hookFixture(t, rc, Config{Deliveries: Deliveries{BatchSize: 4}})
	Seed(f.sim)
	f.webhook(rc.srv.URL, sub("record.created", nil), sub("record.updated", nil))
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				r := send(t, f.bare.URL, "POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"C"},
					"toggl_project_id": []any{string(rune('a'+w)) + string(rune('a'+i))}}), bearer(testToken))
				if r.status != 200 {
					t.Errorf("create = %d %s", r.status, r.raw)
					return
				}
				if _, err := f.sim.UpdateRecord("projects", recordID(r.data()), map[string]any{"name": "D"}); err != nil {
					t.Error(err)
				}
				send(t, f.bare.URL, "POST", "/v2/objects/projects/records/query", map[string]any{"limit": 5}, bearer(testToken))
			}
		}(w)
	}
	wg.Wait()
	f.idle()
	events := 0
	for _, d := range rc.deliveries() {
		events += len(d.env.Events)
	}
	if events != 80 {
		t.Errorf("delivered %d events, want 80 (40 created + 40 updated)", events)
	}
}
