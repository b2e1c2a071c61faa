package attiosim

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

func TestAuthRejectsMissingAndUnknownTokens(t *testing.T) {
	f := newFixture(t, Config{})
	for name, header := range map[string]map[string]string{
		"no header":      nil,
		"unknown token":  bearer("nope"),
		"wrong scheme":   {"Authorization": "Token " + testToken},
		"empty bearer":   {"Authorization": "Bearer "},
		"basic password": {"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(testToken+":secret"))},
	} {
		t.Run(name, func(t *testing.T) {
			r := send(t, f.bare.URL, "GET", "/v2/objects", nil, header)
			wantError(t, r, http.StatusUnauthorized, "auth_error", "unauthorized")
		})
	}
}

func TestAuthAcceptsBasicWithEmptyPassword(t *testing.T) {
	f := newFixture(t, Config{})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(testToken+":"))
	r := send(t, f.bare.URL, "GET", "/v2/objects", nil, map[string]string{"Authorization": basic})
	if r.status != http.StatusOK {
		t.Fatalf("basic auth = %d %s", r.status, r.raw)
	}
}

func TestMissingScopeIsForbidden(t *testing.T) {
	f := newFixture(t, Config{})
	f.sim.AddToken("reader", "object_configuration:read", "record_permission:read")
	r := send(t, f.bare.URL, "POST", "/v2/objects", map[string]any{"data": map[string]any{
		"api_slug": "things", "singular_noun": "Thing", "plural_noun": "Things"}}, bearer("reader"))
	wantError(t, r, http.StatusForbidden, "auth_error", "unauthorized")
	if !strings.Contains(r.body["message"].(string), "object_configuration:read-write") {
		t.Errorf("message should name the missing scope: %v", r.body["message"])
	}
	// read-write implies read; reads pass with the read scopes.
	if r := send(t, f.bare.URL, "GET", "/v2/objects", nil, bearer("reader")); r.status != 200 {
		t.Fatalf("read with read scope = %d", r.status)
	}
	f.sim.AddToken("writer", "object_configuration:read-write")
	if r := send(t, f.bare.URL, "GET", "/v2/objects/people", nil, bearer("writer")); r.status != 200 {
		t.Fatalf("read with read-write scope = %d %s", r.status, r.raw)
	}
	// records need both record_permission and object_configuration.
	f.sim.AddToken("objects-only", "object_configuration:read")
	r = send(t, f.bare.URL, "POST", "/v2/objects/people/records/query", map[string]any{}, bearer("objects-only"))
	wantError(t, r, http.StatusForbidden, "auth_error", "unauthorized")
}

func TestMissingScopeAnswerIsConfigurable(t *testing.T) {
	f := newFixture(t, Config{Compat: Compat{MissingScopeStatus: 401, MissingScopeCode: "missing_scopes"}})
	f.sim.AddToken("none")
	r := send(t, f.bare.URL, "GET", "/v2/lists", nil, bearer("none"))
	wantError(t, r, http.StatusUnauthorized, "auth_error", "missing_scopes")
}

func TestSelfIdentifiesTokenAndWorkspace(t *testing.T) {
	f := newFixture(t, Config{WorkspaceName: "Test Co", WorkspaceSlug: "test-co"})
	f.sim.AddToken("limited", "record_permission:read", "webhook:read-write")
	r := send(t, f.checked.URL, "GET", "/v2/self", nil, bearer("limited"))
	if r.status != 200 {
		t.Fatalf("self = %d %s", r.status, r.raw)
	}
	if _, wrapped := r.body["data"]; wrapped {
		t.Fatal("/v2/self must not be wrapped in data")
	}
	want := map[string]any{"active": true, "scope": "record_permission:read webhook:read-write", "token_type": "Bearer",
		"iss": "attio.com", "workspace_name": "Test Co", "workspace_slug": "test-co",
		"workspace_id": f.sim.WorkspaceID(), "sub": f.sim.WorkspaceID(), "exp": nil, "workspace_logo_url": nil}
	for k, v := range want {
		if r.body[k] != v {
			t.Errorf("%s = %v, want %v", k, r.body[k], v)
		}
	}
	if _, ok := r.body["scopes"]; ok {
		t.Error("the field is scope (a string), not scopes")
	}
}

func TestRevokedTokenIsInactive(t *testing.T) {
	f := newFixture(t, Config{})
	f.sim.RevokeToken(testToken)
	r := f.do("GET", "/v2/self", nil)
	if r.status != 200 || r.body["active"] != false || len(r.body) != 1 {
		t.Fatalf("self for revoked token = %d %s, want 200 {\"active\":false}", r.status, r.raw)
	}
	wantError(t, f.bareDo("GET", "/v2/objects", nil), http.StatusUnauthorized, "auth_error", "unauthorized")
	// unknown tokens are not "inactive": they are rejected
	wantError(t, send(t, f.bare.URL, "GET", "/v2/self", nil, bearer("unknown")), 401, "auth_error", "unauthorized")
}

func TestUnknownRouteAndMethod(t *testing.T) {
	f := newFixture(t, Config{})
	wantError(t, f.bareDo("GET", "/v2/nothing", nil), 404, "invalid_request_error", "not_found")
	wantError(t, f.bareDo("DELETE", "/v2/objects", nil), 405, "invalid_request_error", "method_not_allowed")
	wantError(t, f.bareDo("GET", "/v2/things/people/attributes", nil), 404, "invalid_request_error", "not_found")
}

// A member token stands for a person: its writes carry a workspace-member actor (its own
// member id) in created_by_actor and in webhook events, unlike an API token's api-token actor,
// and GET /v2/self names that member as the authoriser.
func TestMemberTokenActsAsWorkspaceMember(t *testing.T) {
	rc := newReceiver(t)
	f := hookFixture(t, rc, Config{})
	f.projectsSchema()
	f.webhook(rc.srv.URL, sub("record.created", nil), sub("record.updated", nil))
	m := f.sim.AddMemberToken("member-token", "Mia", "Member", AllScopes()...)
	if m.ActorType != "workspace-member" || m.ActorID == "" || m.ActorID == f.token.ActorID || f.token.ActorType != "api-token" {
		t.Fatalf("member token %+v, api token %+v", m, f.token)
	}
	if again := f.sim.AddMemberToken("member-token", "Mia", "Member", AllScopes()...); again.ActorID != m.ActorID {
		t.Errorf("re-adding the member token changed its member: %s → %s", m.ActorID, again.ActorID)
	}

	self := send(t, f.checked.URL, "GET", "/v2/self", nil, bearer("member-token"))
	if self.status != 200 || self.body["authorized_by_workspace_member_id"] != m.ActorID {
		t.Fatalf("self = %d %s, want authorized_by_workspace_member_id %s", self.status, self.raw, m.ActorID)
	}
	r := send(t, f.checked.URL, "POST", "/v2/objects/projects/records", data(map[string]any{"name": []any{"P"}}), bearer("member-token"))
	if r.status != 200 {
		t.Fatalf("create = %d %s", r.status, r.raw)
	}
	id := recordID(r.data())
	if a := first(t, r.data(), "name")["created_by_actor"].(map[string]any); a["type"] != "workspace-member" || a["id"] != m.ActorID {
		t.Errorf("created_by_actor = %v, want the member %s", a, m.ActorID)
	}
	send(t, f.checked.URL, "PATCH", "/v2/objects/projects/records/"+id, data(map[string]any{"name": []any{"Q"}}), bearer("member-token"))
	f.ok("PATCH", "/v2/objects/projects/records/"+id, data(map[string]any{"name": []any{"R"}}))
	f.idle()
	got := rc.deliveries()
	if len(got) != 3 {
		t.Fatalf("deliveries = %d, want created, updated by the member and updated by the API token", len(got))
	}
	for i, want := range []map[string]any{
		{"type": "workspace-member", "id": m.ActorID},
		{"type": "workspace-member", "id": m.ActorID},
		{"type": "api-token", "id": f.token.ActorID},
	} {
		if a := got[i].env.Events[0]["actor"].(map[string]any); !mapsEqual(a, want) {
			t.Errorf("event %d actor = %v, want %v", i, a, want)
		}
	}
}
