package contract

import (
	"fmt"
	"slices"
)

// enumsAdmitNull is rewrite C4 (Attio). Some schemas are already written the 3.1 way,
// `type: ["string","null"]`, but carry an `enum` without null; JSON Schema checks both keywords,
// so the null the type admits is rejected by the enum. Every such enum gains null, which is what
// rewrite C1 does for the `nullable: true` spelling of the same intent.
//
// The embedded spec has 40 such schemas (inline copies included), on five fields, each
// documented as nullable:
//   - attribute config.currency default_currency_code and display_type: null on every
//     non-currency attribute (docs/api/attio.md §2, the spec's own attribute example);
//   - list workspace_access: `"full-access"|"read-and-write"|"read-only"|null` (docs/api/attio.md §4);
//   - currency value currency_code: "ISO4217 string|null" (docs/api/attio.md §3);
//   - location value country_code: location fields are "all nullable strings" (docs/api/attio.md §3),
//     and writes need "all subfields incl. nulls" (docs/api/attio.md §9.3).
//
// TestNullEnumRewriteTouchesOnlyDocumentedFields pins that list, so a spec update that brings a
// new case gets looked at.
func enumsAdmitNull(doc map[string]any) error {
	if fields := appendNullToEnums(doc); len(fields) == 0 {
		return fmt.Errorf("no enum of a null-admitting type lacks null")
	}
	return nil
}

// appendNullToEnums does the rewrite and returns how many schemas it changed per key they sit
// under (the property name for object properties).
func appendNullToEnums(doc map[string]any) map[string]int {
	changed := map[string]int{}
	var walk func(key string, node any)
	walk = func(key string, node any) {
		switch n := node.(type) {
		case map[string]any:
			types, _ := n["type"].([]any)
			enum, hasEnum := n["enum"].([]any)
			if hasEnum && slices.Contains(types, any("null")) && !slices.Contains(enum, nil) {
				n["enum"] = append(enum, nil)
				changed[key]++
			}
			for k, child := range n {
				walk(k, child)
			}
		case []any:
			for _, child := range n {
				walk(key, child)
			}
		}
	}
	walk("", doc)
	return changed
}
