package attiosim

import "net/http"

// recordValuesInput reads data.values, required on every record write (SPEC request bodies).
func recordValuesInput(c *call) (map[string]any, *apiError) {
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	return objectField(d, "values", []any{"data"})
}

func (s *Sim) createRecordHTTP(c *call) (any, *apiError) {
	obj, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	values, e := recordValuesInput(c)
	if e != nil {
		return nil, e
	}
	r, e := s.createRecord(c, obj, values)
	if e != nil {
		return nil, e
	}
	return dataOf(s.recordJSON(r)), nil // docs/api/attio.md §3 "200 → {"data":Record} (200, not 201)"
}

// assertRecord: docs/api/attio.md §3 "PUT /v2/objects/{object}/records?matching_attribute=<slug|id> …
// matching_attribute required query param, must be a unique attribute. If matched → update else
// create"; errors "400 value_not_found ("No attribute was found for matching_attribute slug/ID …")"
// and "non-unique matching attribute → 400 matching_attribute_definition_not_unique".
func (s *Sim) assertRecord(c *call) (any, *apiError) {
	obj, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	ref := c.r.URL.Query().Get("matching_attribute")
	if ref == "" {
		return nil, errBodyField([]any{"matching_attribute"}, "string", "undefined", "Required")
	}
	values, e := recordValuesInput(c)
	if e != nil {
		return nil, e
	}
	ma := findAttr(obj.attrs, ref)
	if ma == nil || ma.archived {
		return nil, errValueNotFound("No attribute was found for matching_attribute slug/ID \"%s\".", ref)
	}
	if !ma.unique || !ma.writable {
		return nil, invalidRequest(http.StatusBadRequest, "matching_attribute_definition_not_unique",
			"The matching attribute specified is not a unique attribute.")
	}
	raw, ok := values[ma.slug]
	if !ok {
		raw, ok = values[ma.id]
	}
	if !ok {
		return nil, errValidation("The values must include the matching attribute \"%s\".", ma.slug)
	}
	items, e := valueItems(ma, raw)
	if e != nil {
		return nil, e
	}
	var match *record
	for _, item := range items {
		f, e := s.parseInput(ma, item, c.actor, c.now)
		if e != nil {
			return nil, e
		}
		if r := s.findByUnique(obj, ma, valueKey(ma, f), nil); r != nil {
			if match != nil && match != r {
				return nil, invalidRequest(http.StatusBadRequest, "multiple_match_results",
					"Multiple records were found matching the values of \"%s\".", ma.slug)
			}
			match = r
		}
	}
	if match == nil {
		r, e := s.createRecord(c, obj, values)
		if e != nil {
			return nil, e
		}
		return dataOf(s.recordJSON(r)), nil
	}
	if e := s.updateRecord(c, match, values, modeOverwrite, ma); e != nil {
		return nil, e
	}
	return dataOf(s.recordJSON(match)), nil
}

func (s *Sim) recordParam(c *call) (*record, *apiError) {
	obj, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	return s.recordOf(obj, c.params["record_id"])
}

func (s *Sim) getRecord(c *call) (any, *apiError) {
	r, e := s.recordParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.recordJSON(r)), nil
}

// patchRecord: docs/api/attio.md §3 "PATCH … update; multiselect values are appended/prepended".
func (s *Sim) patchRecord(c *call) (any, *apiError) { return s.writeRecord(c, modeAppend) }

// putRecord: docs/api/attio.md §3 "PUT …/{record_id} update; multiselect values overwritten".
func (s *Sim) putRecord(c *call) (any, *apiError) { return s.writeRecord(c, modeOverwrite) }

func (s *Sim) writeRecord(c *call, mode writeMode) (any, *apiError) {
	r, e := s.recordParam(c)
	if e != nil {
		return nil, e
	}
	values, e := recordValuesInput(c)
	if e != nil {
		return nil, e
	}
	if e := s.updateRecord(c, r, values, mode, nil); e != nil {
		return nil, e
	}
	return dataOf(s.recordJSON(r)), nil
}

// deleteRecordHTTP: docs/api/attio.md §3 "DELETE … 200 {}".
func (s *Sim) deleteRecordHTTP(c *call) (any, *apiError) {
	r, e := s.recordParam(c)
	if e != nil {
		return nil, e
	}
	s.deleteRecord(c, r)
	return map[string]any{}, nil
}

func (s *Sim) queryRecords(c *call) (any, *apiError) {
	obj, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	q, e := s.parseQuery(c, scope{obj: obj, attrs: obj.attrs})
	if e != nil {
		return nil, e
	}
	all := make([]valueOwner, 0, len(s.byObject[obj.id]))
	for _, r := range s.byObject[obj.id] {
		all = append(all, r)
	}
	out := []any{}
	for _, o := range s.run(q, all, func(o valueOwner) int64 { return o.(*record).seq }) {
		out = append(out, s.recordJSON(o.(*record)))
	}
	return dataOf(out), nil
}

// historyJSON answers the values endpoints (docs/api/attio.md §3 "GET …/attributes/{attribute}/values?
// show_historic=&limit=&offset= | value history").
func (s *Sim) historyJSON(c *call, o valueOwner, a *attribute) (any, *apiError) {
	historic, e := c.queryBool("show_historic")
	if e != nil {
		return nil, e
	}
	limit, offset, e := c.pageParams(-1, 1, 0)
	if e != nil {
		return nil, e
	}
	vals := s.currentValues(o, a)
	if historic && !(a.system && !a.writable) {
		vals = o.ownerValues()[a.id]
	}
	out := []any{}
	for _, v := range vals {
		out = append(out, s.valueJSON(a, v))
	}
	return dataOf(page(out, limit, offset)), nil
}

func (s *Sim) recordValues(c *call) (any, *apiError) {
	r, e := s.recordParam(c)
	if e != nil {
		return nil, e
	}
	a := findAttr(r.obj.attrs, c.params["attribute"])
	if a == nil {
		return nil, errAttrNotFound(c.params["attribute"])
	}
	return s.historyJSON(c, r, a)
}

// recordEntries: docs/api/attio.md §3 "GET …/records/{record_id}/entries?limit=&offset= | entries where
// record is parent; default limit 100, max 1000; items {list_id, list_api_slug, entry_id, created_at}".
func (s *Sim) recordEntries(c *call) (any, *apiError) {
	r, e := s.recordParam(c)
	if e != nil {
		return nil, e
	}
	limit, offset, e := c.pageParams(100, 1, 1000)
	if e != nil {
		return nil, e
	}
	out := []any{}
	for _, l := range s.lists {
		for _, en := range s.byList[l.id] {
			if en.parentRecordID == r.id {
				out = append(out, map[string]any{"list_id": l.id, "list_api_slug": l.slug, "entry_id": en.id,
					"created_at": formatTime(en.createdAt)})
			}
		}
	}
	return dataOf(page(out, limit, offset)), nil
}
