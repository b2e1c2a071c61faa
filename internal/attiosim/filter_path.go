package attiosim

import (
	"fmt"
)

// compilePath handles drill-downs (docs/api/attio.md §3 "Path / drill-down: {"path":[["candidates",
// "parent_record"],["people","email_addresses"]],"constraints":{"email_domain":"apple.com"}};
// parent_record is a special attribute on every list entry").
func (s *Sim) compilePath(sc scope, f map[string]any) (predicate, *apiError) {
	steps, e := s.resolvePath(sc, f["path"])
	if e != nil {
		return nil, e
	}
	cm, ok := f["constraints"]
	if !ok || len(f) != 2 {
		return nil, errFilter("a path filter needs exactly path and constraints")
	}
	last := steps[len(steps)-1]
	p, e := s.compileCondition(last.attr, cm)
	if e != nil {
		return nil, e
	}
	return func(o valueOwner) bool {
		for _, target := range s.walk(o, steps[:len(steps)-1]) {
			if p(target) {
				return true
			}
		}
		return false
	}, nil
}

type pathStep struct {
	attr *attribute
}

// resolvePath checks a path: the first tuple names the queried object or list; each tuple but the
// last is a reference (or parent_record) leading to the next tuple's object.
func (s *Sim) resolvePath(sc scope, raw any) ([]pathStep, *apiError) {
	tuples, ok := raw.([]any)
	if !ok || len(tuples) == 0 {
		return nil, errFilter("path must be a non-empty array of [object or list, attribute] pairs")
	}
	cur := sc
	var steps []pathStep
	for i, t := range tuples {
		pair, ok := t.([]any)
		if !ok || len(pair) != 2 {
			return nil, errFilter("path element %d must be a pair", i)
		}
		container, _ := pair[0].(string)
		attrRef, _ := pair[1].(string)
		if !cur.names(container) {
			return nil, errFilter("path element %d names %q where %q was expected", i, container, scopeName(cur))
		}
		a, e := s.filterAttr(cur, attrRef)
		if e != nil {
			return nil, e
		}
		steps = append(steps, pathStep{attr: a})
		if i == len(tuples)-1 {
			break
		}
		if a.typ != typeRecordRef {
			return nil, errFilter("path element %d (%q) is not a record reference", i, attrRef)
		}
		next, _ := tuples[i+1].([]any)
		if len(next) != 2 {
			return nil, errFilter("path element %d must be a pair", i+1)
		}
		nextName, _ := next[0].(string)
		obj := s.findObject(nextName)
		if obj == nil {
			return nil, errFilter("unknown object %q in path", nextName)
		}
		cur = scope{obj: obj, attrs: obj.attrs}
	}
	return steps, nil
}

func scopeName(sc scope) string {
	if sc.obj != nil {
		return sc.obj.slug
	}
	return sc.list.slug
}

// walk follows reference steps from o to the records they reach.
func (s *Sim) walk(o valueOwner, steps []pathStep) []valueOwner {
	cur := []valueOwner{o}
	for _, st := range steps {
		var next []valueOwner
		for _, x := range cur {
			for _, v := range s.valuesFor(x, st.attr) {
				if r := s.records[fmt.Sprint(v.fields["target_record_id"])]; r != nil {
					next = append(next, r)
				}
			}
		}
		cur = next
	}
	return cur
}
