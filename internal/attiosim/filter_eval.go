package attiosim

import (
	"fmt"
	"strings"
)

// propCandidates returns the comparable forms of a value's property: select options and statuses
// match by title or id, target_object by slug or id.
func (s *Sim) propCandidates(a *attribute, v *value, prop string) []any {
	switch prop {
	case "active_from":
		return []any{formatTime(v.activeFrom)}
	case "active_until":
		if v.activeUntil == nil {
			return nil
		}
		return []any{formatTime(*v.activeUntil)}
	}
	x, ok := v.fields[prop]
	if !ok || x == nil {
		return nil
	}
	switch {
	case a.typ == typeSelect && prop == "option":
		if o := findOption(a, x.(string)); o != nil {
			return []any{o.id, o.title}
		}
	case a.typ == typeStatus && prop == "status":
		if st := findStatus(a, x.(string)); st != nil {
			return []any{st.id, st.title}
		}
	case a.typ == typeRecordRef && prop == "target_object":
		if o := s.objectByID(x.(string)); o != nil {
			return []any{o.id, o.slug}
		}
	}
	return []any{x}
}

// satisfies: a value must meet every constraint at once; $not_empty looks at the attribute.
func (s *Sim) satisfies(o valueOwner, a *attribute, cons []constraint) bool {
	vals := s.valuesFor(o, a)
	var perValue []constraint
	for _, c := range cons {
		if c.op == "$not_empty" {
			has := false
			for _, v := range vals {
				if len(s.propCandidates(a, v, c.prop)) > 0 {
					has = true
				}
			}
			if has != c.arg.(bool) {
				return false
			}
			continue
		}
		perValue = append(perValue, c)
	}
	if len(perValue) == 0 {
		return true
	}
	for _, v := range vals {
		all := true
		for _, c := range perValue {
			if !s.holds(a, v, c) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func (s *Sim) holds(a *attribute, v *value, c constraint) bool {
	foldCase := a.typ == typeEmail || a.typ == typeDomain
	for _, cand := range s.propCandidates(a, v, c.prop) {
		switch c.op {
		case "$eq":
			if equalOperand(cand, c.arg, foldCase) {
				return true
			}
		case "$in":
			for _, x := range c.arg.([]any) {
				if equalOperand(cand, x, foldCase) {
					return true
				}
			}
		case "$contains", "$starts_with", "$ends_with":
			str := strings.ToLower(fmt.Sprint(cand))
			arg := c.arg.(string)
			if (c.op == "$contains" && strings.Contains(str, arg)) ||
				(c.op == "$starts_with" && strings.HasPrefix(str, arg)) ||
				(c.op == "$ends_with" && strings.HasSuffix(str, arg)) {
				return true
			}
		case "$lt", "$lte", "$gt", "$gte":
			cmp, ok := compareValues(cand, c.arg)
			if ok && ((c.op == "$lt" && cmp < 0) || (c.op == "$lte" && cmp <= 0) ||
				(c.op == "$gt" && cmp > 0) || (c.op == "$gte" && cmp >= 0)) {
				return true
			}
		}
	}
	return false
}

func equalOperand(a, b any, foldCase bool) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok && foldCase {
		return strings.EqualFold(as, bs)
	}
	if cmp, ok := compareValues(a, b); ok {
		return cmp == 0
	}
	return a == b
}

// compareValues orders two numbers or two strings.
func compareValues(a, b any) (int, bool) {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		if !ok {
			return 0, false
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	case string:
		y, ok := b.(string)
		if !ok {
			return 0, false
		}
		return strings.Compare(x, y), true
	case bool:
		y, ok := b.(bool)
		if !ok || x != y {
			return 1, ok
		}
		return 0, true
	}
	return 0, false
}
