package attiosim

import "strings"

// optionJSON: docs/api/attio.md §2 "SelectOption: {"id":{"workspace_id","object_id","attribute_id",
// "option_id"},"title","is_archived"}".
func (s *Sim) optionJSON(a *attribute, o *selectOption) map[string]any {
	return map[string]any{
		"id":          map[string]any{"workspace_id": s.workspace.id, "object_id": a.parentID, "attribute_id": a.id, "option_id": o.id},
		"title":       o.title,
		"is_archived": o.archived,
	}
}

// statusJSON: docs/api/attio.md §2 "Status: {"id":{…,"status_id"},"title","is_archived",
// "celebration_enabled","target_time_in_status"}".
func (s *Sim) statusJSON(a *attribute, st *statusDef) map[string]any {
	return map[string]any{
		"id":                    map[string]any{"workspace_id": s.workspace.id, "object_id": a.parentID, "attribute_id": a.id, "status_id": st.id},
		"title":                 st.title,
		"is_archived":           st.archived,
		"celebration_enabled":   st.celebrationEnabled,
		"target_time_in_status": strOrNil(st.targetTime),
	}
}

// findOption resolves a select option by id or title (docs/api/attio.md §3 select input "option title
// string … or {"option":"<title or option_id>"}").
func findOption(a *attribute, ref string) *selectOption {
	for _, o := range a.options {
		if o.id == ref || o.title == ref {
			return o
		}
	}
	return nil
}

func findStatus(a *attribute, ref string) *statusDef {
	for _, st := range a.statuses {
		if st.id == ref || st.title == ref {
			return st
		}
	}
	return nil
}

func (s *Sim) listOptions(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	if a.typ != typeSelect {
		return nil, errValidation("This attribute is not a select attribute.")
	}
	showArchived, e := c.queryBool("show_archived")
	if e != nil {
		return nil, e
	}
	out := []any{}
	for _, o := range a.options {
		if !o.archived || showArchived {
			out = append(out, s.optionJSON(a, o))
		}
	}
	return dataOf(out), nil
}

// addOption: docs/api/attio.md §2 "POST …/options body {"data":{"title":"Medium"}}; 400 validation_type
// "This attribute is not a select attribute."; 409 slug_conflict "There is already another select
// option with the title "Medium".""
func (s *Sim) addOption(a *attribute, title string) (*selectOption, *apiError) {
	if a.typ != typeSelect {
		return nil, errValidation("This attribute is not a select attribute.")
	}
	if strings.TrimSpace(title) == "" {
		return nil, errValidation("title must not be empty.")
	}
	for _, o := range a.options {
		if o.title == title {
			return nil, errSlugConflict("There is already another select option with the title \"%s\".", title)
		}
	}
	o := &selectOption{id: s.rnd.newID(), title: title}
	a.options = append(a.options, o)
	return o, nil
}

func (s *Sim) createOptionHTTP(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	title, _, e := stringField(d, "title", []any{"data"}, true)
	if e != nil {
		return nil, e
	}
	o, e := s.addOption(a, title)
	if e != nil {
		return nil, e
	}
	return dataOf(s.optionJSON(a, o)), nil
}

// patchOption: docs/api/attio.md §2 "PATCH …/options/{option} body {"data":{"title"?, "is_archived"?}}".
func (s *Sim) patchOption(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	if a.typ != typeSelect {
		return nil, errValidation("This attribute is not a select attribute.")
	}
	o := findOption(a, c.params["option"])
	if o == nil {
		return nil, errNotFound("Select option with title/ID \"%s\" not found.", c.params["option"])
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	title, hasTitle, e := stringField(d, "title", []any{"data"}, false)
	if e != nil {
		return nil, e
	}
	archived, hasArchived, e := boolField(d, "is_archived", []any{"data"}, false)
	if e != nil {
		return nil, e
	}
	if hasTitle {
		if other := findOption(a, title); other != nil && other != o {
			return nil, errSlugConflict("There is already another select option with the title \"%s\".", title)
		}
		o.title = title
	}
	if hasArchived {
		o.archived = archived
	}
	return dataOf(s.optionJSON(a, o)), nil
}

func (s *Sim) listStatuses(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	if a.typ != typeStatus {
		return nil, errValidation("This attribute is not a status attribute.")
	}
	showArchived, e := c.queryBool("show_archived")
	if e != nil {
		return nil, e
	}
	out := []any{}
	for _, st := range a.statuses {
		if !st.archived || showArchived {
			out = append(out, s.statusJSON(a, st))
		}
	}
	return dataOf(out), nil
}

// addStatus: docs/api/attio.md §2 "POST …/statuses body {"data":{"title", "celebration_enabled"? (default
// false), "target_time_in_status"? (ISO-8601 duration|null)}}".
func (s *Sim) addStatus(a *attribute, title string, celebration bool, target *string) (*statusDef, *apiError) {
	if a.typ != typeStatus {
		return nil, errValidation("This attribute is not a status attribute.")
	}
	if strings.TrimSpace(title) == "" {
		return nil, errValidation("title must not be empty.")
	}
	if target != nil && !isoDuration.MatchString(*target) {
		return nil, errValidation("target_time_in_status must be an ISO 8601 duration.")
	}
	for _, st := range a.statuses {
		if st.title == title {
			return nil, errSlugConflict("There is already another status with the title \"%s\".", title)
		}
	}
	st := &statusDef{id: s.rnd.newID(), title: title, celebrationEnabled: celebration, targetTime: target}
	a.statuses = append(a.statuses, st)
	return st, nil
}

func (s *Sim) createStatusHTTP(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	at := []any{"data"}
	title, _, e := stringField(d, "title", at, true)
	if e != nil {
		return nil, e
	}
	celebration, _, e := boolField(d, "celebration_enabled", at, false)
	if e != nil {
		return nil, e
	}
	var target *string
	if raw, ok := d["target_time_in_status"]; ok && raw != nil {
		v, isStr := raw.(string)
		if !isStr {
			return nil, errBodyField([]any{"data", "target_time_in_status"}, "string", jsonType(raw), "Expected string or null")
		}
		target = &v
	}
	st, e := s.addStatus(a, title, celebration, target)
	if e != nil {
		return nil, e
	}
	return dataOf(s.statusJSON(a, st)), nil
}

// patchStatus: docs/api/attio.md §2 "PATCH …/statuses/{status} (+ is_archived)".
func (s *Sim) patchStatus(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	if a.typ != typeStatus {
		return nil, errValidation("This attribute is not a status attribute.")
	}
	st := findStatus(a, c.params["status"])
	if st == nil {
		return nil, errNotFound("Status with title/ID \"%s\" not found.", c.params["status"])
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	at := []any{"data"}
	if v, ok, e := stringField(d, "title", at, false); e != nil {
		return nil, e
	} else if ok {
		if other := findStatus(a, v); other != nil && other != st {
			return nil, errSlugConflict("There is already another status with the title \"%s\".", v)
		}
		st.title = v
	}
	if v, ok, e := boolField(d, "is_archived", at, false); e != nil {
		return nil, e
	} else if ok {
		st.archived = v
	}
	if v, ok, e := boolField(d, "celebration_enabled", at, false); e != nil {
		return nil, e
	} else if ok {
		st.celebrationEnabled = v
	}
	if raw, ok := d["target_time_in_status"]; ok {
		switch v := raw.(type) {
		case nil:
			st.targetTime = nil
		case string:
			if !isoDuration.MatchString(v) {
				return nil, errValidation("target_time_in_status must be an ISO 8601 duration.")
			}
			st.targetTime = &v
		}
	}
	return dataOf(s.statusJSON(a, st)), nil
}
