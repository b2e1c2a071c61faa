package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/views"
)

// outboundTriggers word the Attio events outbound sync acts on (inbound.TriggerEvents).
var outboundTriggers = []views.TriggerOption{
	{Event: "record.created", Label: "a Project is created", Help: "creates its Toggl client and project when it already has a Company"},
	{Event: "record.updated", Label: "a Project is updated", Help: "catches a Project that gains its Company after it was created"},
}

// rulesPage lays out the rules page (inbound.RulesConsole's view): the rules with their
// problems, the fallback, the simulator's recent entries and result, and the triggers.
func rulesPage(conn *connection.Connection, all []*connection.Connection, v inbound.RulesView) views.RulesPage {
	r := views.RulesPage{
		Pick:          views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/rules", Keep: url.Values{}},
		TypeAttr:      v.Rules.TypeAttribute,
		StatusAttr:    v.Rules.StatusAttribute,
		TypeChoices:   v.Schema.TypeChoices,
		StatusChoices: v.Schema.StatusChoices,
		Errors:        views.FormErrors{},
		Problem:       v.Problem,
		TriggerError:  v.TriggerError,
	}
	if err := v.Schema.Problem(); err != nil {
		r.AttioError = err.Error()
	}
	for _, a := range v.Schema.RuleAttributes() {
		r.ProjectAttrs = append(r.ProjectAttrs, views.AttrOption{Slug: a.Slug, Title: a.Title, Type: a.Type})
	}
	for field, msg := range v.Fields {
		r.Errors[field] = msg
	}
	for i, e := range v.Rules.Exclusions {
		r.Exclusions = append(r.Exclusions, views.ExclusionRow{Index: i, Type: e.Type, Status: e.Status, Error: v.Rows[i]})
	}
	r.Exclusions = append(r.Exclusions, views.ExclusionRow{Index: len(v.Rules.Exclusions)})
	if fb := v.Fallback; fb != nil && fb.RecordID != "" {
		r.Fallback = &views.ProjectChoice{RecordID: fb.RecordID, Name: fb.Name}
	}
	if v.Search != nil {
		r.Search = searchView(*v.Search)
	}
	for _, e := range v.Recent {
		r.Recent = append(r.Recent, views.RecentEntry{JobID: e.JobID, EntryID: e.EntryID, Description: e.Description,
			Project: e.Project, When: views.FmtMs(e.ReceivedAt)})
	}
	if s := v.Sim; s != nil {
		r.SimError = s.Problem
		if s.Routed {
			r.Sim = simResult(*s, v.Fallback)
		}
	}
	for _, t := range outboundTriggers {
		t.Checked = slices.Contains(v.Events, t.Event)
		r.Triggers = append(r.Triggers, t)
	}
	return r
}

// searchView is the fallback picker's answer.
func searchView(s inbound.ProjectSearch) views.FallbackSearch {
	f := views.FallbackSearch{Query: s.Query, Searched: s.Searched, Error: s.Problem}
	for _, h := range s.Hits {
		f.Results = append(f.Results, views.ProjectChoice{RecordID: h.RecordID, Name: h.Name, Detail: h.Detail})
	}
	return f
}

// simResult words a simulation's decision step by step.
func simResult(s inbound.SimRun, fb *connection.ProjectRef) *views.SimResult {
	d := s.Decision
	r := &views.SimResult{Entry: simLabel(s.Input), Branch: string(d.Branch), Cause: string(d.Cause), Reason: d.Reason, Calls: s.Calls}
	for _, st := range d.Steps {
		r.Steps = append(r.Steps, st.Text)
	}
	r.Landed, r.Problem = inbound.Landing(d, fb)
	return r
}

// simLabel names the routed entry: pasted, or from which delivery.
func simLabel(in inbound.SimInput) string {
	if in.JobID == 0 {
		return "Pasted time entry " + strconv.FormatInt(in.Entry.ID, 10)
	}
	return "Time entry " + strconv.FormatInt(in.Entry.ID, 10) + " from delivery #" + strconv.FormatInt(in.JobID, 10) + " (" + views.FmtMs(in.ReceivedAt) + ")"
}

// parseRulesForm reads the posted attributes and exclusions; blank and removed rows drop out.
func parseRulesForm(c *fiber.Ctx) routing.Rules {
	return parseRulesValues(func(key string) string { return c.FormValue(key) })
}

// parseRulesValues is parseRulesForm over any form lookup (pure, fuzzed).
func parseRulesValues(form func(key string) string) routing.Rules {
	r := routing.Rules{
		TypeAttribute:   strings.TrimSpace(form("type_attribute")),
		StatusAttribute: strings.TrimSpace(form("status_attribute")),
	}
	n, _ := strconv.Atoi(form("rows"))
	for i := range min(max(n, 0), maxFormRows) {
		row := strconv.Itoa(i)
		if form("ex_remove_"+row) != "" {
			continue
		}
		e := routing.Exclusion{Type: strings.TrimSpace(form("ex_type_" + row)), Status: strings.TrimSpace(form("ex_status_" + row))}
		if e.Type == "" && e.Status == "" {
			continue
		}
		r.Exclusions = append(r.Exclusions, e)
	}
	return r
}
