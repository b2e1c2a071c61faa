package web

import (
	"errors"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/togglevent"
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

// The rules page shows each problem beside its exclusion row and field, the Attio problem,
// the triggers as saved or posted, and a routed simulation in words.
func TestRulesPageLaysOutTheView(t *testing.T) {
	conn := &connection.Connection{ID: 4, Name: "Acme"}
	v := inbound.RulesView{
		Rules:  routing.Rules{TypeAttribute: "type", Exclusions: []routing.Exclusion{{Type: "fixed", Status: "*"}, {Type: "x", Status: "*"}}},
		Schema: attioschema.ProjectSchema{Types: map[string]string{"type": "select", "owner": "actor-reference"}, TypeChoices: []string{"fixed"}, ChoicesErr: errors.New("options unreadable")},
		Fields: map[string]string{"type_attribute": "bad"}, Rows: map[int]string{1: `Attio has no type "x" in type.`},
		Fallback: &connection.ProjectRef{RecordID: "rec-fb", Name: "Overflow"},
		Events:   []string{"record.updated"},
		Sim: &inbound.SimRun{Input: inbound.SimInput{Entry: &togglevent.TimeEntry{ID: 9}, JobID: 3, ReceivedAt: 1}, Routed: true,
			Decision: routing.Decision{Branch: routing.BranchFallback, ProjectRecordID: "rec-fb", Steps: []routing.Step{{Text: "excluded"}}}},
	}
	r := rulesPage(conn, []*connection.Connection{conn}, v)
	if len(r.Exclusions) != 3 || r.Exclusions[0].Error != "" || !strings.Contains(r.Exclusions[1].Error, `no type "x"`) || r.Exclusions[2].Index != 2 {
		t.Fatalf("exclusions %+v", r.Exclusions)
	}
	if r.Errors["type_attribute"] != "bad" || r.AttioError != "options unreadable" || len(r.ProjectAttrs) != 1 || r.ProjectAttrs[0].Slug != "type" {
		t.Fatalf("page %+v", r)
	}
	if r.Triggers[0].Checked || !r.Triggers[1].Checked {
		t.Fatalf("triggers %+v", r.Triggers)
	}
	if r.Sim == nil || r.Sim.Landed != "Would land on the fallback Project Overflow." || r.Sim.Entry != "Time entry 9 from delivery #3 (1970-01-01 00:00:00 UTC)" || r.Sim.Steps[0] != "excluded" {
		t.Fatalf("simulation %+v", r.Sim)
	}
	pasted := v
	pasted.Sim = &inbound.SimRun{Input: inbound.SimInput{Entry: &togglevent.TimeEntry{ID: 5}}, Refused: true, Problem: "This cannot be routed: no"}
	if r := rulesPage(conn, nil, pasted); r.Sim != nil || r.SimError != "This cannot be routed: no" {
		t.Fatalf("refused simulation: %+v %q", r.Sim, r.SimError)
	}
}

// The field map editor offers Attio's writable attributes, marks rows, and adds blank rows.
func TestFieldMapPageLaysOutTheView(t *testing.T) {
	conn := &connection.Connection{ID: 4, Settings: connection.Settings{Schema: connection.DefaultSchema}}
	k := attioschema.LookupMapKind("project")
	v := inbound.FieldMapView{Kind: k, Map: fieldmap.Map{{Source: "project.name", Target: "name", Type: "text"}},
		Target:   attioschema.Target{Types: map[string]string{"name": "text"}, Writable: []attioschema.Attribute{{Slug: "name", Title: "Name", Type: "text"}}},
		Problems: map[int][]string{0: {"bad"}}, Missing: []string{"x"},
		Preview: &inbound.Preview{JobID: 7, EntityKey: "project:1", Kind: "project.updated", ReceivedAt: 1, Rows: []inbound.PreviewRow{{Target: "name", Type: "text", Value: "Site"}}}}
	f := fieldMapPage(conn, nil, v)
	if len(f.Rows) != 1+blankRows || f.Rows[0].Errors[0] != "bad" || f.Rows[0].AttioType != "text" || f.Rows[1].Type != attiotype.Text {
		t.Fatalf("rows %+v", f.Rows)
	}
	if f.TargetDesc != "records of the Attio object projects" || len(f.Attributes) != 1 || f.Missing[0] != "x" || f.AttioError != "" || !f.Tabs[1].Active {
		t.Fatalf("page %+v", f)
	}
	if f.Preview.Event != "Delivery #7: project:1 project.updated, received 1970-01-01 00:00:00 UTC" || f.Preview.Rows[0].Value != "Site" {
		t.Fatalf("preview %+v", f.Preview)
	}
	v.Target, v.TargetErr, v.Preview = attioschema.Target{}, errors.New("no Attio"), &inbound.Preview{Error: "No delivery"}
	if f := fieldMapPage(conn, nil, v); f.AttioError != "no Attio" || f.Attributes != nil || f.Preview.Event != "" || f.Preview.Error != "No delivery" {
		t.Fatalf("without Attio: %+v", f)
	}
}
