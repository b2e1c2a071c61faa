package togglsim

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestAuthAcceptsTokenAndEmailPassword(t *testing.T) {
	e := newEnv(t)
	for _, a := range []auth{ada, {"ada@acme.test", "sim-password-ada"}} {
		r := e.call(a, "GET", "/api/v9/me", nil)
		want(t, r, http.StatusOK)
		var me struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
		}
		r.decode(t, &me)
		if me.ID != SeedAdaID || me.Email != "ada@acme.test" {
			t.Fatalf("me = %+v", me)
		}
	}
}

func TestAuthFailuresAre403WithMessage(t *testing.T) {
	e := newEnv(t)
	cases := map[string]auth{
		"missing":               anon,
		"unknown token":         token("nope"),
		"token, wrong password": {SeedAdaToken, "secret"},
		"email, wrong password": {"ada@acme.test", "wrong"},
		"password as token":     {"sim-password-ada", "api_token"},
	}
	for name, a := range cases {
		t.Run(name, func(t *testing.T) {
			for _, path := range []string{"/api/v9/me", "/webhooks/api/v1/subscriptions/7435584"} {
				wantErr(t, e.callRaw(a, "GET", path, nil), http.StatusForbidden, "Incorrect username and/or password")
			}
			r := e.callRaw(a, "POST", "/reports/api/v3/workspace/7435584/search/time_entries", map[string]any{"start_date": "2025-03-01"})
			wantErr(t, r, http.StatusForbidden, "Incorrect username and/or password")
		})
	}
}

func TestAuthFailureStatusIsConfigurable(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Quirks.AuthFailureStatus = http.StatusUnauthorized })
	wantErr(t, e.callRaw(token("nope"), "GET", "/api/v9/me", nil), http.StatusUnauthorized, "Incorrect username and/or password")
}

func TestWebhooksRejectEmailPassword(t *testing.T) {
	// docs/api/toggl.md §1.1: the Webhooks API accepts the API token only.
	e := newEnv(t)
	r := e.callRaw(auth{"ada@acme.test", "sim-password-ada"}, "GET", "/webhooks/api/v1/subscriptions/7435584", nil)
	want(t, r, http.StatusForbidden)
	want(t, e.call(ada, "GET", "/webhooks/api/v1/subscriptions/7435584", nil), http.StatusOK)
}

func TestWorkspaceAccess(t *testing.T) {
	e := newEnv(t)
	other := e.sim.AddWorkspace(Workspace{Name: "Elsewhere", OrganizationID: 42})
	e.sim.AddUser(User{Email: "zed@else.test", FullName: "Zed", APIToken: "zed", WorkspaceID: other.ID})
	zed := token("zed")
	wantErr(t, e.call(zed, "GET", "/api/v9/workspaces/7435584/projects", nil), http.StatusForbidden, msgNoAccess)
	wantErr(t, e.call(zed, "GET", "/webhooks/api/v1/subscriptions/7435584", nil), http.StatusForbidden, msgWebhookForbidden)
	wantErr(t, e.call(zed, "POST", "/reports/api/v3/workspace/7435584/search/time_entries", map[string]any{"start_date": "2025-03-01"}),
		http.StatusForbidden, "Workspace not found/accessible")
	wantErr(t, e.callRaw(ada, "POST", "/reports/api/v3/workspace/abc/search/time_entries", map[string]any{"start_date": "2025-03-01"}),
		http.StatusBadRequest, "Invalid workspace id")
	wantErr(t, e.callRaw(ada, "GET", "/api/v9/workspaces/none/projects", nil), http.StatusForbidden, "Missing or invalid workspace_id")
}

func TestPlainTextErrorsQuirk(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Quirks.PlainTextErrors = true })
	r := e.call(token("nope"), "GET", "/api/v9/me", nil)
	want(t, r, http.StatusForbidden)
	if ct := r.header.Get("Content-Type"); ct != "text/plain; charset=utf-8" || string(r.body) != "Incorrect username and/or password" {
		t.Fatalf("got %q %q", ct, r.body)
	}
}

func TestBodiesNeedJSONContentType(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("POST", e.raw.URL+"/api/v9/workspaces/7435584/clients", strings.NewReader(`{"name":"Text"}`))
	req.SetBasicAuth(SeedAdaToken, "api_token")
	req.Header.Set("Content-Type", "text/plain")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", res.StatusCode)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Body = io.NopCloser(strings.NewReader(`{"name":"Text"}`))
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d with JSON content type", res.StatusCode)
	}
}
