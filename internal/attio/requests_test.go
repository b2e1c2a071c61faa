package attio

import (
	"context"
	"net/http"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiotype"
)

// requestCase is one client call with the request it must produce.
type requestCase struct {
	name     string
	call     func(ctx context.Context, c *Client) error
	method   string
	path     string
	query    string
	body     string // "" = no body
	response string
	wantKind Kind
}

// requestCases cover every endpoint of the client, with the bodies docs/api/attio.md documents.
func requestCases() []requestCase {
	ts := time.Date(2026, 3, 2, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	desc := "Toggl project id"
	full := AccessFull
	return []requestCase{
		{name: "self", method: "GET", path: "/v2/self", response: `{"active":false}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.Self(ctx); return err }},
		{name: "list objects", method: "GET", path: "/v2/objects", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.ListObjects(ctx); return err }},
		{name: "get object", method: "GET", path: "/v2/objects/projects", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.GetObject(ctx, "projects"); return err }},
		{name: "create object", method: "POST", path: "/v2/objects", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"api_slug":"projects","singular_noun":"Project","plural_noun":"Projects"}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateObject(ctx, CreateObjectInput{APISlug: "projects", SingularNoun: "Project", PluralNoun: "Projects"})
				return err
			}},
		{name: "list object attributes", method: "GET", path: "/v2/objects/projects/attributes", query: "limit=50&offset=100&show_archived=true", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListAttributes(ctx, Objects, "projects", ListAttributesParams{PageParams{50, 100}, true})
				return err
			}},
		{name: "list list attributes", method: "GET", path: "/v2/lists/time_entries/attributes", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListAttributes(ctx, Lists, "time_entries", ListAttributesParams{})
				return err
			}},
		{name: "create attribute", method: "POST", path: "/v2/objects/projects/attributes", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"title":"Toggl project","description":"Toggl project id","api_slug":"toggl_project_id","type":"text","is_required":false,"is_unique":true,"is_multiselect":false,"config":{}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateAttribute(ctx, Objects, "projects", CreateAttributeInput{Title: "Toggl project", Description: &desc, APISlug: "toggl_project_id", Type: attiotype.Text, IsUnique: true})
				return err
			}},
		{name: "create record-reference attribute on list", method: "POST", path: "/v2/lists/time_entries/attributes", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"title":"Company","description":null,"api_slug":"company","type":"record-reference","is_required":false,"is_unique":false,"is_multiselect":false,"config":{"record_reference":{"allowed_objects":["companies"]}}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateAttribute(ctx, Lists, "time_entries", CreateAttributeInput{Title: "Company", APISlug: "company", Type: attiotype.RecordReference,
					Config: AttributeConfig{RecordReference: &RecordReferenceConfig{AllowedObjects: []string{"companies"}}}})
				return err
			}},
		{name: "create currency attribute", method: "POST", path: "/v2/objects/projects/attributes", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"title":"Budget","description":null,"api_slug":"budget","type":"currency","is_required":false,"is_unique":false,"is_multiselect":false,"config":{"currency":{"default_currency_code":"EUR","display_type":"symbol"}}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateAttribute(ctx, Objects, "projects", CreateAttributeInput{Title: "Budget", APISlug: "budget", Type: attiotype.Currency,
					Config: AttributeConfig{Currency: &CurrencyConfig{DefaultCurrencyCode: "EUR", DisplayType: "symbol"}}})
				return err
			}},
		{name: "list select options", method: "GET", path: "/v2/objects/projects/attributes/project_type/options", query: "show_archived=true", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListSelectOptions(ctx, Objects, "projects", "project_type", true)
				return err
			}},
		{name: "create select option", method: "POST", path: "/v2/objects/projects/attributes/project_type/options", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"title":"Retainer"}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateSelectOption(ctx, Objects, "projects", "project_type", "Retainer")
				return err
			}},
		{name: "list statuses", method: "GET", path: "/v2/lists/time_entries/attributes/stage/statuses", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListStatuses(ctx, Lists, "time_entries", "stage", false)
				return err
			}},
		{name: "create status", method: "POST", path: "/v2/lists/time_entries/attributes/stage/statuses", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"title":"Billed","celebration_enabled":true}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateStatus(ctx, Lists, "time_entries", "stage", CreateStatusInput{Title: "Billed", CelebrationEnabled: true})
				return err
			}},
		{name: "create record", method: "POST", path: "/v2/objects/projects/records", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"values":{"name":[{"value":"Website"}],"hours":[{"value":12.5}],"billable":[{"value":true}],` +
				`"last_synced_at":[{"value":"2026-03-02T09:30:00.000000000Z"}],"start_date":[{"value":"2026-03-02"}],` +
				`"project_type":[{"option":"Retainer"}],"company":[{"target_object":"companies","target_record_id":"891dcbfc-9141-415d-9b2a-2238a6cc012d"}],` +
				`"budget":[{"currency_value":1999.5}],"tags":[]}}}`,
			call: func(ctx context.Context, c *Client) error {
				v := Values{}.
					Set("name", Text("Website")).
					Set("hours", Number(12.5)).
					Set("billable", Checkbox(true)).
					Set("last_synced_at", Timestamp(ts)).
					Set("start_date", Date(day)).
					Set("project_type", SelectTitle("Retainer")).
					Set("company", RecordRef("companies", "891dcbfc-9141-415d-9b2a-2238a6cc012d")).
					Set("budget", Currency(1999.5)).
					Set("tags")
				_, err := c.CreateRecord(ctx, "projects", v)
				return err
			}},
		{name: "assert record", method: "PUT", path: "/v2/objects/companies/records", query: "matching_attribute=domains", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"values":{"domains":[{"domain":"acme.com"}],"name":[{"value":"Acme"}]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AssertRecord(ctx, "companies", "domains", Values{"domains": {Domain("acme.com")}, "name": {Text("Acme")}})
				return err
			}},
		{name: "get record", method: "GET", path: "/v2/objects/projects/records/bf071e1f-6035-429d-b874-d83ea64ea13b", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetRecord(ctx, "projects", "bf071e1f-6035-429d-b874-d83ea64ea13b")
				return err
			}},
		{name: "patch record", method: "PATCH", path: "/v2/objects/projects/records/r1", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"values":{"stage":[{"status":"In Progress"}]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PatchRecord(ctx, "projects", "r1", Values{"stage": {StatusTitle("In Progress")}})
				return err
			}},
		{name: "put record", method: "PUT", path: "/v2/objects/people/records/r1", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"values":{"email_addresses":[{"email_address":"a@b.com"}]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PutRecord(ctx, "people", "r1", Values{"email_addresses": {EmailAddress("a@b.com")}})
				return err
			}},
		{name: "delete record", method: "DELETE", path: "/v2/objects/projects/records/r1", response: `{}`, wantKind: Write,
			call: func(ctx context.Context, c *Client) error { return c.DeleteRecord(ctx, "projects", "r1") }},
		{name: "query records (not wrapped in data)", method: "POST", path: "/v2/objects/projects/records/query", response: `{"data":[]}`,
			body: `{"filter":{"toggl_project_id":"123"},"sorts":[{"direction":"asc","attribute":"name"},{"direction":"desc","path":[["projects","company"],["companies","name"]]}],"limit":20,"offset":40}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.QueryRecords(ctx, "projects", Query{
					Filter: Filter{"toggl_project_id": "123"},
					Sorts:  []Sort{{Direction: "asc", Attribute: "name"}, {Direction: "desc", Path: [][2]string{{"projects", "company"}, {"companies", "name"}}}},
					Limit:  20, Offset: 40,
				})
				return err
			}},
		{name: "query records empty", method: "POST", path: "/v2/objects/projects/records/query", response: `{"data":[]}`, body: `{}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.QueryRecords(ctx, "projects", Query{})
				return err
			}},
		{name: "list lists", method: "GET", path: "/v2/lists", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.ListLists(ctx); return err }},
		{name: "get list", method: "GET", path: "/v2/lists/time_entries", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.GetList(ctx, "time_entries"); return err }},
		{name: "create list", method: "POST", path: "/v2/lists", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"name":"Time entries","api_slug":"time_entries","parent_object":"projects","workspace_access":"full-access","workspace_member_access":[]}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateList(ctx, CreateListInput{Name: "Time entries", APISlug: "time_entries", ParentObject: "projects", WorkspaceAccess: &full})
				return err
			}},
		{name: "create entry with no values", method: "POST", path: "/v2/lists/time_entries/entries", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"parent_record_id":"891dcbfc-9141-415d-9b2a-2238a6cc012d","parent_object":"projects","entry_values":{}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateEntry(ctx, "time_entries", EntryInput{ParentRecordID: "891dcbfc-9141-415d-9b2a-2238a6cc012d", ParentObject: "projects"})
				return err
			}},
		{name: "assert entry", method: "PUT", path: "/v2/lists/time_entries/entries", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"parent_record_id":"p1","parent_object":"projects","entry_values":{"duration":[{"value":3600}]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.AssertEntry(ctx, "time_entries", EntryInput{ParentRecordID: "p1", ParentObject: "projects", EntryValues: Values{"duration": {Number(3600)}}})
				return err
			}},
		{name: "get entry", method: "GET", path: "/v2/lists/time_entries/entries/e1", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetEntry(ctx, "time_entries", "e1")
				return err
			}},
		{name: "patch entry", method: "PATCH", path: "/v2/lists/time_entries/entries/e1", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"entry_values":{"description":[{"value":"x"}]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PatchEntry(ctx, "time_entries", "e1", Values{"description": {Text("x")}})
				return err
			}},
		{name: "put entry", method: "PUT", path: "/v2/lists/time_entries/entries/e1", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"entry_values":{"tags":[]}}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.PutEntry(ctx, "time_entries", "e1", Values{"tags": nil})
				return err
			}},
		{name: "delete entry", method: "DELETE", path: "/v2/lists/time_entries/entries/e1", response: `{}`, wantKind: Write,
			call: func(ctx context.Context, c *Client) error { return c.DeleteEntry(ctx, "time_entries", "e1") }},
		{name: "query entries", method: "POST", path: "/v2/lists/time_entries/entries/query", response: `{"data":[]}`,
			body: `{"filter":{"toggl_time_entry_id":"42"},"limit":1}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.QueryEntries(ctx, "time_entries", Query{Filter: Filter{"toggl_time_entry_id": "42"}, Limit: 1})
				return err
			}},
		{name: "create webhook", method: "POST", path: "/v2/webhooks", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"target_url":"https://sync.example.com/webhooks/attio/1","subscriptions":[{"event_type":"record.updated","filter":null},` +
				`{"event_type":"list-entry.updated","filter":{"$and":[{"field":"id.list_id","operator":"equals","value":"33ebdbe9-e529-47c9-b894-0ba25e9c15c0"}]}}]}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateWebhook(ctx, CreateWebhookInput{TargetURL: "https://sync.example.com/webhooks/attio/1", Subscriptions: []Subscription{
					{EventType: EventRecordUpdated},
					{EventType: EventListEntryUpdated, Filter: &WebhookFilter{And: []WebhookCondition{{"id.list_id", "equals", "33ebdbe9-e529-47c9-b894-0ba25e9c15c0"}}}},
				}})
				return err
			}},
		{name: "list webhooks", method: "GET", path: "/v2/webhooks", query: "limit=100&offset=200", response: `{"data":[]}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListWebhooks(ctx, PageParams{Limit: 100, Offset: 200})
				return err
			}},
		{name: "get webhook", method: "GET", path: "/v2/webhooks/23e42eaf-323a-41da-b5bb-fd67eebda553", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.GetWebhook(ctx, "23e42eaf-323a-41da-b5bb-fd67eebda553")
				return err
			}},
		{name: "update webhook", method: "PATCH", path: "/v2/webhooks/w1", response: `{"data":{}}`, wantKind: Write,
			body: `{"data":{"target_url":"https://new.example.com/hook"}}`,
			call: func(ctx context.Context, c *Client) error {
				_, err := c.UpdateWebhook(ctx, "w1", UpdateWebhookInput{TargetURL: "https://new.example.com/hook"})
				return err
			}},
		{name: "delete webhook", method: "DELETE", path: "/v2/webhooks/w1", response: `{}`, wantKind: Write,
			call: func(ctx context.Context, c *Client) error { return c.DeleteWebhook(ctx, "w1") }},
		{name: "path segments are escaped", method: "GET", path: "/v2/objects/a%2Fb/records/c%20d", response: `{"data":{}}`,
			call: func(ctx context.Context, c *Client) error { _, err := c.GetRecord(ctx, "a/b", "c d"); return err }},
	}
}

// TestRequestShapes checks method, escaped path, query and JSON body of every call against
// docs/api/attio.md (and the spec's request schemas), plus the auth and content headers.
func TestRequestShapes(t *testing.T) {
	for _, tc := range requestCases() {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, 200, tc.response) })
			clock := newFakeClock()
			c := newTestClient(t, rec.srv.URL, clock)
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.Path != tc.path || r.RawQuery != tc.query {
				t.Errorf("request %s %s?%s, want %s %s?%s", r.Method, r.Path, r.RawQuery, tc.method, tc.path, tc.query)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer test-token" {
				t.Errorf("Authorization = %q", got)
			}
			if tc.body == "" {
				if len(r.Body) != 0 {
					t.Errorf("unexpected body %s", r.Body)
				}
			} else {
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
				jsonEqual(t, r.Body, tc.body)
			}
			st := c.Stats()
			if tc.wantKind == Write && (st.Writes != 1 || st.Reads != 0) || tc.wantKind == Read && (st.Reads != 1 || st.Writes != 0) {
				t.Errorf("stats %+v, want one %s", st, tc.wantKind)
			}
		})
	}
}

func TestNewValidatesOptions(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without token succeeded")
	}
	if _, err := New(Options{AccessToken: "x", BaseURL: "ftp://x"}); err == nil {
		t.Error("New with ftp base URL succeeded")
	}
	c, err := New(Options{AccessToken: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.base != DefaultBaseURL {
		t.Errorf("base = %q", c.base)
	}
}
