package toggl

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Time is a Toggl timestamp that decodes tolerantly: null and "" give the zero time (so
// IsZero means "absent", e.g. Stop of a running entry or ValidatedAt of an unvalidated
// subscription), and the spellings seen in docs/api/toggl.md all parse: "2023-07-17T11:43:32Z",
// "…+00:00", micro- and nanosecond fractions, a space instead of "T", a bare date, and Unix
// seconds as a number.
type Time struct{ time.Time }

// layouts are tried in order; RFC 3339 covers the forms in docs/api/toggl.md §2.2 and §1.3.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05", // no zone: taken as UTC, Toggl's storage zone
	"2006-01-02 15:04:05",
	time.DateOnly,
}

func (t *Time) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if bytes.Equal(data, []byte("null")) {
		t.Time = time.Time{}
		return nil
	}
	if len(data) > 0 && data[0] != '"' {
		secs, err := strconv.ParseInt(string(data), 10, 64)
		if err != nil {
			return fmt.Errorf("toggl: time %s is neither a string nor Unix seconds", data)
		}
		t.Time = time.Unix(secs, 0).UTC()
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	parsed, err := parseTime(s)
	if err != nil {
		return err
	}
	t.Time = parsed
	return nil
}

// MarshalJSON writes RFC 3339 in UTC, or null for the zero time.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range layouts {
		if parsed, err := time.Parse(layout, s); err == nil {
			return parsed, nil
		}
	}
	return time.Time{}, fmt.Errorf("toggl: unrecognised time %q", s)
}
