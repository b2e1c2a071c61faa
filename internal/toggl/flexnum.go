package toggl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// flexInt decodes an integer sent as a JSON number, a numeric string, or null (→ 0). It is
// used only where docs/api/toggl.md marks the wire form as unconfirmed or third-party (report rows
// §4.5, webhook event listings §2.3): webhook metadata, for one, carries ids as strings
// (§2.2). Documented v9 fields stay plain int64 so a wrong type is reported, not guessed.
type flexInt int64

func (f *flexInt) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		*f = 0
		return nil
	}
	text := string(data)
	if len(data) > 0 && data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		if text == "" {
			*f = 0
			return nil
		}
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		*f = flexInt(n)
		return nil
	}
	// Cents or counts written as 1.0e3 or 12.0: accept integral floats only.
	x, err := strconv.ParseFloat(text, 64)
	if err != nil || x != math.Trunc(x) || math.Abs(x) > 1<<53 {
		return fmt.Errorf("toggl: %s is not an integer", data)
	}
	*f = flexInt(x)
	return nil
}

// flexIntPtr is flexInt that remembers null (project_id, task_id of report rows).
type flexIntPtr struct{ v *int64 }

func (f *flexIntPtr) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		f.v = nil
		return nil
	}
	var n flexInt
	if err := n.UnmarshalJSON(data); err != nil {
		return err
	}
	v := int64(n)
	f.v = &v
	return nil
}

func flexInts(in []flexInt) []int64 {
	if in == nil {
		return nil
	}
	out := make([]int64, len(in))
	for i, v := range in {
		out[i] = int64(v)
	}
	return out
}
