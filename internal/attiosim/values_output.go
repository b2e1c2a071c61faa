package attiosim

import "strconv"

// currentValues returns the active values of a on owner. The system attributes record_id,
// created_at and created_by are derived from the record itself (docs/api/attio.md §2 "Every record also
// exposes system attributes such as record_id (type text, not writable), created_at
// (timestamp), created_by (actor-reference)").
func (s *Sim) currentValues(o valueOwner, a *attribute) []*value {
	if r, ok := o.(*record); ok && a.system && !a.writable {
		v := &value{activeFrom: r.createdAt, actor: systemActor}
		switch a.slug {
		case "record_id":
			v.fields = map[string]any{"value": r.id}
		case "created_at":
			v.fields = map[string]any{"value": formatTime(r.createdAt)}
		case "created_by":
			v.fields = map[string]any{"referenced_actor_type": r.createdBy.Type, "referenced_actor_id": idOrNil(r.createdBy.ID)}
		default:
			return nil
		}
		return []*value{v}
	}
	return activeValues(o, a)
}

func idOrNil(id string) any {
	if id == "" {
		return nil
	}
	return id
}

// valueJSON renders one value (docs/api/attio.md §3 "Output (read) value shapes per attribute_type": all
// include active_from, active_until, created_by_actor, attribute_type plus the type's fields).
func (s *Sim) valueJSON(a *attribute, v *value) map[string]any {
	out := map[string]any{
		"active_from":      formatTime(v.activeFrom),
		"active_until":     nil,
		"created_by_actor": v.actor.json(),
		"attribute_type":   a.typ,
	}
	if v.activeUntil != nil {
		out["active_until"] = formatTime(*v.activeUntil)
	}
	for k, x := range v.fields {
		out[k] = x
	}
	switch a.typ {
	case typeSelect:
		// select: "option: {"id":{…,option_id},"title","is_archived"}" (docs show the object form).
		if o := findOption(a, v.fields["option"].(string)); o != nil {
			out["option"] = s.optionJSON(a, o)
		}
	case typeStatus:
		if st := findStatus(a, v.fields["status"].(string)); st != nil {
			out["status"] = s.statusJSON(a, st)
		}
	case typeRecordRef:
		// "record-reference: target_object (slug), target_record_id (uuid)".
		if o := s.objectByID(v.fields["target_object"].(string)); o != nil {
			out["target_object"] = o.slug
		}
	case typeCurrency:
		if s.cfg.Compat.CurrencyValueAsString {
			out["currency_value"] = strconv.FormatFloat(v.fields["currency_value"].(float64), 'f', 2, 64)
		}
	}
	return out
}

// valuesJSON renders every attribute's active values keyed by api_slug (docs/api/attio.md §3 "values is
// keyed by api_slug, each an array of value objects"). Empty attributes show as [] unless
// Compat.OmitEmptyValues.
func (s *Sim) valuesJSON(o valueOwner, attrs []*attribute) map[string]any {
	out := map[string]any{}
	for _, a := range attrs {
		if a.archived {
			continue
		}
		vals := s.currentValues(o, a)
		if len(vals) == 0 && s.cfg.Compat.OmitEmptyValues {
			continue
		}
		list := make([]any, 0, len(vals))
		for _, v := range vals {
			list = append(list, s.valueJSON(a, v))
		}
		out[a.slug] = list
	}
	return out
}

// recordJSON: docs/api/attio.md §3 "Record response shape" with id, created_at, web_url, values.
func (s *Sim) recordJSON(r *record) map[string]any {
	return map[string]any{
		"id":         map[string]any{"workspace_id": s.workspace.id, "object_id": r.obj.id, "record_id": r.id},
		"created_at": formatTime(r.createdAt),
		"web_url":    "https://app.attio.com/" + s.workspace.slug + "/" + r.obj.slugForURL() + "/" + r.id,
		"values":     s.valuesJSON(r, r.obj.attrs),
	}
}

// slugForURL follows the fixture "https://app.attio.com/<workspace-slug>/person/<record_id>".
func (o *object) slugForURL() string {
	if o.standard {
		switch o.slug {
		case "people":
			return "person"
		case "companies":
			return "company"
		}
	}
	return o.slug
}

// entryJSON: docs/api/attio.md §4 "Entry shape: {"id":{"workspace_id","list_id","entry_id"},
// "parent_record_id","parent_object" (slug),"created_at","entry_values":{slug:[value…]}}".
func (s *Sim) entryJSON(e *entry) map[string]any {
	return map[string]any{
		"id":               map[string]any{"workspace_id": s.workspace.id, "list_id": e.list.id, "entry_id": e.id},
		"parent_record_id": e.parentRecordID,
		"parent_object":    e.parentObj.slug,
		"created_at":       formatTime(e.createdAt),
		"entry_values":     s.valuesJSON(e, e.list.attrs),
	}
}
