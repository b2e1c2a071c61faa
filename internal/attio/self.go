package attio

import (
	"context"
	"net/http"
	"strings"
)

// Self is GET /v2/self ("Identify"). An inactive token answers only {"active": false}; the other
// fields are then zero (docs/api/attio.md §1).
type Self struct {
	Active                        bool     `json:"active"`
	Scope                         string   `json:"scope"` // space-separated, not an array
	ClientID                      string   `json:"client_id"`
	TokenType                     string   `json:"token_type"`
	Exp                           *float64 `json:"exp"` // epoch seconds, null = no expiry
	Iat                           float64  `json:"iat"`
	Sub                           string   `json:"sub"`
	Aud                           string   `json:"aud"`
	Iss                           string   `json:"iss"`
	AuthorizedByWorkspaceMemberID *string  `json:"authorized_by_workspace_member_id"`
	WorkspaceID                   string   `json:"workspace_id"`
	WorkspaceName                 string   `json:"workspace_name"`
	WorkspaceSlug                 string   `json:"workspace_slug"`
	WorkspaceLogoURL              *string  `json:"workspace_logo_url"`
}

// Scopes splits Scope into its entries.
func (s Self) Scopes() []string { return strings.Fields(s.Scope) }

// Self identifies the token. Unlike every other endpoint the body is not wrapped in "data".
func (c *Client) Self(ctx context.Context) (Self, error) {
	var s Self
	err := c.do(ctx, http.MethodGet, "/v2/self", nil, nil, &s)
	return s, err
}

// RequiredScopes lists the scopes the calls of this package need, taken from each operation's
// security block in the vendored spec:
//   - object_configuration:read-write — create objects, object attributes, select options and
//     statuses (and :read, which every record call also needs);
//   - record_permission:read-write — create/assert/update/delete/query records;
//   - list_configuration:read-write — create lists and list attributes (entries need :read);
//   - list_entry:read-write — create/assert/update/delete/query entries;
//   - webhook:read-write — manage webhooks.
//
// GET /v2/self needs no scope, and no call here reads workspace members, so
// user_management:read is not required.
func RequiredScopes() []string {
	return []string{
		"object_configuration:read-write",
		"record_permission:read-write",
		"list_configuration:read-write",
		"list_entry:read-write",
		"webhook:read-write",
	}
}

// MissingScopes returns the entries of need that the space-separated scope string have does
// not grant, in need's order. "x:read-write" grants "x:read" as well.
func MissingScopes(have string, need []string) []string {
	granted := make(map[string]bool)
	for _, s := range strings.Fields(have) {
		granted[s] = true
		if base, ok := strings.CutSuffix(s, ":read-write"); ok {
			granted[base+":read"] = true
		}
	}
	var missing []string
	for _, n := range need {
		if !granted[n] {
			missing = append(missing, n)
		}
	}
	return missing
}
