package web

import (
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/internal/routing"
)

// The page's view of a row's detail: auditlog.SplitDetail with the decision's steps as text.
func TestSplitDetailTakesDecisionAndCalls(t *testing.T) {
	d, calls, rest := splitDetail(`{"decision":{"ProjectRecordID":"r1","Branch":"fallback","Cause":"excluded","Reason":"why","Steps":[{"Text":"one"},{"Text":"two"}]},"attio_calls":["GET a"],"calls":["toggl POST b"],"moved_from":"\u003cold\u003e"}`)
	if d == nil || d.Branch != "fallback" || d.ProjectRecordID != "r1" || strings.Join(d.Steps, "|") != "one|two" {
		t.Fatalf("decision %+v", d)
	}
	if strings.Join(calls, "|") != "GET a|toggl POST b" {
		t.Fatalf("calls %v", calls)
	}
	if rest != "{\n  \"moved_from\": \"<old>\"\n}" {
		t.Fatalf("rest %q", rest)
	}
	if d, calls, rest := splitDetail(`{}`); d != nil || calls != nil || rest != "" {
		t.Fatalf("empty detail: %v %v %q", d, calls, rest)
	}
}

func TestParseAuditFilter(t *testing.T) {
	q := map[string]string{"source": "toggl", "from": "2030-01-02T09:40", "to": "soon", "q": " needle ", "page": "2", "top": "99", "conn": "3"}
	f := parseAuditFilter(func(k string) string { return q[k] })
	if f.q.FromMs != time.Date(2030, 1, 2, 9, 40, 0, 0, time.UTC).UnixMilli() || f.q.ToMs != 0 {
		t.Fatalf("times %d %d", f.q.FromMs, f.q.ToMs)
	}
	if f.q.Source != "toggl" || f.q.Text != "needle" || f.q.Conn != 3 {
		t.Fatalf("query %+v", f.q)
	}
	if f.view.Errors["to"] == "" || f.view.Errors["from"] != "" {
		t.Fatalf("errors %v", f.view.Errors)
	}
	if f.page != 2 || f.top != 99 || f.view.Text != "needle" || f.view.Conn != 3 {
		t.Fatalf("filter %+v", f)
	}
	// Links keep the filter but drop the ignored time.
	if got := f.url("/audit", "page", "3"); got != "/audit?conn=3&from=2030-01-02T09%3A40&page=3&q=needle&source=toggl" {
		t.Fatalf("url %s", got)
	}
}

func TestBarChartScalesToTheLargestDay(t *testing.T) {
	ds := opsmetrics.ChartDays(time.Date(2030, 1, 10, 15, 0, 0, 0, time.UTC), 3)
	c := barChart("c", "Events", "events", []dayPoint{{Day: ds[0], Value: 4}, {Day: ds[1], Value: 0}, {Day: ds[2], Value: 1}}, formatCount)
	plot := c.AxisY - chartTop
	if c.Bars[0].H != plot || c.Bars[1].H != 0 || c.Bars[2].H != plot/4 || c.Empty {
		t.Fatalf("heights %d %d %d (plot %d)", c.Bars[0].H, c.Bars[1].H, c.Bars[2].H, plot)
	}
	if c.Bars[0].Y+c.Bars[0].H != c.AxisY || c.Bars[1].Value != "" || c.Bars[0].Value != "4" || c.Bars[0].Label != "01-08" {
		t.Fatalf("bar %+v %+v", c.Bars[0], c.Bars[1])
	}
	if !strings.Contains(c.Summary, "5 events over 3 days") {
		t.Fatalf("summary %q", c.Summary)
	}
	if empty := barChart("e", "Hours", "hours", []dayPoint{{Day: ds[0]}}, formatHours); !empty.Empty {
		t.Fatal("a chart of zeros is not marked empty")
	}
}

// The hours chart titles each day with its hours and entries, and says how many entries it
// cannot date yet.
func TestHoursChartTitlesAndNote(t *testing.T) {
	ds := opsmetrics.ChartDays(time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC), 3)
	c := hoursChart([]opsmetrics.DayHours{{Day: ds[0], Seconds: 3600, Entries: 1}, {Day: ds[1]}, {Day: ds[2], Seconds: 8100, Entries: 2}}, 2)
	want := []string{"2030-03-12: 1.00 hours in Attio (1 entry)", "2030-03-13: 0.00 hours in Attio (0 entries)", "2030-03-14: 2.25 hours in Attio (2 entries)"}
	for i, b := range c.Bars {
		if b.Title != want[i] {
			t.Errorf("bar %d: %q, want %q", i, b.Title, want[i])
		}
	}
	if c.Note != "2 entries written before this version are counted after the next resync." {
		t.Errorf("note %q", c.Note)
	}
	if one := hoursChart([]opsmetrics.DayHours{{Day: ds[0]}}, 1); one.Note != "1 entry written before this version is counted after the next resync." || !one.Empty {
		t.Errorf("one undated: %q, empty %v", one.Note, one.Empty)
	}
	if none := hoursChart([]opsmetrics.DayHours{{Day: ds[0]}}, 0); none.Note != "" {
		t.Errorf("nothing undated: note %q", none.Note)
	}
}

func TestEventsChartTitlesNameTheSources(t *testing.T) {
	ds := opsmetrics.ChartDays(time.Date(2030, 3, 14, 9, 30, 0, 0, time.UTC), 2)
	c := eventsChart([]opsmetrics.DayEvents{{Day: ds[0], BySource: map[string]int64{"toggl": 2, "attio": 1}, Total: 3}, {Day: ds[1]}})
	if c.Bars[0].Title != "2030-03-13: 3 events (attio 1, toggl 2)" || c.Bars[1].Title != "2030-03-14: 0 events" || c.Bars[0].Value != "3" {
		t.Fatalf("bars %+v", c.Bars)
	}
}

func TestPastedTimeEntry(t *testing.T) {
	conn := &connection.Connection{TogglWorkspaceID: 777}
	te, err := pastedTimeEntry(`{"id": 5, "project_id": 20300001, "description": "x"}`, conn)
	if err != nil || te.ID != 5 || te.WorkspaceID != 777 || te.ProjectID == nil || *te.ProjectID != 20300001 {
		t.Fatalf("bare entry: %+v %v", te, err)
	}
	body := `{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"model":"time_entry","action":"updated","workspace_id":"9"},"payload":{"id":6,"wid":9}}`
	if te, err := pastedTimeEntry(body, conn); err != nil || te.ID != 6 || te.WorkspaceID != 9 {
		t.Fatalf("webhook body: %+v %v", te, err)
	}
	for _, bad := range []string{`nope`, `{"event_id":1,"created_at":"2024-01-01T00:00:00Z","subscription_id":2,"metadata":{"model":"project","action":"updated"},"payload":{"id":6,"wid":9}}`} {
		if _, err := pastedTimeEntry(bad, conn); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestCheckRulesAgainstAttio(t *testing.T) {
	rc := rulesContext{types: map[string]string{"type": "select", "status": "status", "owner": "actor-reference"}}
	types, statuses := []string{"retainer", "fixed"}, []string{"active", "complete"}
	for _, c := range []struct {
		name        string
		rules       routing.Rules
		field, rows string
	}{
		{"fine", routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "Fixed ", Status: "*"}}}, "", ""},
		{"unknown attribute", routing.Rules{TypeAttribute: "kind"}, "type_attribute", ""},
		{"unusable type", routing.Rules{StatusAttribute: "owner"}, "status_attribute", ""},
		{"option Attio lacks", routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "*", Status: "done"}}}, "", `Attio has no status "done"`},
		{"any + any", routing.Rules{TypeAttribute: "type", StatusAttribute: "status", Exclusions: []routing.Exclusion{{Type: "*", Status: "*"}}}, "", "would exclude every Project"},
	} {
		fields, rows := checkRules(c.rules, rc, types, statuses)
		if (c.field == "") != (len(fields) == 0) || (c.field != "" && fields[c.field] == "") {
			t.Errorf("%s: field errors %v", c.name, fields)
		}
		if (c.rows == "") != (len(rows) == 0) || (c.rows != "" && !strings.Contains(rows[0], c.rows)) {
			t.Errorf("%s: row errors %v", c.name, rows)
		}
	}
}

func TestCheckMapPerKind(t *testing.T) {
	project := lookupMapKind("project")
	m := fieldmap.Map{
		{Source: "project.name", Target: "toggl_project_name", Type: "text"},
		{Source: "time_entry.description", Target: "notes", Type: "text"},
		{Source: "project.active", Target: "active_flag", Type: "checkbox"},
	}
	problems, missing := checkMap(project, m, map[string]string{"toggl_project_name": "text", "notes": "text"})
	if len(problems[0]) != 0 || !strings.Contains(strings.Join(problems[1], ""), "cannot read time_entry.description") {
		t.Fatalf("problems %v", problems)
	}
	if strings.Join(missing, ",") != "active_flag" {
		t.Fatalf("missing %v", missing)
	}
	if lookupMapKind("nonsense").Key != "time_entry" {
		t.Fatal("unknown map kind does not fall back to time entries")
	}
}
