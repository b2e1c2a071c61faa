package attiosim

import (
	"slices"
	"time"
)

// attrSpec describes an attribute to create, from the API or from test helpers and seeds.
type attrSpec struct {
	id              string // "" for a random id; seeds pass fixed ones
	slug, title     string
	description     *string
	typ             string
	system          bool
	readOnly        bool
	required        bool
	unique          bool
	multiselect     bool
	allowedObjects  []string // object ids; nil allows all
	currencyCode    *string
	currencyDisplay *string
	options         []string
	statuses        []string
	defaultValue    map[string]any
}

// attrParent resolves {target}/{identifier} to the attribute list of an object or list.
func (s *Sim) attrParent(target, ref string) (*[]*attribute, string, *object, *apiError) {
	if target == targetLists {
		l := s.findList(ref)
		if l == nil {
			return nil, "", nil, errListNotFound(ref)
		}
		return &l.attrs, l.id, nil, nil
	}
	o := s.findObject(ref)
	if o == nil {
		return nil, "", nil, errObjectNotFound(ref)
	}
	return &o.attrs, o.id, o, nil
}

// findAttr resolves an attribute by UUID or api_slug (docs/api/attio.md checklist "Slug-or-UUID
// resolution for … {attribute}").
func findAttr(attrs []*attribute, ref string) *attribute {
	for _, a := range attrs {
		if a.id == ref || a.slug == ref {
			return a
		}
	}
	return nil
}

func errAttrNotFound(ref string) *apiError {
	return errNotFound("Attribute with slug/ID \"%s\" not found.", ref)
}

// attrParam resolves {target}/{identifier}/attributes/{attribute}.
func (s *Sim) attrParam(c *call) (*attribute, *apiError) {
	attrs, _, _, e := s.attrParent(c.params["target"], c.params["identifier"])
	if e != nil {
		return nil, e
	}
	a := findAttr(*attrs, c.params["attribute"])
	if a == nil {
		return nil, errAttrNotFound(c.params["attribute"])
	}
	return a, nil
}

// addAttribute creates an attribute without validation; callers validate.
func (s *Sim) addAttribute(target, parentID string, sp attrSpec, now time.Time) *attribute {
	a := &attribute{
		id: stableOrRandom(s, sp.id), parentID: parentID, target: target, title: sp.title, slug: sp.slug,
		description: sp.description, typ: sp.typ, system: sp.system, writable: !sp.readOnly,
		required: sp.required, unique: sp.unique, multiselect: sp.multiselect, createdAt: now,
		allowedObjectIDs: slices.Clone(sp.allowedObjects), currencyCode: sp.currencyCode,
		currencyDisplay: sp.currencyDisplay, defaultValue: sp.defaultValue,
	}
	childID := func(title string) string {
		if sp.id != "" {
			return stableID(sp.id + "/" + title)
		}
		return s.rnd.newID()
	}
	for _, t := range sp.options {
		a.options = append(a.options, &selectOption{id: childID(t), title: t})
	}
	for _, t := range sp.statuses {
		a.statuses = append(a.statuses, &statusDef{id: childID(t), title: t})
	}
	if target == targetLists {
		l := s.listByID(parentID)
		l.attrs = append(l.attrs, a)
	} else {
		o := s.objectByID(parentID)
		o.attrs = append(o.attrs, a)
	}
	s.attrs[a.id] = a
	return a
}

func stableOrRandom(s *Sim, id string) string {
	if id != "" {
		return id
	}
	return s.rnd.newID()
}

// attrJSON: docs/api/attio.md §2 "Attribute response shape" — note config.record_reference uses
// allowed_object_ids (UUIDs) in responses.
func (s *Sim) attrJSON(a *attribute) map[string]any {
	var rel any
	if a.relationship != nil {
		rel = map[string]any{"id": s.attrIDJSON(a.relationship)}
	}
	var allowed any
	if a.allowedObjectIDs != nil {
		allowed = slices.Clone(a.allowedObjectIDs)
	}
	var def any
	if a.defaultValue != nil {
		def = a.defaultValue
	}
	var desc any
	if a.description != nil {
		desc = *a.description
	}
	return map[string]any{
		"id":                       s.attrIDJSON(a),
		"title":                    a.title,
		"description":              desc,
		"api_slug":                 a.slug,
		"type":                     a.typ,
		"is_system_attribute":      a.system,
		"is_writable":              a.writable,
		"is_required":              a.required,
		"is_unique":                a.unique,
		"is_multiselect":           a.multiselect,
		"is_default_value_enabled": a.defaultValue != nil,
		"is_archived":              a.archived,
		"default_value":            def,
		"relationship":             rel,
		"created_at":               formatTime(a.createdAt),
		"config": map[string]any{
			"currency":         map[string]any{"default_currency_code": strOrNil(a.currencyCode), "display_type": strOrNil(a.currencyDisplay)},
			"record_reference": map[string]any{"allowed_object_ids": allowed},
		},
	}
}

func (s *Sim) attrIDJSON(a *attribute) map[string]any {
	return map[string]any{"workspace_id": s.workspace.id, "object_id": a.parentID, "attribute_id": a.id}
}

func strOrNil(p *string) any {
	if p == nil {
		return nil
	}
	return *p
}

// listAttributes: docs/api/attio.md §2 "GET /v2/{target}/{identifier}/attributes — query limit, offset,
// show_archived; returns {"data":[Attribute…]} in UI order".
func (s *Sim) listAttributes(c *call) (any, *apiError) {
	attrs, _, _, e := s.attrParent(c.params["target"], c.params["identifier"])
	if e != nil {
		return nil, e
	}
	showArchived, e := c.queryBool("show_archived")
	if e != nil {
		return nil, e
	}
	limit, offset, e := c.pageParams(-1, 0, 0)
	if e != nil {
		return nil, e
	}
	out := []any{}
	for _, a := range *attrs {
		if !a.archived || showArchived {
			out = append(out, s.attrJSON(a))
		}
	}
	return dataOf(page(out, limit, offset)), nil
}

func (s *Sim) getAttribute(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.attrJSON(a)), nil
}
