package attioschema

import (
	"strconv"

	"toggl-attio-sync/internal/attio"
)

// ValueText reads an attribute's current value as text: text, select or status title, number;
// "" when it has none of those.
func ValueText(vals attio.ValueMap, slug string) string {
	for _, v := range vals.Active(slug) {
		if s, ok := v.Text(); ok {
			return s
		}
		if s, ok := v.SelectTitle(); ok {
			return s
		}
		if s, ok := v.StatusTitle(); ok {
			return s
		}
		if f, ok := v.Number(); ok {
			return strconv.FormatFloat(f, 'f', -1, 64) // ids stored as numbers read back whole
		}
	}
	return ""
}
