package attiosim

import (
	"slices"
	"strings"
)

// scope is what is being queried: an object's records or a list's entries.
type scope struct {
	obj   *object
	list  *list
	attrs []*attribute
}

func (sc scope) names(ref string) bool {
	if sc.obj != nil {
		return ref == sc.obj.id || ref == sc.obj.slug
	}
	return ref == sc.list.id || ref == sc.list.slug
}

type predicate func(o valueOwner) bool

// errFilter: docs/api/attio.md §3 "query 400 filter_error ("Error in filter.")".
func errFilter(format string, args ...any) *apiError {
	return invalidRequest(400, "filter_error", "Error in filter: "+format, args...)
}

// compileFilter parses the filter grammar of docs/api/attio.md §3 "Filter syntax": shorthand
// ({"name":"John"} = implicit $eq, implicit $and across keys), verbose per-property operators,
// $and/$or/$not, and path drill-downs.
func (s *Sim) compileFilter(sc scope, f map[string]any) (predicate, *apiError) {
	if _, hasPath := f["path"]; hasPath {
		return s.compilePath(sc, f)
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var parts []predicate
	for _, k := range keys {
		raw := f[k]
		switch k {
		case "$and", "$or":
			list, ok := raw.([]any)
			if !ok {
				return nil, errFilter("%s expects an array of filters", k)
			}
			var subs []predicate
			for _, item := range list {
				m, ok := item.(map[string]any)
				if !ok {
					return nil, errFilter("%s items must be filter objects", k)
				}
				p, e := s.compileFilter(sc, m)
				if e != nil {
					return nil, e
				}
				subs = append(subs, p)
			}
			parts = append(parts, combinePredicates(subs, k == "$or"))
		case "$not":
			m, ok := raw.(map[string]any)
			if !ok {
				return nil, errFilter("$not expects a filter object")
			}
			p, e := s.compileFilter(sc, m)
			if e != nil {
				return nil, e
			}
			parts = append(parts, func(o valueOwner) bool { return !p(o) })
		default:
			if strings.HasPrefix(k, "$") {
				return nil, errFilter("unknown logical operator %s", k)
			}
			a, e := s.filterAttr(sc, k)
			if e != nil {
				return nil, e
			}
			p, e := s.compileCondition(a, raw)
			if e != nil {
				return nil, e
			}
			parts = append(parts, p)
		}
	}
	return combinePredicates(parts, false), nil
}

func combinePredicates(ps []predicate, or bool) predicate {
	return func(o valueOwner) bool {
		for _, p := range ps {
			if p(o) == or {
				return or
			}
		}
		return !or
	}
}

// filterAttr resolves a filter key: an attribute slug/ID, or the special record_id (records,
// docs/api/attio.md §3 "Record id: {"record_id":{"$in":[…]}}") and parent_record (entries, "parent_record
// is a special attribute on every list entry").
func (s *Sim) filterAttr(sc scope, ref string) (*attribute, *apiError) {
	if a := findAttr(sc.attrs, ref); a != nil && !a.archived {
		return a, nil
	}
	if sc.list != nil && ref == parentRecordAttr {
		return &attribute{id: parentRecordAttr, slug: parentRecordAttr, typ: typeRecordRef}, nil
	}
	if sc.list != nil && ref == entryIDFilterField {
		return &attribute{id: entryIDFilterField, slug: entryIDFilterField, typ: typeText}, nil
	}
	return nil, errFilter("unknown attribute %q", ref)
}

// valuesFor returns the values a filter or sort sees, including the pseudo attributes.
func (s *Sim) valuesFor(o valueOwner, a *attribute) []*value {
	if e, ok := o.(*entry); ok {
		switch a.id {
		case parentRecordAttr:
			return []*value{{fields: map[string]any{"target_object": e.parentObj.id, "target_record_id": e.parentRecordID},
				activeFrom: e.createdAt, actor: e.createdBy}}
		case entryIDFilterField:
			return []*value{{fields: map[string]any{"value": e.id}, activeFrom: e.createdAt, actor: e.createdBy}}
		}
	}
	return s.currentValues(o, a)
}

// properties per type (docs/api/attio.md §3 "per-attribute properties (full_name, email_address,
// locality, root_domain, …)"); the first one is what shorthand compares.
var typeProperties = map[string][]string{
	typeText: {"value"}, typeNumber: {"value"}, typeCheckbox: {"value"}, typeDate: {"value"},
	typeTimestamp: {"value"}, typeRating: {"value"},
	typeCurrency:     {"currency_value", "currency_code"},
	typeSelect:       {"option"},
	typeStatus:       {"status"},
	typeRecordRef:    {"target_record_id", "target_object"},
	typeActorRef:     {"referenced_actor_id", "referenced_actor_type"},
	typeDomain:       {"domain", "root_domain"},
	typeEmail:        {"email_address", "original_email_address", "email_domain", "email_root_domain", "email_local_specifier"},
	typePhone:        {"phone_number", "original_phone_number", "country_code"},
	typePersonalName: {"full_name", "first_name", "last_name"},
	typeLocation:     {"locality", "line_1", "line_2", "line_3", "line_4", "region", "postcode", "country_code", "latitude", "longitude"},
}

// constraint is one operator on one property of a value.
type constraint struct {
	prop, op string
	arg      any
}

// compileCondition reads an attribute's filter value: a literal (implicit $eq on the default
// property), an operator object ({"$contains":"x"}), or a property object
// ({"target_object":"companies","target_record_id":"…"}, {"full_name":{"$eq":"…"}}).
func (s *Sim) compileCondition(a *attribute, raw any) (predicate, *apiError) {
	props := typeProperties[a.typ]
	var cons []constraint
	addOps := func(prop string, v any) *apiError {
		m, ok := v.(map[string]any)
		if !ok || !allOperators(m) {
			cons = append(cons, constraint{prop: prop, op: "$eq", arg: v})
			return nil
		}
		ops := make([]string, 0, len(m))
		for op := range m {
			ops = append(ops, op)
		}
		slices.Sort(ops)
		for _, op := range ops {
			if !slices.Contains(operators, op) {
				return errFilter("unknown operator %s on attribute %q", op, a.slug)
			}
			cons = append(cons, constraint{prop: prop, op: op, arg: m[op]})
		}
		return nil
	}
	if m, ok := raw.(map[string]any); ok && !allOperators(m) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, prop := range keys {
			if !slices.Contains(props, prop) && prop != "active_from" && prop != "active_until" {
				return nil, errFilter("attribute %q of type %s has no property %q", a.slug, a.typ, prop)
			}
			if e := addOps(prop, m[prop]); e != nil {
				return nil, e
			}
		}
	} else if e := addOps(props[0], raw); e != nil {
		return nil, e
	}
	for i, c := range cons {
		arg, e := s.normalizeArg(a, c)
		if e != nil {
			return nil, e
		}
		cons[i].arg = arg
	}
	return func(o valueOwner) bool { return s.satisfies(o, a, cons) }, nil
}

// operators: docs/api/attio.md §3 "Comparison operators: $eq, $not_empty, $in, $contains
// (case-insensitive), $starts_with, $ends_with, $lt, $lte, $gte, $gt".
var operators = []string{"$eq", "$not_empty", "$in", "$contains", "$starts_with", "$ends_with", "$lt", "$lte", "$gte", "$gt"}

func allOperators(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k := range m {
		if !strings.HasPrefix(k, "$") {
			return false
		}
	}
	return true
}

// normalizeArg checks an operand's type and brings dates and timestamps to their stored form.
func (s *Sim) normalizeArg(a *attribute, c constraint) (any, *apiError) {
	switch c.op {
	case "$not_empty":
		b, ok := c.arg.(bool)
		if !ok {
			return nil, errFilter("$not_empty on %q expects true or false", a.slug)
		}
		return b, nil
	case "$in":
		list, ok := c.arg.([]any)
		if !ok {
			return nil, errFilter("$in on %q expects an array", a.slug)
		}
		out := make([]any, len(list))
		for i, x := range list {
			n, e := s.normalizeScalar(a, c.prop, x)
			if e != nil {
				return nil, e
			}
			out[i] = n
		}
		return out, nil
	case "$contains", "$starts_with", "$ends_with":
		str, ok := c.arg.(string)
		if !ok {
			return nil, errFilter("%s on %q expects a string", c.op, a.slug)
		}
		return strings.ToLower(str), nil
	}
	return s.normalizeScalar(a, c.prop, c.arg)
}

func (s *Sim) normalizeScalar(a *attribute, prop string, x any) (any, *apiError) {
	switch x.(type) {
	case string, float64, bool:
	default:
		return nil, errFilter("unsupported operand %v for attribute %q", x, a.slug)
	}
	str, isStr := x.(string)
	switch {
	case prop == "active_from" || prop == "active_until" || (a.typ == typeTimestamp && prop == "value"):
		if !isStr {
			return nil, errFilter("timestamp filters on %q need a string", a.slug)
		}
		t, ok := parseTimestamp(str)
		if !ok {
			return nil, errFilter("invalid timestamp %q", str)
		}
		return formatTime(t), nil
	case a.typ == typeDate && prop == "value":
		d, ok := parseDate(str)
		if !isStr || !ok {
			return nil, errFilter("invalid date %v", x)
		}
		return d, nil
	}
	return x, nil
}
