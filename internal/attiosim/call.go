package attiosim

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"
)

// call is one API request being handled, under the data lock.
type call struct {
	sim    *Sim
	r      *http.Request
	params map[string]string
	tok    *token
	now    time.Time
	actor  actor
	events []event

	parsed bool
	body   map[string]any
}

// maxBody bounds request bodies; text values are "limited to 10MB" (docs/api/attio.md §3 output table).
const maxBody = 12 << 20

// jsonBody decodes the request body as a JSON object.
func (c *call) jsonBody() (map[string]any, *apiError) {
	if c.parsed {
		return c.body, nil
	}
	raw, err := io.ReadAll(io.LimitReader(c.r.Body, maxBody))
	if err != nil {
		return nil, errValidation("Could not read request body.")
	}
	var v any
	if len(raw) == 0 {
		return nil, errBodyField([]any{}, "object", "undefined", "Required")
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errValidation("Request body is not valid JSON.")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errBodyField([]any{}, "object", jsonType(v), "Expected object, received "+jsonType(v))
	}
	c.parsed, c.body = true, m
	return m, nil
}

// data returns body.data, which every Attio write wraps its payload in
// (docs/api/attio.md checklist "Responses wrap in {"data": …}"; request bodies do too, SPEC).
func (c *call) data() (map[string]any, *apiError) {
	b, e := c.jsonBody()
	if e != nil {
		return nil, e
	}
	return objectField(b, "data", []any{})
}

// objectField returns m[key] as an object or a validation error naming its path.
func objectField(m map[string]any, key string, at []any) (map[string]any, *apiError) {
	path := append(append([]any{}, at...), key)
	v, ok := m[key]
	if !ok {
		return nil, errBodyField(path, "object", "undefined", "Required")
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, errBodyField(path, "object", jsonType(v), "Expected object, received "+jsonType(v))
	}
	return o, nil
}

// stringField returns m[key] as a string; optional fields may be absent.
func stringField(m map[string]any, key string, at []any, required bool) (string, bool, *apiError) {
	path := append(append([]any{}, at...), key)
	v, ok := m[key]
	if !ok {
		if required {
			return "", false, errBodyField(path, "string", "undefined", "Required")
		}
		return "", false, nil
	}
	str, ok := v.(string)
	if !ok {
		return "", false, errBodyField(path, "string", jsonType(v), "Expected string, received "+jsonType(v))
	}
	return str, true, nil
}

// boolField returns m[key] as a bool.
func boolField(m map[string]any, key string, at []any, required bool) (bool, bool, *apiError) {
	path := append(append([]any{}, at...), key)
	v, ok := m[key]
	if !ok {
		if required {
			return false, false, errBodyField(path, "boolean", "undefined", "Required")
		}
		return false, false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, false, errBodyField(path, "boolean", jsonType(v), "Expected boolean, received "+jsonType(v))
	}
	return b, true, nil
}

// pageParams reads limit/offset query parameters with a default and an optional maximum.
func (c *call) pageParams(defLimit, minLimit, maxLimit int) (limit, offset int, e *apiError) {
	q := c.r.URL.Query()
	limit, offset = defLimit, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < minLimit || (maxLimit > 0 && n > maxLimit) {
			return 0, 0, errValidation("limit must be an integer between %d and %d.", minLimit, maxLimit)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, errValidation("offset must be a non-negative integer.")
		}
		offset = n
	}
	return limit, offset, nil
}

// page slices items by offset and limit.
func page[T any](items []T, limit, offset int) []T {
	if offset >= len(items) {
		return []T{}
	}
	items = items[offset:]
	if limit >= 0 && limit < len(items) {
		items = items[:limit]
	}
	return items
}

// queryBool reads a boolean query parameter ("true"/"false").
func (c *call) queryBool(name string) (bool, *apiError) {
	v := c.r.URL.Query().Get(name)
	switch v {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, errValidation("%s must be true or false.", name)
}

func dataOf(v any) map[string]any { return map[string]any{"data": v} }
