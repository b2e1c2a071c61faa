package inbound

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/fieldmap"
)

// Change is one attribute an Attio entry shows differently from what the field map makes of
// Toggl: Before is what Attio holds, After what the map renders. Both are lists of plain
// values (text, numbers, booleans, RFC 3339 timestamps, dates, option titles); [] is empty.
type Change struct {
	Before []any `json:"before"`
	After  []any `json:"after"`
}

// entryDiff compares, attribute by attribute of the field map only, what Attio holds with what
// the map renders. Attributes the map does not own are never looked at, so a person's own
// columns on the list are never "repaired". Values are compared as Attio reads them back:
// numbers as numbers, timestamps as instants, a multiselect as a set, a checkbox without a
// value as false (Attio reads an unset checkbox as false).
func entryDiff(m fieldmap.Map, rendered map[string][]any, got attio.ValueMap) map[string]Change {
	out := map[string]Change{}
	for _, f := range m {
		want, ok := rendered[f.Target]
		if !ok {
			continue
		}
		if _, done := out[f.Target]; done {
			continue
		}
		before := attioValues(f.Type, got, f.Target)
		after := renderedValues(f.Type, want)
		if !sameValues(f.Type, before, after) {
			out[f.Target] = Change{Before: before, After: after}
		}
	}
	return out
}

// attioValues reads attr's current values in the plain form renderedValues produces.
func attioValues(attrType string, got attio.ValueMap, attr string) []any {
	out := []any{}
	for _, v := range got.Active(attr) {
		switch attrType {
		case attiotype.Text:
			if s, ok := v.Text(); ok && s != "" {
				out = append(out, s)
			}
		case attiotype.Number:
			if n, ok := v.Number(); ok {
				out = append(out, n)
			}
		case attiotype.Currency:
			if n, _, ok := v.Currency(); ok {
				out = append(out, n)
			}
		case attiotype.Checkbox:
			if b, ok := v.Checkbox(); ok {
				out = append(out, b)
			}
		case attiotype.Timestamp:
			if t, ok := v.Timestamp(); ok {
				out = append(out, fieldmap.Timestamp(t))
			}
		case attiotype.Date:
			if t, ok := v.Date(); ok {
				out = append(out, t.UTC().Format(time.DateOnly))
			}
		case attiotype.Select:
			if s, ok := v.SelectTitle(); ok {
				out = append(out, s)
			}
		case attiotype.Status:
			if s, ok := v.StatusTitle(); ok {
				out = append(out, s)
			}
		}
	}
	return out
}

// renderedValues normalises rendered values to the form attioValues reads: numbers as
// float64 (Attio's JSON numbers), timestamps re-formatted from their instant.
func renderedValues(attrType string, vals []any) []any {
	out := make([]any, 0, len(vals))
	for _, v := range vals {
		switch attrType {
		case attiotype.Number, attiotype.Currency:
			switch n := v.(type) {
			case int64:
				v = float64(n)
			case int:
				v = float64(n)
			}
		case attiotype.Timestamp:
			if s, ok := v.(string); ok {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					v = fieldmap.Timestamp(t)
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func sameValues(attrType string, a, b []any) bool {
	if attrType == attiotype.Checkbox {
		return checkboxOf(a) == checkboxOf(b)
	}
	if len(a) != len(b) {
		return false
	}
	as, bs := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		as[i], bs[i] = plain(a[i]), plain(b[i])
	}
	if attrType == attiotype.Select {
		// A multiselect's options come back in Attio's order, not the written one.
		slices.Sort(as)
		slices.Sort(bs)
	}
	return slices.Equal(as, bs)
}

func checkboxOf(vals []any) bool {
	for _, v := range vals {
		if b, ok := v.(bool); ok {
			return b
		}
	}
	return false
}

func plain(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return "s:" + x
	default:
		return fmt.Sprintf("%T:%v", v, v)
	}
}

// onlyChanged keeps the rendered values of the attributes that differ.
func onlyChanged(rendered map[string][]any, diff map[string]Change) map[string][]any {
	out := make(map[string][]any, len(diff))
	for slug := range diff {
		out[slug] = rendered[slug]
	}
	return out
}

// TimeEntryIDOf reads the Toggl time entry id an Attio entry carries in slug (a number or, when
// the map writes it into text, its digits); ok is false when it carries none.
func TimeEntryIDOf(e attio.Entry, slug string) (int64, bool) {
	if n, ok := e.EntryValues.Number(slug); ok && n > 0 && n == float64(int64(n)) {
		return int64(n), true
	}
	if s, ok := e.EntryValues.Text(slug); ok {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			return id, true
		}
	}
	return 0, false
}
