package togglsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// optInt is a JSON integer field that may be absent, null or a number.
type optInt struct {
	Set, Null bool
	V         int64
}

func (o *optInt) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// id is the value as an id: 0 when null.
func (o optInt) id() int64 {
	if o.Null {
		return 0
	}
	return o.V
}

// optString is a JSON string field that may be absent, null or a string.
type optString struct {
	Set, Null bool
	V         string
}

func (o *optString) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// optBool is a JSON boolean field that may be absent or a boolean.
type optBool struct {
	Set, V bool
}

func (o *optBool) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// optFloat is a JSON number field that may be absent, null or a number.
type optFloat struct {
	Set, Null bool
	V         float64
}

func (o *optFloat) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// errInvalidJSON is the v9 answer to a body that is not the expected JSON ("400 Invalid JSON
// input", Track v9 docs for POST /me/sessions). Used for every JSON body here.
var errInvalidJSON = errors.New("Invalid JSON input")

// decodeObject decodes a JSON object body into v. Unknown fields are ignored like Toggl's Go
// handlers do; wrong types and non-objects are errors.
func decodeObject(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return errInvalidJSON
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		return errInvalidJSON
	}
	return nil
}

// parseTimestamp reads an RFC 3339 timestamp; Toggl keeps whole seconds.
func parseTimestamp(v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC().Truncate(time.Second), nil
}

// parseDateOrTime reads "YYYY-MM-DD or RFC3339" (docs/api/toggl.md §4.2 for before/start_date/end_date).
// A bare date means midnight UTC.
func parseDateOrTime(v string) (t time.Time, dateOnly bool, err error) {
	if d, err := time.Parse(time.DateOnly, v); err == nil {
		return d, true, nil
	}
	t, err = time.Parse(time.RFC3339Nano, v)
	return t.UTC(), false, err
}

// queryBool reads a boolean query parameter; absent is def.
func queryBool(q url.Values, name string, def bool) (bool, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	return strconv.ParseBool(v)
}

// containsFold reports whether s contains sub, case-insensitively (the clients `name` filter:
// "case-insensitive contains", docs/api/toggl.md §4.4).
func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

func pathID(v string) (int64, bool) {
	id, err := strconv.ParseInt(v, 10, 64)
	return id, err == nil && id > 0
}

// optStrings is a JSON string-array field that may be absent, null or an array.
type optStrings struct {
	Set, Null bool
	V         []string
}

func (o *optStrings) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}

// optInts is a JSON integer-array field that may be absent, null or an array.
type optInts struct {
	Set, Null bool
	V         []int64
}

func (o *optInts) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.V)
}
