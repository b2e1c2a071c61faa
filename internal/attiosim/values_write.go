package attiosim

import (
	"net/http"
	"slices"
	"time"
)

// writeMode is how written values combine with existing ones (docs/api/attio.md §3 endpoint table).
type writeMode int

const (
	modeCreate    writeMode = iota
	modeAppend              // PATCH: "multiselect values are appended/prepended"
	modeOverwrite           // PUT and assert: "multiselect values overwritten" / "created or deleted as necessary"
)

// change is the planned effect of a write on one attribute.
type change struct {
	attr       *attribute
	deactivate []*value
	add        []map[string]any
}

func (c change) empty() bool { return len(c.deactivate) == 0 && len(c.add) == 0 }

// planValues validates written values against attrs and plans their effect on owner (nil when
// creating). appendAttr, if set, is appended to even in overwrite mode: docs/api/attio.md §3 assert "for
// the matching attribute new values are added; for any other multiselect attribute, all values
// will be either created or deleted as necessary".
func (s *Sim) planValues(attrs []*attribute, owner valueOwner, input map[string]any, mode writeMode,
	appendAttr *attribute, writer actor, now time.Time) ([]change, *apiError) {
	keys := make([]string, 0, len(input))
	for k := range input {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := map[*attribute]bool{}
	var plan []change
	for _, key := range keys {
		// docs/api/attio.md §3 "Key = attribute api_slug or attribute_id".
		a := findAttr(attrs, key)
		if a == nil || a.archived {
			return nil, errValueNotFound("Cannot find attribute with slug/ID \"%s\".", key)
		}
		if seen[a] {
			return nil, errValidation("Attribute \"%s\" was given more than once (by slug and by ID).", a.slug)
		}
		seen[a] = true
		if !a.writable {
			return nil, errValidation("Attribute \"%s\" is not writable.", a.slug)
		}
		items, e := valueItems(a, input[key])
		if e != nil {
			return nil, e
		}
		var parsed []map[string]any
		keysSeen := map[string]bool{}
		for _, item := range items {
			f, e := s.parseInput(a, item, writer, now)
			if e != nil {
				return nil, e
			}
			if k := valueKey(a, f); !keysSeen[k] {
				keysSeen[k] = true
				parsed = append(parsed, f)
			}
		}
		var current []*value
		if owner != nil {
			current = activeValues(owner, a)
		}
		effective := mode
		if a == appendAttr {
			effective = modeAppend
		}
		plan = append(plan, combine(a, current, parsed, effective))
	}
	return plan, nil
}

// valueItems accepts "a single value (for single-select attributes), or an array of values (for
// single or multi-select attributes)" (docs/api/attio.md §3 Writing values); null clears.
func valueItems(a *attribute, raw any) ([]any, *apiError) {
	switch v := raw.(type) {
	case nil:
		return nil, nil
	case []any:
		if !a.multiselect && len(v) > 1 {
			return nil, errValidation("Attribute \"%s\" is not multiselect and accepts a single value, got %d.", a.slug, len(v))
		}
		return v, nil
	}
	if a.multiselect {
		return nil, errValidation("Attribute \"%s\" is multiselect: write its values as an array.", a.slug)
	}
	return []any{raw}, nil
}

// combine plans one attribute: single-value attributes are replaced (or cleared by []/null);
// multiselect ones are appended to (append mode, where [] changes nothing) or synced.
func combine(a *attribute, current []*value, items []map[string]any, mode writeMode) change {
	c := change{attr: a}
	has := map[string]*value{}
	for _, v := range current {
		has[valueKey(a, v.fields)] = v
	}
	if !a.multiselect {
		if len(items) == 0 {
			c.deactivate = current
			return c
		}
		if len(current) == 1 && has[valueKey(a, items[0])] != nil {
			return c
		}
		c.deactivate, c.add = current, items[:1]
		return c
	}
	want := map[string]bool{}
	for _, f := range items {
		k := valueKey(a, f)
		want[k] = true
		if has[k] == nil {
			c.add = append(c.add, f)
		}
	}
	if mode != modeAppend {
		for _, v := range current {
			if !want[valueKey(a, v.fields)] {
				c.deactivate = append(c.deactivate, v)
			}
		}
	}
	return c
}

// owners returns every record or entry that holds values of attributes of a's object or list.
func (s *Sim) owners(a *attribute) []valueOwner {
	var out []valueOwner
	if a.target == targetLists {
		for _, e := range s.byList[a.parentID] {
			out = append(out, e)
		}
		return out
	}
	for _, r := range s.byObject[a.parentID] {
		out = append(out, r)
	}
	return out
}

// uniqueHolder returns another owner whose active values of a include key.
func (s *Sim) uniqueHolder(a *attribute, key string, exclude valueOwner) valueOwner {
	for _, o := range s.owners(a) {
		if o == exclude {
			continue
		}
		for _, v := range activeValues(o, a) {
			if valueKey(a, v.fields) == key {
				return o
			}
		}
	}
	return nil
}

// findByUnique returns the record of obj whose active value of a has key.
func (s *Sim) findByUnique(obj *object, a *attribute, key string, exclude *record) *record {
	for _, r := range s.byObject[obj.id] {
		if r == exclude {
			continue
		}
		for _, v := range activeValues(r, a) {
			if valueKey(a, v.fields) == key {
				return r
			}
		}
	}
	return nil
}

// checkUnique rejects values another record/entry already holds (docs/api/attio.md checklist "Enforce:
// unique attributes (400 uniqueness_conflict)"; code from docs/api/attio.md §3 "unique-value conflict on
// create → 400 code:"uniqueness_conflict"" — wording UNCONFIRMED).
func (s *Sim) checkUnique(plan []change, owner valueOwner) *apiError {
	for _, c := range plan {
		if !c.attr.unique {
			continue
		}
		for _, f := range c.add {
			if s.uniqueHolder(c.attr, valueKey(c.attr, f), owner) != nil {
				return invalidRequest(http.StatusBadRequest, "uniqueness_conflict",
					"The value %s provided for unique attribute \"%s\" conflicts with an existing %s.",
					describeFields(c.attr, f), c.attr.slug, ownerNoun(c.attr))
			}
		}
	}
	return nil
}

func ownerNoun(a *attribute) string {
	if a.target == targetLists {
		return "list entry"
	}
	return "record"
}

func describeFields(a *attribute, f map[string]any) string {
	return "\"" + valueKey(a, f) + "\""
}

// addDefaults plans default values for attributes a create did not mention (SPEC
// attribute.default_value: static values, or dynamic "current-user" / ISO 8601 durations).
func (s *Sim) addDefaults(attrs []*attribute, plan []change, writer actor, now time.Time) ([]change, *apiError) {
	mentioned := map[*attribute]bool{}
	for _, c := range plan {
		mentioned[c.attr] = true
	}
	for _, a := range attrs {
		if mentioned[a] || a.defaultValue == nil || a.archived || !a.writable {
			continue
		}
		var items []map[string]any
		switch a.defaultValue["type"] {
		case "static":
			tpl, _ := a.defaultValue["template"].([]any)
			for _, raw := range tpl {
				f, e := s.parseInput(a, stripAttributeType(raw), writer, now)
				if e != nil {
					return nil, e
				}
				items = append(items, f)
			}
		case "dynamic":
			tpl, _ := a.defaultValue["template"].(string)
			if f := dynamicDefault(a, tpl, writer, now); f != nil {
				items = append(items, f)
			}
		}
		if !a.multiselect && len(items) > 1 {
			items = items[:1]
		}
		if len(items) > 0 {
			plan = append(plan, change{attr: a, add: items})
		}
	}
	return plan, nil
}

func dynamicDefault(a *attribute, tpl string, writer actor, now time.Time) map[string]any {
	switch {
	case a.typ == typeActorRef && tpl == "current-user":
		if writer.Type == "workspace-member" || writer.Type == "api-token" {
			return map[string]any{"referenced_actor_type": writer.Type, "referenced_actor_id": writer.ID}
		}
	case a.typ == typeTimestamp:
		return map[string]any{"value": formatTime(addDuration(now, tpl))}
	case a.typ == typeDate:
		return map[string]any{"value": addDuration(now, tpl).UTC().Format("2006-01-02")}
	}
	return nil
}

// checkRequired rejects writes that leave a required attribute empty (docs/api/attio.md §3 "PATCH/PUT 400
// missing_value ("Required value for attribute with ID … was not provided.")"). On create every
// required attribute counts; on update only the ones being changed, as "is_required … does not
// affect existing data" (SPEC attribute.is_required).
func (s *Sim) checkRequired(attrs []*attribute, owner valueOwner, plan []change, creating bool) *apiError {
	byAttr := map[*attribute]change{}
	for _, c := range plan {
		byAttr[c.attr] = c
	}
	for _, a := range attrs {
		if !a.required || a.archived || !a.writable {
			continue
		}
		c, touched := byAttr[a]
		if !creating && !touched {
			continue
		}
		n := len(c.add)
		if owner != nil {
			n += len(activeValues(owner, a)) - len(c.deactivate)
		}
		if n <= 0 {
			return invalidRequest(http.StatusBadRequest, "missing_value",
				"Required value for attribute with ID \"%s\" was not provided.", a.id)
		}
	}
	return nil
}

// apply commits a plan to owner and returns the attributes that changed.
func applyPlan(owner valueOwner, plan []change, writer actor, now time.Time) []*attribute {
	var changed []*attribute
	vals := owner.ownerValues()
	for _, c := range plan {
		if c.empty() {
			continue
		}
		for _, v := range c.deactivate {
			t := now
			v.activeUntil = &t
		}
		for _, f := range c.add {
			vals[c.attr.id] = append(vals[c.attr.id], &value{fields: f, activeFrom: now, actor: writer})
		}
		changed = append(changed, c.attr)
	}
	return changed
}
