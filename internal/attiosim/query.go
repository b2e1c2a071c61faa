package attiosim

import (
	"math"
	"slices"
)

// sortKey is one parsed sort (docs/api/attio.md §3 "Sorts: [{"direction":"asc","attribute":"name",
// "field":"last_name"}] or [{"direction":"asc","path":[["people","company"],["companies","name"]]}]").
type sortKey struct {
	desc  bool
	steps []pathStep // references to follow before reading attr
	attr  *attribute
	field string
}

func (s *Sim) compileSorts(sc scope, raw any) ([]sortKey, *apiError) {
	if raw == nil {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, errFilter("sorts must be an array")
	}
	var out []sortKey
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, errFilter("sorts[%d] must be an object", i)
		}
		var k sortKey
		switch m["direction"] {
		case "asc":
		case "desc":
			k.desc = true
		default:
			return nil, errBodyField([]any{"sorts", i, "direction"}, "'asc' | 'desc'", jsonType(m["direction"]), "Invalid enum value")
		}
		switch {
		case m["attribute"] != nil:
			ref, _ := m["attribute"].(string)
			a, e := s.filterAttr(sc, ref)
			if e != nil {
				return nil, e
			}
			k.attr = a
		case m["path"] != nil:
			steps, e := s.resolvePath(sc, m["path"])
			if e != nil {
				return nil, e
			}
			k.steps, k.attr = steps[:len(steps)-1], steps[len(steps)-1].attr
		default:
			return nil, errBodyField([]any{"sorts", i, "attribute"}, "string", "undefined", "Required")
		}
		k.field = typeProperties[k.attr.typ][0]
		if f, ok := m["field"].(string); ok {
			if !slices.Contains(typeProperties[k.attr.typ], f) {
				return nil, errFilter("attribute %q has no field %q to sort by", k.attr.slug, f)
			}
			k.field = f
		}
		out = append(out, k)
	}
	return out, nil
}

// sortValue is the first value's field; select options and statuses sort by title.
func (s *Sim) sortValue(o valueOwner, k sortKey) any {
	for _, target := range s.walk(o, k.steps) {
		for _, v := range s.valuesFor(target, k.attr) {
			c := s.propCandidates(k.attr, v, k.field)
			if len(c) == 0 {
				continue
			}
			return c[len(c)-1]
		}
	}
	return nil
}

// sortOwners orders by the sort keys (empty values last ascending, first descending, as in
// Postgres), then by creation order.
func (s *Sim) sortOwners(items []valueOwner, keys []sortKey, seq func(valueOwner) int64) {
	slices.SortStableFunc(items, func(x, y valueOwner) int {
		for _, k := range keys {
			a, b := s.sortValue(x, k), s.sortValue(y, k)
			var cmp int
			switch {
			case a == nil && b == nil:
				cmp = 0
			case a == nil:
				cmp = 1
			case b == nil:
				cmp = -1
			default:
				cmp, _ = compareValues(a, b)
			}
			if k.desc {
				cmp = -cmp
			}
			if cmp != 0 {
				return cmp
			}
		}
		return int(seq(x) - seq(y))
	})
}

// queryBody reads {filter?, sorts?, limit? (default 500), offset? (default 0)} (docs/api/attio.md §3
// records/query; §4 entries/query).
type queryBody struct {
	filter        predicate
	sorts         []sortKey
	limit, offset int
}

func (s *Sim) parseQuery(c *call, sc scope) (queryBody, *apiError) {
	q := queryBody{limit: 500}
	b, e := c.jsonBody()
	if e != nil {
		return q, e
	}
	if raw, ok := b["filter"]; ok && raw != nil {
		m, ok := raw.(map[string]any)
		if !ok {
			return q, errFilter("filter must be an object")
		}
		if q.filter, e = s.compileFilter(sc, m); e != nil {
			return q, e
		}
	}
	if q.sorts, e = s.compileSorts(sc, b["sorts"]); e != nil {
		return q, e
	}
	for key, dst := range map[string]*int{"limit": &q.limit, "offset": &q.offset} {
		raw, ok := b[key]
		if !ok || raw == nil {
			continue
		}
		n, isNum := raw.(float64)
		if !isNum || n != math.Trunc(n) || n < 0 || (key == "limit" && n < 1) {
			return q, errBodyField([]any{key}, "number", jsonType(raw), "Expected a non-negative integer")
		}
		*dst = int(n)
	}
	if max := s.cfg.Compat.QueryMaxLimit; max > 0 && q.limit > max {
		return q, errValidation("limit must not exceed %d.", max)
	}
	return q, nil
}

// run filters, sorts and pages owners.
func (s *Sim) run(q queryBody, all []valueOwner, seq func(valueOwner) int64) []valueOwner {
	var hits []valueOwner
	for _, o := range all {
		if q.filter == nil || q.filter(o) {
			hits = append(hits, o)
		}
	}
	s.sortOwners(hits, q.sorts, seq)
	return page(hits, q.limit, q.offset)
}
