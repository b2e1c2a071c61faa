package contract

import (
	"encoding/json"
	"fmt"
)

// A rewrite fixes a known spec defect in memory, before the document is parsed. The embedded
// files stay byte-identical to the official files (docs/api/contract-testing.md); every rewrite is listed in specs/README.md.
// Each one fails loudly when its target is missing, so a spec update cannot silently undo it.
type rewrite struct {
	spec  Spec
	id    string
	apply func(doc map[string]any) error
}

var rewrites = []rewrite{
	// C1: Attio is OpenAPI 3.1 but uses the 3.0 keyword `nullable` 518 times; libopenapi-validator
	// refuses to compile those schemas, and ignoring the keyword would reject real nulls such as a
	// system actor's "id": null (docs/api/contract-testing.md "Attio spec quirks").
	{Attio, "C1 nullable → type union", nullableToTypeUnion},
	// C2: GET /me/quota answers "for the current user" but declares no security, so a request
	// without credentials would pass. Toggl cannot know the current user without them.
	{TogglTrack, "C2 BasicAuth on GET /me/quota", requireBasicAuth("/me/quota", "get")},
	// C3: GET /limits/{workspace_id} reports one workspace's webhook limits but declares no
	// security; like every other per-workspace webhooks call it needs the user's credentials.
	{TogglWebhooks, "C3 BasicAuth on GET /limits/{workspace_id}", requireBasicAuth("/limits/{workspace_id}", "get")},
	// C4: Attio declares some fields type ["string","null"] with an enum that lacks null, so the
	// null the type admits (and Attio sends) is still rejected (rewrite_null_enum.go).
	{Attio, "C4 null in enums of nullable types", enumsAdmitNull},
	// C5: Attio's 400 bodies pin `code` to one value per operation; docs/api/attio.md §3/§6 document more
	// 400 codes that real Attio sends on three of them (rewrite_error_codes.go).
	{Attio, "C5 documented 400 codes", widenAttio400Codes},
	// C6, C7: Toggl validates create bodies as it validates updates and answers 400, but the
	// swagger declares no 400 on the two creates (rewrite_track_400.go).
	{TogglTrack, "C6 400 on POST /workspaces/{workspace_id}/projects", copyProjectUpdate400ToCreate},
	{TogglTrack, "C7 400 on POST /workspaces/{workspace_id}/time_entries", declareTimeEntryCreate400},
}

// applyRewrites applies those of rws that belong to s (normally all of rewrites; tests leave
// some out to show they are needed). It returns raw unchanged when none applies, else the
// re-encoded document.
func applyRewrites(s Spec, raw []byte, rws []rewrite) ([]byte, error) {
	var doc map[string]any
	for _, rw := range rws {
		if rw.spec != s {
			continue
		}
		if doc == nil {
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, fmt.Errorf("%s: decoding spec: %w", s, err)
			}
		}
		if err := rw.apply(doc); err != nil {
			return nil, fmt.Errorf("%s: rewrite %s: %w", s, rw.id, err)
		}
	}
	if doc == nil {
		return raw, nil
	}
	return json.Marshal(doc)
}

// nullableToTypeUnion walks the whole document: each object with `nullable: true` loses the
// keyword, its string `type` becomes [type, "null"], and an `enum` gains null (an enum without
// null would still reject it). `nullable: false` is simply dropped.
func nullableToTypeUnion(doc map[string]any) error {
	changed := 0
	var walk func(node any) error
	walk = func(node any) error {
		switch n := node.(type) {
		case map[string]any:
			if nb, isBool := n["nullable"].(bool); isBool {
				delete(n, "nullable")
				if nb {
					t, ok := n["type"].(string)
					if !ok {
						return fmt.Errorf("nullable schema without a single string type: %v", n["type"])
					}
					n["type"] = []any{t, "null"}
					if enum, ok := n["enum"].([]any); ok {
						n["enum"] = append(enum, nil)
					}
					changed++
				}
			}
			for _, child := range n {
				if err := walk(child); err != nil {
					return err
				}
			}
		case []any:
			for _, child := range n {
				if err := walk(child); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(doc); err != nil {
		return err
	}
	if changed == 0 {
		return fmt.Errorf("no nullable schema found")
	}
	return nil
}

// requireBasicAuth adds `security: [{BasicAuth: []}]` to one operation that has none.
func requireBasicAuth(path, method string) func(map[string]any) error {
	return func(doc map[string]any) error {
		op, err := operationOf(doc, path, method)
		if err != nil {
			return err
		}
		if sec, ok := op["security"].([]any); ok && len(sec) > 0 {
			return fmt.Errorf("%s %s already declares security", method, path)
		}
		op["security"] = []any{map[string]any{"BasicAuth": []any{}}}
		return nil
	}
}

func operationOf(doc map[string]any, path, method string) (map[string]any, error) {
	paths, _ := doc["paths"].(map[string]any)
	item, _ := paths[path].(map[string]any)
	op, ok := item[method].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("operation %s %s not found", method, path)
	}
	return op, nil
}
