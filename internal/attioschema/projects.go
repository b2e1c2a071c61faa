package attioschema

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
)

// RuleAttrTypes are the Project attribute types that can hold a type or a status: the rules
// compare option or status titles, or plain text.
var RuleAttrTypes = map[string]bool{attiotype.Select: true, attiotype.Status: true, attiotype.Text: true}

// ProjectSchema is what the rules are checked against: the Projects object's attributes and
// the choices of the rules' type and status attributes.
type ProjectSchema struct {
	Types  map[string]string // api_slug → type of each live attribute; nil when Attio could not be read
	Titles map[string]string // api_slug → title
	// TypeChoices and StatusChoices are the option or status titles of the rules' attributes;
	// nil for a text attribute or when unknown (the form then takes free text).
	TypeChoices, StatusChoices []string
	Err                        error // the attributes could not be read
	ChoicesErr                 error // the choices could not be read
}

// Problem is the first failure reading the schema, nil when all of it was read.
func (s ProjectSchema) Problem() error {
	if s.Err != nil {
		return s.Err
	}
	return s.ChoicesErr
}

// RuleAttributes lists the attributes that can hold a type or a status, by slug.
func (s ProjectSchema) RuleAttributes() []Attribute {
	var out []Attribute
	for slug, typ := range s.Types {
		if RuleAttrTypes[typ] {
			out = append(out, Attribute{Slug: slug, Title: s.Titles[slug], Type: typ})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Slug < out[j].Slug })
	return out
}

// Projects reads the Projects object's attributes and the choices of rules' type and status
// attributes (archived attributes left out, so naming one reads as missing).
func (r *Reader) Projects(ctx context.Context, conn *connection.Connection, rules routing.Rules) ProjectSchema {
	ac, err := r.client(ctx, conn)
	if err != nil {
		return ProjectSchema{Err: err}
	}
	obj := conn.Settings.Schema.ProjectsObject
	sctx, cancel := r.step(ctx)
	attrs, err := ac.ListAttributes(sctx, attio.Objects, obj, attio.ListAttributesParams{})
	cancel()
	if err != nil {
		return ProjectSchema{Err: err}
	}
	s := ProjectSchema{Types: map[string]string{}, Titles: map[string]string{}}
	for _, a := range attrs {
		if !a.IsArchived {
			s.Types[a.APISlug], s.Titles[a.APISlug] = a.Type, a.Title
		}
	}
	if s.TypeChoices, err = r.choices(ctx, ac, obj, s.Types[rules.TypeAttribute], rules.TypeAttribute); err != nil {
		s.ChoicesErr = err
	}
	if s.StatusChoices, err = r.choices(ctx, ac, obj, s.Types[rules.StatusAttribute], rules.StatusAttribute); err != nil && s.ChoicesErr == nil {
		s.ChoicesErr = err
	}
	return s
}

// choices lists the option or status titles of a Project attribute of type typ; nil for a
// text attribute, an unknown one, or none.
func (r *Reader) choices(ctx context.Context, ac *attio.Client, obj, typ, slug string) ([]string, error) {
	if slug == "" {
		return nil, nil
	}
	ctx, cancel := r.step(ctx)
	defer cancel()
	var titles []string
	switch typ {
	case attiotype.Select:
		opts, err := ac.ListSelectOptions(ctx, attio.Objects, obj, slug, false)
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			titles = append(titles, o.Title)
		}
	case attiotype.Status:
		sts, err := ac.ListStatuses(ctx, attio.Objects, obj, slug, false)
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

var ruleNumber = regexp.MustCompile(`^rule #(\d+)`)

// CheckRules validates rules against the schema: the attributes exist with a usable type and
// every named value is one of Attio's choices (compared as the rules compare). It returns the
// problems per form field (type_attribute, status_attribute, rules) and per exclusion index;
// rules with exclusions are refused while the schema could not be read.
func CheckRules(rules routing.Rules, s ProjectSchema) (fields map[string]string, rows map[int]string) {
	fields, rows = checkRules(rules, s)
	if s.Err != nil && len(rules.Exclusions) > 0 {
		fields["rules"] = "Not saved: Attio's options could not be read to check these rules."
	}
	return fields, rows
}

func checkRules(rules routing.Rules, s ProjectSchema) (fields map[string]string, rows map[int]string) {
	fields, rows = map[string]string{}, map[int]string{}
	for _, a := range []struct{ field, slug string }{{"type_attribute", rules.TypeAttribute}, {"status_attribute", rules.StatusAttribute}} {
		if a.slug == "" || s.Types == nil {
			continue
		}
		typ, ok := s.Types[a.slug]
		switch {
		case !ok:
			fields[a.field] = fmt.Sprintf("Attio's Projects have no attribute %q.", a.slug)
		case !RuleAttrTypes[typ]:
			fields[a.field] = fmt.Sprintf("%q is a %s attribute; choose a select, status or text attribute.", a.slug, typ)
		}
	}
	for i, e := range rules.Exclusions {
		switch {
		case e.Type != routing.Wildcard && e.Type != "" && s.TypeChoices != nil && !ChoiceListed(s.TypeChoices, e.Type):
			rows[i] = fmt.Sprintf("Attio has no type %q in %s.", e.Type, rules.TypeAttribute)
		case e.Status != routing.Wildcard && e.Status != "" && s.StatusChoices != nil && !ChoiceListed(s.StatusChoices, e.Status):
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

// ChoiceListed reports whether v is one of the Attio choices (titles compare like the rules
// do: trimmed, case-insensitive).
func ChoiceListed(choices []string, v string) bool {
	for _, c := range choices {
		if strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(v)) {
			return true
		}
	}
	return false
}

// MaxSearchResults bounds one Project search's answer.
const MaxSearchResults = 20

// ProjectHit is a Project a search found, with the values the rules read from it.
type ProjectHit struct {
	RecordID, Name string
	Detail         string // "type Retainer, status Active" for the rules' attributes; "" without rules
}

// SearchProjects finds up to MaxSearchResults Projects whose name contains q (all Projects for
// an empty q) with one Attio records query. problem says why there is no answer.
func (r *Reader) SearchProjects(ctx context.Context, conn *connection.Connection, q string) (hits []ProjectHit, problem string) {
	ac, err := r.client(ctx, conn)
	if err != nil {
		return nil, "Attio cannot be searched: " + err.Error()
	}
	ctx, cancel := r.step(ctx)
	defer cancel()
	schema := conn.Settings.Schema
	query := attio.Query{Limit: MaxSearchResults}
	if q != "" {
		query.Filter = attio.Filter{schema.ProjectNameAttr: map[string]any{"$contains": q}}
	}
	recs, err := ac.QueryRecords(ctx, schema.ProjectsObject, query)
	if err != nil {
		return nil, "The Attio search failed: " + err.Error()
	}
	for _, rec := range recs {
		hits = append(hits, projectHit(rec, schema, conn.Settings.Rules))
	}
	return hits, ""
}

// projectHit describes one found record: its name (or that it has none) and the values of the
// rules' type and status attributes.
func projectHit(rec attio.Record, schema connection.Schema, rules routing.Rules) ProjectHit {
	h := ProjectHit{RecordID: rec.ID.RecordID, Name: ValueText(rec.Values, schema.ProjectNameAttr)}
	if h.Name == "" {
		h.Name = "(unnamed) " + rec.ID.RecordID
	}
	var detail []string
	if rules.TypeAttribute != "" {
		detail = append(detail, "type "+orNone(ValueText(rec.Values, rules.TypeAttribute)))
	}
	if rules.StatusAttribute != "" {
		detail = append(detail, "status "+orNone(ValueText(rec.Values, rules.StatusAttribute)))
	}
	h.Detail = strings.Join(detail, ", ")
	return h
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// Project reads one Project from Attio, so only a real Project with its current name is
// stored as the fallback; problem says why it cannot be.
func (r *Reader) Project(ctx context.Context, conn *connection.Connection, recordID string) (*connection.ProjectRef, string) {
	if recordID == "" {
		return nil, "Choose a Project from the search results."
	}
	ac, err := r.client(ctx, conn)
	if err != nil {
		return nil, err.Error()
	}
	ctx, cancel := r.step(ctx)
	defer cancel()
	schema := conn.Settings.Schema
	rec, err := ac.GetRecord(ctx, schema.ProjectsObject, recordID)
	if attio.IsNotFound(err) {
		return nil, fmt.Sprintf("Attio has no Project %q (deleted meanwhile?).", recordID)
	}
	if err != nil {
		return nil, "Attio could not be read: " + err.Error()
	}
	return &connection.ProjectRef{RecordID: rec.ID.RecordID, Name: ValueText(rec.Values, schema.ProjectNameAttr)}, ""
}
