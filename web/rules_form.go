package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/views"
)

// rulesAttrTypes are the Project attribute types that can hold a type or a status: the rules
// compare option or status titles, or plain text.
var rulesAttrTypes = map[string]bool{attiotype.Select: true, attiotype.Status: true, attiotype.Text: true}

// outboundTriggers are the Attio events outbound sync acts on (internal/outbound re-reads the
// Project, so a created and an updated record are handled alike).
var outboundTriggers = []views.TriggerOption{
	{Event: "record.created", Label: "a Project is created", Help: "creates its Toggl client and project when it already has a Company"},
	{Event: "record.updated", Label: "a Project is updated", Help: "catches a Project that gains its Company after it was created"},
}

// rulesContext is what the rules page reads from Attio: the Project attributes and the
// choices of the chosen type and status attributes.
type rulesContext struct {
	ac     *attio.Client
	types  map[string]string // api_slug → type; nil when Attio could not be read
	titles map[string]string // api_slug → title
	err    error
}

func (h *console) loadRulesContext(ctx context.Context, conn *connection.Connection) rulesContext {
	ac, err := h.attioClient(ctx, conn)
	if err != nil {
		return rulesContext{err: err}
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	attrs, err := ac.ListAttributes(ctx, attio.Objects, conn.Settings.Schema.ProjectsObject, attio.ListAttributesParams{})
	if err != nil {
		return rulesContext{ac: ac, err: err}
	}
	rc := rulesContext{ac: ac, types: map[string]string{}, titles: map[string]string{}}
	for _, a := range attrs {
		if !a.IsArchived {
			rc.types[a.APISlug], rc.titles[a.APISlug] = a.Type, a.Title
		}
	}
	return rc
}

// rulesPage fills the page for rules (saved or as posted) and the saved fallback.
func (h *console) rulesPage(ctx context.Context, conn *connection.Connection, all []*connection.Connection, rc rulesContext, rules routing.Rules) views.RulesPage {
	r := views.RulesPage{
		Pick:       views.ConnPick{Current: conn.ID, All: connOptions(all), Path: "/rules", Keep: url.Values{}},
		TypeAttr:   rules.TypeAttribute,
		StatusAttr: rules.StatusAttribute,
		Errors:     views.FormErrors{},
	}
	if rc.err != nil {
		r.AttioError = rc.err.Error()
	}
	for _, slug := range sortedKeys(rc.types) {
		if rulesAttrTypes[rc.types[slug]] {
			r.ProjectAttrs = append(r.ProjectAttrs, views.AttrOption{Slug: slug, Title: rc.titles[slug], Type: rc.types[slug]})
		}
	}
	var err error
	if r.TypeChoices, err = h.choices(ctx, conn, rc, rules.TypeAttribute); err != nil && r.AttioError == "" {
		r.AttioError = err.Error()
	}
	if r.StatusChoices, err = h.choices(ctx, conn, rc, rules.StatusAttribute); err != nil && r.AttioError == "" {
		r.AttioError = err.Error()
	}
	for i, e := range rules.Exclusions {
		r.Exclusions = append(r.Exclusions, views.ExclusionRow{Index: i, Type: e.Type, Status: e.Status})
	}
	r.Exclusions = append(r.Exclusions, views.ExclusionRow{Index: len(rules.Exclusions)})
	if fb := conn.Settings.Fallback; fb != nil && fb.RecordID != "" {
		r.Fallback = &views.ProjectChoice{RecordID: fb.RecordID, Name: fb.Name}
	}
	r.Recent = h.recentEntries(ctx, conn)
	for _, t := range outboundTriggers {
		t.Checked = listed(conn.Settings.OutboundEvents, t.Event)
		r.Triggers = append(r.Triggers, t)
	}
	return r
}

// choices lists the option or status titles of a Project attribute, nil for a text attribute
// or when Attio is unknown (the form then takes free text).
func (h *console) choices(ctx context.Context, conn *connection.Connection, rc rulesContext, slug string) ([]string, error) {
	if slug == "" || rc.types == nil {
		return nil, nil
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	obj := conn.Settings.Schema.ProjectsObject
	var titles []string
	switch rc.types[slug] {
	case attiotype.Select:
		opts, err := rc.ac.ListSelectOptions(ctx, attio.Objects, obj, slug, false)
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			titles = append(titles, o.Title)
		}
	case attiotype.Status:
		sts, err := rc.ac.ListStatuses(ctx, attio.Objects, obj, slug, false)
		if err != nil {
			return nil, err
		}
		for _, s := range sts {
			titles = append(titles, s.Title)
		}
	default:
		return nil, nil
	}
	if titles == nil {
		titles = []string{}
	}
	return titles, nil
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

var ruleNumber = regexp.MustCompile(`^rule #(\d+)`)

// checkRules validates posted rules against Attio: the attributes exist with a usable type and
// every named value is one of Attio's options. Problems go beside their field.
func checkRules(rules routing.Rules, rc rulesContext, typeChoices, statusChoices []string) (fields views.FormErrors, rows map[int]string) {
	fields, rows = views.FormErrors{}, map[int]string{}
	for _, a := range []struct{ field, slug string }{{"type_attribute", rules.TypeAttribute}, {"status_attribute", rules.StatusAttribute}} {
		if a.slug == "" || rc.types == nil {
			continue
		}
		typ, ok := rc.types[a.slug]
		switch {
		case !ok:
			fields[a.field] = fmt.Sprintf("Attio's Projects have no attribute %q.", a.slug)
		case !rulesAttrTypes[typ]:
			fields[a.field] = fmt.Sprintf("%q is a %s attribute; choose a select, status or text attribute.", a.slug, typ)
		}
	}
	for i, e := range rules.Exclusions {
		switch {
		case e.Type != routing.Wildcard && e.Type != "" && typeChoices != nil && !views.ChoiceListed(typeChoices, e.Type):
			rows[i] = fmt.Sprintf("Attio has no type %q in %s.", e.Type, rules.TypeAttribute)
		case e.Status != routing.Wildcard && e.Status != "" && statusChoices != nil && !views.ChoiceListed(statusChoices, e.Status):
			rows[i] = fmt.Sprintf("Attio has no status %q in %s.", e.Status, rules.StatusAttribute)
		}
	}
	if len(fields) > 0 || len(rows) > 0 {
		return fields, rows
	}
	if err := rules.Validate(); err != nil {
		msg := err.Error()
		if m := ruleNumber.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			rows[n-1] = msg
		} else if strings.HasPrefix(msg, "type attribute") {
			fields["type_attribute"] = msg
		} else if strings.HasPrefix(msg, "status attribute") || strings.Contains(msg, "must differ") {
			fields["status_attribute"] = msg
		} else {
			fields["rules"] = msg
		}
	}
	return fields, rows
}

// recentEntries lists the newest delivered time entries for the simulator.
func (h *console) recentEntries(ctx context.Context, conn *connection.Connection) []views.RecentEntry {
	jobs, err := h.Store.ConsoleRecentTimeEntries(ctx, store.ConsoleRecentTimeEntriesParams{ConnectionID: conn.ID, Lim: 15})
	if err != nil {
		return nil
	}
	var out []views.RecentEntry
	for _, j := range jobs {
		ev, err := togglevent.Parse(j.Body)
		if err != nil || ev.TimeEntry == nil {
			continue
		}
		te := ev.TimeEntry
		e := views.RecentEntry{JobID: j.ID, EntryID: te.ID, Description: "(no description)", Project: "no project", When: views.FmtMs(j.ReceivedAt)}
		if te.Description != nil && *te.Description != "" {
			e.Description = *te.Description
		}
		if p, _, _ := h.cachedNames(ctx, conn.ID, te); p != nil {
			e.Project = "project " + strconv.FormatInt(p.ID, 10)
			if p.Name != "" {
				e.Project += " " + strconv.Quote(p.Name)
			}
		}
		out = append(out, e)
	}
	return out
}

// pastedTimeEntry reads a pasted Toggl webhook body, or a bare time entry wrapped as one.
func pastedTimeEntry(paste string, conn *connection.Connection) (*togglevent.TimeEntry, error) {
	body := []byte(strings.TrimSpace(paste))
	ev, err := togglevent.Parse(body)
	if err != nil {
		var probe struct {
			Metadata    json.RawMessage `json:"metadata"`
			WorkspaceID *int64          `json:"workspace_id"`
			WID         *int64          `json:"wid"`
		}
		if json.Unmarshal(body, &probe) != nil {
			return nil, fmt.Errorf("this is not JSON: paste a Toggl webhook body or a time entry object")
		}
		if probe.Metadata != nil {
			return nil, err
		}
		meta := map[string]string{"model": togglevent.ModelTimeEntry, "action": togglevent.ActionUpdated}
		if probe.WorkspaceID == nil && probe.WID == nil {
			meta["workspace_id"] = strconv.FormatInt(conn.TogglWorkspaceID, 10)
		}
		wrapped, _ := json.Marshal(map[string]any{"event_id": 0, "created_at": "2000-01-01T00:00:00Z", "subscription_id": 1,
			"metadata": meta, "payload": json.RawMessage(body)})
		if ev, err = togglevent.Parse(wrapped); err != nil {
			return nil, err
		}
	}
	if ev.TimeEntry == nil {
		return nil, fmt.Errorf("this is a %s event; the simulator routes time entries", orWord(ev.Model, "ping"))
	}
	return ev.TimeEntry, nil
}

func orWord(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func listed(ss []string, v string) bool {
	for _, s := range ss {
		if s == v {
			return true
		}
	}
	return false
}
