package attiosim

import (
	"net/http"
	"strings"
)

type route struct {
	method  string
	pattern []string // segments; "{name}" captures one
	scopes  func(params map[string]string) []string
	h       func(c *call) (any, *apiError)
	raw     http.HandlerFunc // set instead of h for routes that answer on their own
}

func need(scopes ...string) func(map[string]string) []string {
	return func(map[string]string) []string { return scopes }
}

// configScopes picks object or list configuration scopes by {target} (docs/api/attio.md §2 "create
// (objects need object_configuration:read-write; lists need list_configuration:read-write)").
func configScopes(write bool) func(map[string]string) []string {
	return func(p map[string]string) []string {
		kind := "object_configuration"
		if p["target"] == targetLists {
			kind = "list_configuration"
		}
		if write {
			return []string{kind + ":read-write"}
		}
		return []string{kind + ":read"}
	}
}

// Scope sets per operation, from the spec's security blocks (docs/api/attio.md §3 "Scopes: reads
// record_permission:read + object_configuration:read; writes record_permission:read-write +
// object_configuration:read"; §4 "Scopes: list_entry:read|read-write + list_configuration:read").
var (
	recordRead  = need("record_permission:read", "object_configuration:read")
	recordWrite = need("record_permission:read-write", "object_configuration:read")
	entryRead   = need("list_entry:read", "list_configuration:read")
	entryWrite  = need("list_entry:read-write", "list_configuration:read")
)

func (s *Sim) routeTable() []route {
	attr := "/v2/{target}/{identifier}/attributes/{attribute}"
	return []route{
		{method: "GET", pattern: split("/v2/self"), raw: s.handleSelf},

		{method: "GET", pattern: split("/v2/objects"), scopes: need("object_configuration:read"), h: s.listObjects},
		{method: "POST", pattern: split("/v2/objects"), scopes: need("object_configuration:read-write"), h: s.createObjectHTTP},
		{method: "GET", pattern: split("/v2/objects/{object}"), scopes: need("object_configuration:read"), h: s.getObject},
		{method: "PATCH", pattern: split("/v2/objects/{object}"), scopes: need("object_configuration:read-write"), h: s.patchObject},

		{method: "GET", pattern: split("/v2/{target}/{identifier}/attributes"), scopes: configScopes(false), h: s.listAttributes},
		{method: "POST", pattern: split("/v2/{target}/{identifier}/attributes"), scopes: configScopes(true), h: s.createAttributeHTTP},
		{method: "GET", pattern: split(attr), scopes: configScopes(false), h: s.getAttribute},
		{method: "PATCH", pattern: split(attr), scopes: configScopes(true), h: s.patchAttribute},
		{method: "GET", pattern: split(attr + "/options"), scopes: configScopes(false), h: s.listOptions},
		{method: "POST", pattern: split(attr + "/options"), scopes: configScopes(true), h: s.createOptionHTTP},
		{method: "PATCH", pattern: split(attr + "/options/{option}"), scopes: configScopes(true), h: s.patchOption},
		{method: "GET", pattern: split(attr + "/statuses"), scopes: configScopes(false), h: s.listStatuses},
		{method: "POST", pattern: split(attr + "/statuses"), scopes: configScopes(true), h: s.createStatusHTTP},
		{method: "PATCH", pattern: split(attr + "/statuses/{status}"), scopes: configScopes(true), h: s.patchStatus},

		{method: "POST", pattern: split("/v2/objects/{object}/records/query"), scopes: recordRead, h: s.queryRecords},
		{method: "POST", pattern: split("/v2/objects/{object}/records"), scopes: recordWrite, h: s.createRecordHTTP},
		{method: "PUT", pattern: split("/v2/objects/{object}/records"), scopes: recordWrite, h: s.assertRecord},
		{method: "GET", pattern: split("/v2/objects/{object}/records/{record_id}"), scopes: recordRead, h: s.getRecord},
		{method: "PATCH", pattern: split("/v2/objects/{object}/records/{record_id}"), scopes: recordWrite, h: s.patchRecord},
		{method: "PUT", pattern: split("/v2/objects/{object}/records/{record_id}"), scopes: recordWrite, h: s.putRecord},
		{method: "DELETE", pattern: split("/v2/objects/{object}/records/{record_id}"), scopes: recordWrite, h: s.deleteRecordHTTP},
		{method: "GET", pattern: split("/v2/objects/{object}/records/{record_id}/attributes/{attribute}/values"), scopes: recordRead, h: s.recordValues},
		{method: "GET", pattern: split("/v2/objects/{object}/records/{record_id}/entries"),
			scopes: need("record_permission:read", "object_configuration:read", "list_entry:read"), h: s.recordEntries},

		{method: "GET", pattern: split("/v2/lists"), scopes: need("list_configuration:read"), h: s.listLists},
		{method: "POST", pattern: split("/v2/lists"), scopes: need("list_configuration:read-write"), h: s.createListHTTP},
		{method: "GET", pattern: split("/v2/lists/{list}"), scopes: need("list_configuration:read"), h: s.getList},
		{method: "PATCH", pattern: split("/v2/lists/{list}"), scopes: need("list_configuration:read-write"), h: s.patchList},

		{method: "POST", pattern: split("/v2/lists/{list}/entries/query"), scopes: entryRead, h: s.queryEntries},
		{method: "POST", pattern: split("/v2/lists/{list}/entries"), scopes: entryWrite, h: s.createEntryHTTP},
		{method: "PUT", pattern: split("/v2/lists/{list}/entries"), scopes: entryWrite, h: s.assertEntry},
		{method: "GET", pattern: split("/v2/lists/{list}/entries/{entry_id}"), scopes: entryRead, h: s.getEntry},
		{method: "PATCH", pattern: split("/v2/lists/{list}/entries/{entry_id}"), scopes: entryWrite, h: s.patchEntry},
		{method: "PUT", pattern: split("/v2/lists/{list}/entries/{entry_id}"), scopes: entryWrite, h: s.putEntry},
		{method: "DELETE", pattern: split("/v2/lists/{list}/entries/{entry_id}"), scopes: entryWrite, h: s.deleteEntryHTTP},
		{method: "GET", pattern: split("/v2/lists/{list}/entries/{entry_id}/attributes/{attribute}/values"), scopes: entryRead, h: s.entryValues},

		{method: "GET", pattern: split("/v2/webhooks"), scopes: need("webhook:read"), h: s.listWebhooks},
		{method: "POST", pattern: split("/v2/webhooks"), scopes: need("webhook:read-write"), h: s.createWebhookHTTP},
		{method: "GET", pattern: split("/v2/webhooks/{webhook_id}"), scopes: need("webhook:read"), h: s.getWebhook},
		{method: "PATCH", pattern: split("/v2/webhooks/{webhook_id}"), scopes: need("webhook:read-write"), h: s.patchWebhook},
		{method: "DELETE", pattern: split("/v2/webhooks/{webhook_id}"), scopes: need("webhook:read-write"), h: s.deleteWebhookHTTP},
	}
}

func split(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

// match finds the route for method and path. Literal segments beat captures, so
// /records/query is not read as a record id. methodMismatch is set when only the method differs.
func (s *Sim) match(method, path string) (*route, map[string]string, bool) {
	segs := split(path)
	var best *route
	var bestParams map[string]string
	bestLiterals := -1
	methodMismatch := false
	for i := range s.routes {
		rt := &s.routes[i]
		params, literals, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method != method {
			methodMismatch = true
			continue
		}
		if literals > bestLiterals {
			best, bestParams, bestLiterals = rt, params, literals
		}
	}
	if best != nil {
		if t, ok := bestParams["target"]; ok && t != targetObjects && t != targetLists {
			return nil, nil, false
		}
	}
	return best, bestParams, best == nil && methodMismatch
}

func matchPattern(pattern, segs []string) (map[string]string, int, bool) {
	if len(pattern) != len(segs) {
		return nil, 0, false
	}
	params := map[string]string{}
	literals := 0
	for i, p := range pattern {
		if strings.HasPrefix(p, "{") {
			if segs[i] == "" {
				return nil, 0, false
			}
			params[strings.Trim(p, "{}")] = segs[i]
			continue
		}
		if p != segs[i] {
			return nil, 0, false
		}
		literals++
	}
	return params, literals, true
}
