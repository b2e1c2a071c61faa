package toggl

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"
)

// TestRequestShapes checks every call's method, full URL path (with its API prefix), query,
// auth, headers and JSON body against docs/api/toggl.md.
func TestRequestShapes(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2025, 9, 1, 9, 30, 0, 0, time.UTC)
	stop := start.Add(90 * time.Minute)
	cases := []struct {
		name      string
		call      func(c *Client) error
		method    string
		path      string
		query     url.Values
		body      string // expected JSON, "" for none
		answer    string
		answerHdr map[string]string
	}{
		{"me", func(c *Client) error { _, err := c.Me(ctx); return err },
			"GET", "/api/v9/me", nil, "", `{"id":1}`, nil},
		{"workspaces", func(c *Client) error { _, err := c.Workspaces(ctx); return err },
			"GET", "/api/v9/me/workspaces", nil, "", `[]`, nil},
		{"workspace users", func(c *Client) error { _, err := c.WorkspaceUsers(ctx, 7435584); return err },
			"GET", "/api/v9/workspaces/7435584/users", nil, "", `[]`, nil},
		{"my quota", func(c *Client) error { _, err := c.MyQuota(ctx); return err },
			"GET", "/api/v9/me/quota", nil, "", `[]`, nil},
		{"list projects", func(c *Client) error {
			_, err := c.ListProjects(ctx, 7435584, ProjectsQuery{Active: ProjectsBoth, Since: start, ClientIDs: []int64{5, 6},
				Billable: Ptr(true), Name: "Acme", Page: 2, PerPage: 200, SortField: "name", SortOrder: "ASC"})
			return err
		}, "GET", "/api/v9/workspaces/7435584/projects", url.Values{
			"active": {"both"}, "since": {"1756719000"}, "client_ids": {"5,6"}, "billable": {"true"}, "name": {"Acme"},
			"page": {"2"}, "per_page": {"200"}, "sort_field": {"name"}, "sort_order": {"ASC"},
		}, "", `[]`, nil},
		{"get project", func(c *Client) error { _, err := c.GetProject(ctx, 7435584, 42); return err },
			"GET", "/api/v9/workspaces/7435584/projects/42", nil, "", `{"id":42}`, nil},
		{"create project", func(c *Client) error {
			_, err := c.CreateProject(ctx, 7435584, ProjectPayload{Name: Ptr("Website"), ClientID: Ptr(int64(9)),
				Active: Ptr(true), Color: Ptr("#06aaf5"), Billable: Ptr(false), ExternalReference: Ptr("attio:rec_1")})
			return err
		}, "POST", "/api/v9/workspaces/7435584/projects", nil,
			`{"name":"Website","client_id":9,"active":true,"color":"#06aaf5","billable":false,"external_reference":"attio:rec_1"}`,
			`{"id":43}`, nil},
		{"update project", func(c *Client) error {
			_, err := c.UpdateProject(ctx, 7435584, 43, ProjectPayload{Active: Ptr(false)})
			return err
		}, "PUT", "/api/v9/workspaces/7435584/projects/43", nil, `{"active":false}`, `{"id":43}`, nil},
		{"list clients", func(c *Client) error {
			_, err := c.ListClients(ctx, 7435584, ClientsQuery{Status: ClientsBoth, Name: "acme"})
			return err
		}, "GET", "/api/v9/workspaces/7435584/clients", url.Values{"status": {"both"}, "name": {"acme"}}, "", `[]`, nil},
		{"list clients default", func(c *Client) error { _, err := c.ListClients(ctx, 1, ClientsQuery{}); return err },
			"GET", "/api/v9/workspaces/1/clients", nil, "", `[]`, nil},
		{"get client", func(c *Client) error { _, err := c.GetClient(ctx, 1, 2); return err },
			"GET", "/api/v9/workspaces/1/clients/2", nil, "", `{"id":2}`, nil},
		{"create client", func(c *Client) error {
			_, err := c.CreateClient(ctx, 7435584, ClientPayload{Name: "Acme", Notes: Ptr("from Attio")})
			return err
		}, "POST", "/api/v9/workspaces/7435584/clients", nil, `{"name":"Acme","notes":"from Attio"}`, `{"id":3}`, nil},
		{"update client", func(c *Client) error {
			_, err := c.UpdateClient(ctx, 7435584, 3, ClientPayload{Name: "Acme Inc"})
			return err
		}, "PUT", "/api/v9/workspaces/7435584/clients/3", nil, `{"name":"Acme Inc"}`, `{"id":3}`, nil},
		{"my time entries", func(c *Client) error {
			_, err := c.MyTimeEntries(ctx, TimeEntriesQuery{StartDate: start, EndDate: stop, Meta: true})
			return err
		}, "GET", "/api/v9/me/time_entries", url.Values{"start_date": {"2025-09-01T09:30:00Z"}, "end_date": {"2025-09-01T11:00:00Z"}, "meta": {"true"}}, "", `[]`, nil},
		{"my time entries since", func(c *Client) error {
			_, err := c.MyTimeEntries(ctx, TimeEntriesQuery{Since: start, Before: stop})
			return err
		}, "GET", "/api/v9/me/time_entries", url.Values{"since": {"1756719000"}, "before": {"2025-09-01T11:00:00Z"}}, "", `[]`, nil},
		{"current time entry", func(c *Client) error { _, err := c.CurrentTimeEntry(ctx); return err },
			"GET", "/api/v9/me/time_entries/current", nil, "", `null`, nil},
		{"create running time entry", func(c *Client) error {
			_, err := c.CreateTimeEntry(ctx, 7435584, TimeEntryPayload{Start: start, Duration: Ptr(int64(-1)),
				Description: Ptr("demo"), ProjectID: Ptr(int64(43)), Tags: []string{"sync"}})
			return err
		}, "POST", "/api/v9/workspaces/7435584/time_entries", nil,
			`{"created_with":"toggl-attio-sync","workspace_id":7435584,"start":"2025-09-01T09:30:00Z","duration":-1,"description":"demo","project_id":43,"tags":["sync"]}`,
			`{"id":5}`, nil},
		{"update time entry", func(c *Client) error {
			_, err := c.UpdateTimeEntry(ctx, 7435584, 5, TimeEntryPayload{Stop: &stop, Billable: Ptr(true)})
			return err
		}, "PUT", "/api/v9/workspaces/7435584/time_entries/5", nil,
			`{"workspace_id":7435584,"stop":"2025-09-01T11:00:00Z","billable":true}`, `{"id":5}`, nil},
		{"stop time entry", func(c *Client) error { _, err := c.StopTimeEntry(ctx, 7435584, 5); return err },
			"PATCH", "/api/v9/workspaces/7435584/time_entries/5/stop", nil, "", `{"id":5}`, nil},
		{"delete time entry", func(c *Client) error { return c.DeleteTimeEntry(ctx, 7435584, 5) },
			"DELETE", "/api/v9/workspaces/7435584/time_entries/5", nil, "", ``, nil},
		{"report page", func(c *Client) error {
			_, err := c.SearchTimeEntriesPage(ctx, 7435584, DetailedSearch{StartDate: "2025-08-01", EndDate: "2025-08-31",
				PageSize: 100, OrderBy: "last_update", EnrichResponse: true, ProjectIDs: []int64{43}})
			return err
		}, "POST", "/reports/api/v3/workspace/7435584/search/time_entries", nil,
			`{"start_date":"2025-08-01","end_date":"2025-08-31","page_size":100,"order_by":"last_update","enrich_response":true,"project_ids":[43]}`,
			`[]`, nil},
		{"event filters", func(c *Client) error { _, err := c.WebhookEventFilters(ctx); return err },
			"GET", "/webhooks/api/v1/event_filters", nil, "", `{"project":["created"]}`, nil},
		{"webhook limits", func(c *Client) error { _, err := c.WebhookLimits(ctx, 7435584); return err },
			"GET", "/webhooks/api/v1/limits/7435584", nil, "", `{"max_webhooks":1,"max_events_per_webhook":3}`, nil},
		{"webhook status", func(c *Client) error { _, err := c.WebhookStatus(ctx); return err },
			"GET", "/webhooks/api/v1/status", nil, "", `{"status":"OK"}`, nil},
		{"list subscriptions", func(c *Client) error { _, err := c.ListSubscriptions(ctx, 7435584); return err },
			"GET", "/webhooks/api/v1/subscriptions/7435584", nil, "", `[]`, nil},
		{"create subscription", func(c *Client) error {
			_, err := c.CreateSubscription(ctx, 7435584, SubscriptionInput{URLCallback: "https://sync.example/webhooks/toggl/1",
				EventFilters: []EventFilter{{"time_entry", "*"}}, Enabled: true, Description: "toggl-attio-sync 1"})
			return err
		}, "POST", "/webhooks/api/v1/subscriptions/7435584", nil,
			`{"url_callback":"https://sync.example/webhooks/toggl/1","event_filters":[{"entity":"time_entry","action":"*"}],"enabled":true,"description":"toggl-attio-sync 1"}`,
			`{"subscription_id":10}`, nil},
		{"update subscription", func(c *Client) error {
			_, err := c.UpdateSubscription(ctx, 7435584, 10, SubscriptionInput{URLCallback: "https://sync.example/x",
				EventFilters: []EventFilter{{"*", "*"}}, Enabled: false, Description: "d", Secret: "new secret string"})
			return err
		}, "PUT", "/webhooks/api/v1/subscriptions/7435584/10", nil,
			`{"url_callback":"https://sync.example/x","event_filters":[{"entity":"*","action":"*"}],"enabled":false,"description":"d","secret":"new secret string"}`,
			`{"subscription_id":10}`, nil},
		{"disable subscription", func(c *Client) error { _, err := c.SetSubscriptionEnabled(ctx, 7435584, 10, false); return err },
			"PATCH", "/webhooks/api/v1/subscriptions/7435584/10", nil, `{"enabled":false}`, `{"subscription_id":10}`, nil},
		{"delete subscription", func(c *Client) error { _, err := c.DeleteSubscription(ctx, 7435584, 10); return err },
			"DELETE", "/webhooks/api/v1/subscriptions/7435584/10", nil, "", `{"subscription_id":10}`, nil},
		{"ping", func(c *Client) error { _, err := c.PingSubscription(ctx, 7435584, 10); return err },
			"POST", "/webhooks/api/v1/ping/7435584/10", nil, "", `{"status":"ok"}`, nil},
		{"validate", func(c *Client) error {
			return c.ValidateSubscription(ctx, 7435584, 10710, "89627dd73f2044f2f73815d665bbce33")
		}, "GET", "/webhooks/api/v1/validate/7435584/10710/89627dd73f2044f2f73815d665bbce33", nil, "", `"OK"`, nil},
		{"subscription events", func(c *Client) error { _, err := c.SubscriptionEvents(ctx, 7435584, 10, 20); return err },
			"GET", "/webhooks/api/v1/subscriptions/7435584/10/events", url.Values{"offset": {"20"}}, "", `{"total":0,"events":[]}`, nil},
	}
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte("secret-token:api_token"))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
				writeRaw(w, 200, tc.answer)
			})
			c := newTestClient(t, rec, Options{APIToken: "secret-token", UserAgent: "test-agent/1"})
			if err := tc.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("sent %d requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Method != tc.method || got.Path != tc.path {
				t.Errorf("sent %s %s, want %s %s", got.Method, got.Path, tc.method, tc.path)
			}
			gotQuery, _ := url.ParseQuery(got.RawQuery)
			if len(gotQuery) == 0 {
				gotQuery = nil
			}
			if !reflect.DeepEqual(gotQuery, tc.query) {
				t.Errorf("query %v, want %v", gotQuery, tc.query)
			}
			if a := got.Header.Get("Authorization"); a != wantAuth {
				t.Errorf("Authorization %q, want %q", a, wantAuth)
			}
			if ua := got.Header.Get("User-Agent"); ua != "test-agent/1" {
				t.Errorf("User-Agent %q", ua)
			}
			if tc.body == "" {
				if len(got.Body) != 0 {
					t.Errorf("unexpected body %s", got.Body)
				}
				return
			}
			if ct := got.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			jsonEqual(t, got.Body, tc.body)
		})
	}
}

func TestDefaultUserAgentAndBaseURL(t *testing.T) {
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, `{"id":1}`) })
	c := newTestClient(t, rec, Options{})
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatal(err)
	}
	if ua := rec.requests()[0].Header.Get("User-Agent"); ua != DefaultUserAgent {
		t.Errorf("User-Agent %q", ua)
	}
	d, err := New(Options{APIToken: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if d.base != DefaultBaseURL {
		t.Errorf("default base %q", d.base)
	}
	// A base with a trailing slash or path prefix keeps the API prefix intact.
	p, _ := New(Options{APIToken: "x", BaseURL: "http://127.0.0.1:9/toggl/"})
	if p.base != "http://127.0.0.1:9/toggl" {
		t.Errorf("base %q", p.base)
	}
}

func TestClientSideValidation(t *testing.T) {
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, `[]`) })
	c := newTestClient(t, rec, Options{})
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["per_page over 200"] = c.ListProjects(ctx, 1, ProjectsQuery{PerPage: 201})
	_, checks["project without name"] = c.CreateProject(ctx, 1, ProjectPayload{Active: Ptr(true)})
	_, checks["client without name"] = c.CreateClient(ctx, 1, ClientPayload{})
	_, checks["client update without name"] = c.UpdateClient(ctx, 1, 2, ClientPayload{Notes: Ptr("n")})
	_, checks["entry without start"] = c.CreateTimeEntry(ctx, 1, TimeEntryPayload{})
	_, checks["start_date alone"] = c.MyTimeEntries(ctx, TimeEntriesQuery{StartDate: time.Now()})
	_, checks["subscription without filters"] = c.CreateSubscription(ctx, 1, SubscriptionInput{URLCallback: "https://x", Description: "d"})
	_, checks["subscription without description"] = c.CreateSubscription(ctx, 1, SubscriptionInput{URLCallback: "https://x", EventFilters: []EventFilter{{"*", "*"}}})
	checks["empty validation code"] = c.ValidateSubscription(ctx, 1, 2, "")
	for name, err := range checks {
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests sent for invalid calls", n)
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New without token accepted")
	}
	if _, err := New(Options{APIToken: "x", BaseURL: "api.track.toggl.com"}); err == nil {
		t.Error("relative BaseURL accepted")
	}
}
