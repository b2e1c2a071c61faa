package fieldmap

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Display writes rendered values (Render's) as one line of text, as the console's preview
// shows what a delivery would write; no values clear the attribute.
func Display(vals []any) string {
	if len(vals) == 0 {
		return "(no value: clears the attribute)"
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case string:
			parts[i] = x
		case float64:
			parts[i] = strconv.FormatFloat(x, 'f', -1, 64)
		case int64:
			parts[i] = strconv.FormatInt(x, 10)
		case bool:
			parts[i] = strconv.FormatBool(x)
		case time.Time:
			parts[i] = Timestamp(x)
		default:
			parts[i] = fmt.Sprint(x)
		}
	}
	return strings.Join(parts, ", ")
}
