package attiosim

import (
	"net/http"
	"slices"
)

// createEntry adds a record to a list (docs/api/attio.md §4 "POST /v2/lists/{list}/entries … "Multiple list
// entries are allowed for the same parent record""; 400 value_not_found "Parent record with
// slug/ID … not found.").
func (s *Sim) createEntry(c *call, l *list, parentObject, parentRecordID string, input map[string]any) (*entry, *apiError) {
	obj, r, e := s.entryParent(l, parentObject, parentRecordID)
	if e != nil {
		return nil, e
	}
	plan, e := s.planValues(l.attrs, nil, input, modeCreate, nil, c.actor, c.now)
	if e != nil {
		return nil, e
	}
	if plan, e = s.addDefaults(l.attrs, plan, c.actor, c.now); e != nil {
		return nil, e
	}
	if e := s.checkUnique(plan, nil); e != nil {
		return nil, e
	}
	if e := s.checkRequired(l.attrs, nil, plan, true); e != nil {
		return nil, e
	}
	en := &entry{id: s.rnd.newID(), list: l, parentObj: obj, parentRecordID: r.id, createdAt: c.now,
		createdBy: c.actor, seq: s.nextSeq(), values: map[string][]*value{}}
	s.entries[en.id] = en
	s.byList[l.id] = append(s.byList[l.id], en)
	applyPlan(en, plan, c.actor, c.now)
	c.events = append(c.events, s.entryEvent("list-entry.created", en, "", c.actor))
	return en, nil
}

func (s *Sim) entryParent(l *list, parentObject, parentRecordID string) (*object, *record, *apiError) {
	obj := s.findObject(parentObject)
	if obj == nil {
		return nil, nil, errValueNotFound("Parent object with slug/ID \"%s\" not found.", parentObject)
	}
	if !containsStr(l.parentObjectIDs, obj.id) {
		return nil, nil, errValidation("Object \"%s\" is not a parent object of list \"%s\".", obj.slug, l.slug)
	}
	r := s.records[parentRecordID]
	if r == nil || r.obj != obj {
		return nil, nil, errValueNotFound("Parent record with slug/ID \"%s\" not found.", parentRecordID)
	}
	return obj, r, nil
}

func (s *Sim) updateEntry(c *call, en *entry, input map[string]any, mode writeMode) *apiError {
	plan, e := s.planValues(en.list.attrs, en, input, mode, nil, c.actor, c.now)
	if e != nil {
		return e
	}
	if e := s.checkUnique(plan, en); e != nil {
		return e
	}
	if e := s.checkRequired(en.list.attrs, en, plan, false); e != nil {
		return e
	}
	c.updated(en, applyPlan(en, plan, c.actor, c.now))
	return nil
}

func (s *Sim) removeEntry(c *call, en *entry) {
	delete(s.entries, en.id)
	list := s.byList[en.list.id]
	for i, x := range list {
		if x == en {
			s.byList[en.list.id] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	c.events = append(c.events, s.entryEvent("list-entry.deleted", en, "", c.actor))
}

// entryCreateBody reads {"data":{"parent_record_id","parent_object","entry_values"}} (docs/api/attio.md §4
// "all three required; entry_values: {} works").
func entryCreateBody(c *call) (string, string, map[string]any, *apiError) {
	d, e := c.data()
	if e != nil {
		return "", "", nil, e
	}
	at := []any{"data"}
	rid, _, e := stringField(d, "parent_record_id", at, true)
	if e != nil {
		return "", "", nil, e
	}
	obj, _, e := stringField(d, "parent_object", at, true)
	if e != nil {
		return "", "", nil, e
	}
	values, e := objectField(d, "entry_values", at)
	if e != nil {
		return "", "", nil, e
	}
	return obj, rid, values, nil
}

func (s *Sim) createEntryHTTP(c *call) (any, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	obj, rid, values, e := entryCreateBody(c)
	if e != nil {
		return nil, e
	}
	en, e := s.createEntry(c, l, obj, rid, values)
	if e != nil {
		return nil, e
	}
	return dataOf(s.entryJSON(en)), nil
}

// assertEntry: docs/api/attio.md §4 "PUT /v2/lists/{list}/entries — assert by parent … Updates the entry
// with that parent or creates one; if several entries share the parent → 400
// multiple_match_results … Multiselect values are synced (created/deleted)".
func (s *Sim) assertEntry(c *call) (any, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	objRef, rid, values, e := entryCreateBody(c)
	if e != nil {
		return nil, e
	}
	if _, _, e := s.entryParent(l, objRef, rid); e != nil {
		return nil, e
	}
	var matches []*entry
	for _, en := range s.byList[l.id] {
		if en.parentRecordID == rid {
			matches = append(matches, en)
		}
	}
	switch len(matches) {
	case 0:
		en, e := s.createEntry(c, l, objRef, rid, values)
		if e != nil {
			return nil, e
		}
		return dataOf(s.entryJSON(en)), nil
	case 1:
		if e := s.updateEntry(c, matches[0], values, modeOverwrite); e != nil {
			return nil, e
		}
		return dataOf(s.entryJSON(matches[0])), nil
	}
	return nil, invalidRequest(http.StatusBadRequest, "multiple_match_results",
		"Multiple entries were founds for the given parent record \"%s\"; use the entry ID to update one.", rid)
}

func (s *Sim) entryParam(c *call) (*entry, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	en := s.entries[c.params["entry_id"]]
	if en == nil || en.list != l {
		return nil, errNotFound("List entry with ID \"%s\" not found.", c.params["entry_id"])
	}
	return en, nil
}

func (s *Sim) getEntry(c *call) (any, *apiError) {
	en, e := s.entryParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.entryJSON(en)), nil
}

// patchEntry: docs/api/attio.md §4 "PATCH … body {"data":{"entry_values":{…}}}; multiselect appended".
func (s *Sim) patchEntry(c *call) (any, *apiError) { return s.writeEntry(c, modeAppend) }

// putEntry: docs/api/attio.md §4 "PUT … multiselect overwritten. Changing parent → 400 immutable_value
// ("The parent record for a list entry cannot be updated once created.")".
func (s *Sim) putEntry(c *call) (any, *apiError) { return s.writeEntry(c, modeOverwrite) }

func (s *Sim) writeEntry(c *call, mode writeMode) (any, *apiError) {
	en, e := s.entryParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := d[k]
		switch k {
		case "entry_values":
		case "parent_record_id", "parent_object":
			if !sameParent(en, k, v) {
				return nil, invalidRequest(http.StatusBadRequest, "immutable_value",
					"The parent record for a list entry cannot be updated once created.")
			}
		default:
			return nil, errBodyField([]any{"data", k}, "never", jsonType(v), "Unrecognized key: \""+k+"\"")
		}
	}
	values, e := objectField(d, "entry_values", []any{"data"})
	if e != nil {
		return nil, e
	}
	if e := s.updateEntry(c, en, values, mode); e != nil {
		return nil, e
	}
	return dataOf(s.entryJSON(en)), nil
}

func sameParent(en *entry, key string, v any) bool {
	str, _ := v.(string)
	if key == "parent_record_id" {
		return str == en.parentRecordID
	}
	return str == en.parentObj.slug || str == en.parentObj.id
}

func (s *Sim) deleteEntryHTTP(c *call) (any, *apiError) {
	en, e := s.entryParam(c)
	if e != nil {
		return nil, e
	}
	s.removeEntry(c, en)
	return map[string]any{}, nil // docs/api/attio.md §4 "DELETE … → 200 {}"
}

// queryEntries: docs/api/attio.md §4 "POST /v2/lists/{list}/entries/query — {filter?, sorts?, limit?
// (default 500), offset? (default 0)} → {"data":[Entry]}".
func (s *Sim) queryEntries(c *call) (any, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	q, e := s.parseQuery(c, scope{list: l, attrs: l.attrs})
	if e != nil {
		return nil, e
	}
	all := make([]valueOwner, 0, len(s.byList[l.id]))
	for _, en := range s.byList[l.id] {
		all = append(all, en)
	}
	out := []any{}
	for _, o := range s.run(q, all, func(o valueOwner) int64 { return o.(*entry).seq }) {
		out = append(out, s.entryJSON(o.(*entry)))
	}
	return dataOf(out), nil
}

func (s *Sim) entryValues(c *call) (any, *apiError) {
	en, e := s.entryParam(c)
	if e != nil {
		return nil, e
	}
	a := findAttr(en.list.attrs, c.params["attribute"])
	if a == nil {
		return nil, errAttrNotFound(c.params["attribute"])
	}
	return s.historyJSON(c, en, a)
}
