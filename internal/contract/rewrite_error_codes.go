package contract

import (
	"fmt"
	"slices"
)

// attio400Widening is one operation whose 400 `code` enum gains codes real Attio sends there.
type attio400Widening struct {
	path, method string
	codes        []string
	why          string
}

// attio400Widenings is rewrite C5. Each 400 body in the Attio spec pins `code` to a single value,
// yet docs/api/attio.md documents further 400 codes on these operations ("*not in the
// June-2025 spec", docs/api/attio.md §6). Only codes documented for the very operation are added;
// the rest of the body (status_code 400, type invalid_request_error, message) stays checked.
var attio400Widenings = []attio400Widening{
	{
		path: "/v2/objects/{object}/records", method: "post", codes: []string{"uniqueness_conflict"},
		why: `docs/api/attio.md §3 "unique-value conflict on create → 400 code:"uniqueness_conflict"", :427; ` +
			`the operation's own description: "This endpoint will throw on conflicts of unique attributes."`,
	},
	{
		path: "/v2/objects/{object}/records", method: "put", codes: []string{"matching_attribute_definition_not_unique"},
		why: `docs/api/attio.md §3 "assert with non-unique matching attribute → 400 ` +
			`{"code":"matching_attribute_definition_not_unique", …}", :428, :494`,
	},
	{
		path: "/v2/lists/{list}/entries", method: "post", codes: []string{"uniqueness_conflict"},
		why: `the operation's own description: "This endpoint will throw on conflicts of unique attributes."; ` +
			`docs/api/attio.md §6 names uniqueness_conflict as the 400 code of such conflicts`,
	},
}

func widenAttio400Codes(doc map[string]any) error {
	for _, w := range attio400Widenings {
		if err := widenErrorCodeEnum(doc, w.path, w.method, "400", w.codes); err != nil {
			return err
		}
	}
	return nil
}

// widenErrorCodeEnum appends codes to the `code` enum of one operation's JSON error body. It
// fails when the enum is missing or already holds a code, so a spec update that fixes or moves
// it shows up instead of leaving a dead patch.
func widenErrorCodeEnum(doc map[string]any, path, method, status string, codes []string) error {
	op, err := operationOf(doc, path, method)
	if err != nil {
		return err
	}
	schema := dig(op, "responses", status, "content", "application/json", "schema")
	code := dig(schema, "properties", "code")
	enum, ok := code["enum"].([]any)
	if !ok {
		return fmt.Errorf("%s %s: no %s body with a `code` enum", method, path, status)
	}
	for _, c := range codes {
		if slices.Contains(enum, any(c)) {
			return fmt.Errorf("%s %s: %s code %q is already declared", method, path, status, c)
		}
		enum = append(enum, c)
	}
	code["enum"] = enum
	return nil
}

// dig follows object keys and returns the object found, or nil.
func dig(node map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, ok := node[k].(map[string]any)
		if !ok {
			return nil
		}
		node = next
	}
	return node
}
