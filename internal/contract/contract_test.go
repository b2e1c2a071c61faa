package contract

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	togglAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef:api_token"))
	attioAuth = "Bearer attio-test-token"
)

// Bodies shaped like the vendors' real answers (docs/api/toggl.md §2.2, §4; docs/api/attio.md §3).
const (
	togglProject = `{"id":202,"workspace_id":1,"wid":1,"name":"Website","active":true,"is_private":false,` +
		`"billable":false,"color":"#06aaf5","cid":null,"client_id":null,"rate":null,"fixed_fee":null,` +
		`"start_date":"2024-01-01","end_date":null,"permissions":null,"recurring":false,` +
		`"recurring_parameters":null,"server_deleted_at":null,"at":"2024-01-02T10:00:00+00:00"}`
	// The payload of the captured "created" webhook event: a running entry.
	togglRunningEntry = `{"at":"2023-07-17T11:43:32+00:00","billable":false,"description":"test",` +
		`"duration":-1689594212,"duronly":true,"id":3050537739,"project_id":null,` +
		`"server_deleted_at":null,"start":"2023-07-17T11:43:32Z","stop":null,` +
		`"tag_ids":null,"tags":[],"task_id":null,"uid":9547721,"user_id":9547721,` +
		`"wid":7435584,"workspace_id":7435584}`
	attioCreateBody = `{"data":{"values":{"name":[{"value":"Ada Lovelace"}],"email_addresses":["ada@example.com"]}}}`
)

// attioRecord is a GET record answer with one text value created by the given actor id (JSON).
func attioRecord(actorID string) string {
	return `{"data":{"id":{"workspace_id":"14beef7a-99f7-4534-a87e-70b564330a4c",` +
		`"object_id":"97052eb9-e65e-443f-a297-f2d9a4a7f795","record_id":"bf071e1f-6035-429d-b874-d83ea64ea13b"},` +
		`"created_at":"2023-08-22T11:50:51.000000000Z",` +
		`"web_url":"https://app.attio.com/acme/person/bf071e1f-6035-429d-b874-d83ea64ea13b",` +
		`"values":{"description":[{"active_from":"2023-08-22T11:50:51.000000000Z","active_until":null,` +
		`"created_by_actor":{"type":"system","id":` + actorID + `},` +
		`"value":"Met at a conference","attribute_type":"text"}]}}}`
}

// exchangeCase is one request, optionally with a response, and what the validator must say.
type exchangeCase struct {
	name         string
	spec         Spec
	method, path string
	auth         string
	reqBody      string
	status       int // 0: check the request only
	contentType  string
	respBody     string
	want         string // "" = no problem; else a substring of some problem
}

func TestValidatorCases(t *testing.T) {
	const recordsPath = "/v2/objects/people/records"
	const recordPath = recordsPath + "/bf071e1f-6035-429d-b874-d83ea64ea13b"
	const projectPath = "/api/v9/workspaces/1/projects/202"
	const eventsPath = "/webhooks/api/v1/subscriptions/1/10713/events"
	cases := []exchangeCase{
		// Attio request bodies
		{name: "attio create record", spec: Attio, method: "POST", path: recordsPath, auth: attioAuth,
			reqBody: attioCreateBody},
		{name: "attio create without data wrapper", spec: Attio, method: "POST", path: recordsPath, auth: attioAuth,
			reqBody: `{"values":{"name":[{"value":"Ada"}]}}`, want: "data"},
		{name: "attio values as bare scalars", spec: Attio, method: "POST", path: recordsPath, auth: attioAuth,
			reqBody: `{"data":{"values":{"name":"X"}}}`, want: "$.data.values.name"},
		{name: "attio without bearer", spec: Attio, method: "POST", path: recordsPath,
			reqBody: attioCreateBody, want: "Bearer"},
		{name: "attio with basic instead of bearer", spec: Attio, method: "GET", path: "/v2/self",
			auth: "Basic dG9rZW46", want: "Bearer"},
		{name: "attio empty bearer", spec: Attio, method: "GET", path: "/v2/self", auth: "Bearer ", want: "Bearer"},
		// Attio responses
		{name: "attio system actor with null id", spec: Attio, method: "GET", path: recordPath, auth: attioAuth,
			status: 200, contentType: "application/json", respBody: attioRecord("null")},
		{name: "attio actor id of wrong type", spec: Attio, method: "GET", path: recordPath, auth: attioAuth,
			status: 200, contentType: "application/json", respBody: attioRecord("5"),
			want: "got number, want null or string at $.data.values.description[0].created_by_actor.id"},
		{name: "attio 404 with its error body", spec: Attio, method: "GET", path: recordPath, auth: attioAuth,
			status: 404, contentType: "application/json",
			respBody: `{"status_code":404,"type":"invalid_request_error","code":"not_found","message":"Record with ID \"x\" not found."}`},
		{name: "attio 404 body missing fields", spec: Attio, method: "GET", path: recordPath, auth: attioAuth,
			status: 404, contentType: "application/json", respBody: `{"message":"nope"}`, want: "status_code"},
		{name: "attio 429 body is not checked", spec: Attio, method: "POST", path: recordsPath, auth: attioAuth,
			reqBody: attioCreateBody, status: 429, contentType: "application/json",
			respBody: `{"status_code":429,"type":"rate_limit_error","code":"rate_limit_exceeded","message":"Rate limit exceeded"}`},
		{name: "attio undeclared 401 on a secured operation", spec: Attio, method: "GET", path: "/v2/self", auth: attioAuth,
			status: 401, contentType: "application/json",
			respBody: `{"status_code":401,"type":"auth_error","code":"unauthorized","message":"bad token"}`},
		{name: "attio undeclared 418", spec: Attio, method: "GET", path: "/v2/self", auth: attioAuth,
			status: 418, contentType: "text/plain", respBody: "teapot", want: "status 418 is not declared"},
		{name: "attio path newer than the spec", spec: Attio, method: "POST", path: "/v2/objects/records/search",
			auth: attioAuth, reqBody: `{"query":"x"}`, want: "no path matching"},

		// Toggl Track
		{name: "toggl project", spec: TogglTrack, method: "GET", path: projectPath, auth: togglAuth,
			status: 200, contentType: "application/json", respBody: togglProject},
		{name: "toggl project with numeric name", spec: TogglTrack, method: "GET", path: projectPath, auth: togglAuth,
			status: 200, contentType: "application/json",
			respBody: strings.Replace(togglProject, `"name":"Website"`, `"name":5`, 1), want: "name"},
		{name: "toggl request without basic auth", spec: TogglTrack, method: "GET", path: "/api/v9/me",
			want: "Authorization"},
		{name: "toggl basic auth that is not user:password", spec: TogglTrack, method: "GET", path: "/api/v9/me",
			auth: "Basic !!!", want: "well-formed"},
		{name: "toggl quota without auth (rewrite C2)", spec: TogglTrack, method: "GET", path: "/api/v9/me/quota",
			want: "Authorization"},
		{name: "toggl project list with paging only (patch T2)", spec: TogglTrack, method: "GET",
			path: "/api/v9/workspaces/1/projects?page=1&per_page=200", auth: togglAuth},
		{name: "toggl running time entry with stop null", spec: TogglTrack, method: "GET",
			path: "/api/v9/me/time_entries/current", auth: togglAuth,
			status: 200, contentType: "application/json", respBody: togglRunningEntry},
		{name: "toggl time entry with numeric stop", spec: TogglTrack, method: "GET",
			path: "/api/v9/me/time_entries/current", auth: togglAuth, status: 200, contentType: "application/json",
			respBody: strings.Replace(togglRunningEntry, `"stop":null`, `"stop":12`, 1), want: "stop"},
		{name: "toggl unknown path", spec: TogglTrack, method: "GET", path: "/api/v9/no_such_thing", auth: togglAuth,
			want: "no path matching"},
		{name: "toggl undeclared method", spec: TogglTrack, method: "DELETE", path: "/api/v9/me", auth: togglAuth,
			want: "no DELETE operation"},
		{name: "toggl path without its base path", spec: TogglTrack, method: "GET", path: "/workspaces/1/projects",
			auth: togglAuth, want: "prefix /api/v9"},
		{name: "toggl 403 as plain text", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 403, contentType: "text/plain; charset=utf-8", respBody: "Incorrect username and/or password"},
		{name: "toggl 403 as a JSON string", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 403, contentType: "application/json", respBody: `"Incorrect username and/or password"`},
		{name: "toggl 403 as a JSON object", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 403, contentType: "application/json", respBody: `{"error":"forbidden"}`, want: "got object, want string at $"},
		{name: "toggl undeclared 402 quota", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 402, contentType: "text/plain", respBody: "quota exceeded"},
		{name: "toggl undeclared 503", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 503, contentType: "text/plain", respBody: "unavailable"},
		{name: "toggl undeclared 409", spec: TogglTrack, method: "GET", path: "/api/v9/me", auth: togglAuth,
			status: 409, contentType: "text/plain", respBody: "conflict", want: "status 409 is not declared"},
		{name: "toggl 200 as plain text", spec: TogglTrack, method: "GET", path: projectPath, auth: togglAuth,
			status: 200, contentType: "text/plain", respBody: "Website", want: "text/plain"},

		// Toggl Webhooks
		{name: "toggl events listing (allow-listed)", spec: TogglWebhooks, method: "GET", path: eventsPath + "?offset=0",
			auth: togglAuth, status: 200, contentType: "application/json", respBody: `{"total":0,"events":[]}`},
		{name: "toggl events listing without auth", spec: TogglWebhooks, method: "GET", path: eventsPath,
			want: "Authorization: Basic"},
		{name: "toggl events listing, other method", spec: TogglWebhooks, method: "DELETE", path: eventsPath,
			auth: togglAuth, want: "no path matching"},
		{name: "toggl webhook subscription with null validated_at", spec: TogglWebhooks, method: "GET",
			path: "/webhooks/api/v1/subscriptions/1", auth: togglAuth, status: 200, contentType: "application/json",
			respBody: `[{"subscription_id":10713,"workspace_id":1,"user_id":9,"enabled":true,"description":"sync",` +
				`"event_filters":[{"entity":"*","action":"*"}],"url_callback":"https://example.com/hook",` +
				`"secret":"s","validated_at":null,"has_pending_events":false,"created_at":"2024-01-01T00:00:00Z",` +
				`"updated_at":"2024-01-01T00:00:00Z"}]`},
		{name: "toggl limits without auth (rewrite C3)", spec: TogglWebhooks, method: "GET",
			path: "/webhooks/api/v1/limits/1", want: "Authorization"},

		// Toggl Reports
		{name: "toggl detailed report search", spec: TogglReports, method: "POST",
			path: "/reports/api/v3/workspace/1/search/time_entries", auth: togglAuth,
			reqBody: `{"start_date":"2024-01-01","end_date":"2024-01-31","page_size":50}`,
			status:  200, contentType: "application/json",
			respBody: `[{"user_id":9,"username":"ada","project_id":null,"task_id":null,"billable":false,` +
				`"description":"x","tag_ids":[],"row_number":1,"time_entries":[{"id":1,"seconds":60,` +
				`"start":"2024-01-02T10:00:00+00:00","stop":"2024-01-02T10:01:00+00:00","at":"2024-01-02T10:01:00+00:00"}]}]`},
		{name: "toggl detailed report totals", spec: TogglReports, method: "POST",
			path: "/reports/api/v3/workspace/1/search/time_entries/totals", auth: togglAuth,
			reqBody: `{"start_date":"2024-01-01","end_date":"2024-01-31","user_ids":[9],"project_ids":[null]}`,
			status:  200, contentType: "application/json",
			respBody: `{"seconds":60,"tracked_days":1,"billable_amount_in_cents":0,"rates":[],"graph":null}`},
		{name: "toggl report totals with a string user id", spec: TogglReports, method: "POST",
			path: "/reports/api/v3/workspace/1/search/time_entries/totals", auth: togglAuth,
			reqBody: `{"start_date":"2024-01-01","user_ids":["9"]}`, want: "user_ids"},
		{name: "toggl detailed report with a string page size", spec: TogglReports, method: "POST",
			path: "/reports/api/v3/workspace/1/search/time_entries", auth: togglAuth,
			reqBody: `{"start_date":"2024-01-01","end_date":"2024-01-31","page_size":"50"}`, want: "page_size"},
	}
	runExchangeCases(t, cases)
}

// runExchangeCases checks each case's request (and response, if any) with the shared validator.
func runExchangeCases(t *testing.T, cases []exchangeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := mustLoad(t, tc.spec)
			req := newRequest(tc.method, tc.path, tc.auth, tc.reqBody)
			problems := v.CheckRequest(req)
			if tc.status != 0 {
				problems = append(problems, v.CheckResponse(req, newResponse(tc.status, tc.contentType, tc.respBody))...)
			}
			assertProblems(t, problems, tc.want)
		})
	}
}

func assertProblems(t *testing.T, problems []string, want string) {
	t.Helper()
	if want == "" {
		if len(problems) > 0 {
			t.Fatalf("want no problem, got:\n%s", strings.Join(problems, "\n"))
		}
		return
	}
	for _, p := range problems {
		if strings.Contains(p, want) {
			t.Logf("reported as expected:\n%s", strings.Join(problems, "\n"))
			return
		}
	}
	t.Fatalf("want a problem mentioning %q, got %d:\n%s", want, len(problems), strings.Join(problems, "\n"))
}

func TestSpecFor(t *testing.T) {
	cases := []struct {
		path string
		want Spec
		ok   bool
	}{
		{"/api/v9/me", TogglTrack, true},
		{"/api/v9", TogglTrack, true},
		{"/api/v9x/me", 0, false},
		{"/webhooks/api/v1/subscriptions/1", TogglWebhooks, true},
		{"/reports/api/v3/workspace/1/search/time_entries", TogglReports, true},
		{"/v2/objects/people/records", Attio, true},
		{"/v2", Attio, true},
		{"/v22/objects", 0, false},
		{"/insights/api/v1/workspace/1/data_trends/projects", 0, false},
		{"/webhooks/toggl/1", 0, false},
		{"/", 0, false},
	}
	for _, tc := range cases {
		got, ok := SpecFor(tc.path)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("SpecFor(%q) = %v, %v; want %v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
}

// Each spec loads, and loading is timed for the record (logged, never asserted).
func TestLoadEverySpec(t *testing.T) {
	for _, s := range []Spec{TogglTrack, TogglWebhooks, TogglReports, Attio} {
		start := time.Now()
		v, err := Load(s)
		if err != nil || v == nil {
			t.Fatalf("Load(%s) = %v, %v", s, v, err)
		}
		t.Logf("Load(%s): %v (zero if an earlier test loaded it)", s, time.Since(start))
		if again, _ := Load(s); again != v {
			t.Errorf("Load(%s) built a second validator", s)
		}
	}
	if _, err := Load(Spec(99)); err == nil {
		t.Error("Load(99) succeeded")
	}
}

func TestCheckRequestLeavesBodyReadable(t *testing.T) {
	v := mustLoad(t, Attio)
	req := newRequest("POST", "/v2/objects/people/records", attioAuth, attioCreateBody)
	if problems := v.CheckRequest(req); len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	got, err := io.ReadAll(req.Body)
	if err != nil || string(got) != attioCreateBody {
		t.Fatalf("body after CheckRequest = %q, %v; want the original", got, err)
	}
}

func TestCheckResponseLeavesBodyReadable(t *testing.T) {
	v := mustLoad(t, TogglTrack)
	req := newRequest("GET", "/api/v9/workspaces/1/projects/202", togglAuth, "")
	resp := newResponse(200, "application/json", togglProject)
	if problems := v.CheckResponse(req, resp); len(problems) > 0 {
		t.Fatalf("unexpected problems: %v", problems)
	}
	got, err := io.ReadAll(resp.Body)
	if err != nil || string(got) != togglProject {
		t.Fatalf("body after CheckResponse = %q, %v; want the original", got, err)
	}
}

// The validators are shared by every test of a binary, so they must take concurrent use.
func TestConcurrentChecks(t *testing.T) {
	track, attio := mustLoad(t, TogglTrack), mustLoad(t, Attio)
	var wg sync.WaitGroup
	failures := make(chan string, 16)
	for i := range 8 {
		wg.Go(func() {
			var problems []string
			if i%2 == 0 {
				req := newRequest("GET", "/api/v9/workspaces/1/projects/202", togglAuth, "")
				problems = track.CheckResponse(req, newResponse(200, "application/json", togglProject))
			} else {
				problems = attio.CheckRequest(newRequest("POST", "/v2/objects/people/records", attioAuth, attioCreateBody))
			}
			if len(problems) > 0 {
				failures <- strings.Join(problems, "; ")
			}
		})
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}

func TestCoveredListsValidatedOperations(t *testing.T) {
	v := mustLoad(t, TogglWebhooks)
	v.CheckRequest(newRequest("POST", "/webhooks/api/v1/ping/1/2", togglAuth, ""))
	v.CheckRequest(newRequest("GET", "/webhooks/api/v1/subscriptions/1/2/events", togglAuth, ""))
	v.CheckRequest(newRequest("GET", "/webhooks/api/v1/nowhere", togglAuth, ""))
	got := strings.Join(Covered(), "\n")
	for _, want := range []string{
		"toggl-webhooks POST /ping/{workspace_id}/{subscription_id}",
		"toggl-webhooks GET /subscriptions/{workspace_id}/{subscription_id}/events (not in spec, allow-listed)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Covered() lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "nowhere") {
		t.Errorf("Covered() lists an unknown path:\n%s", got)
	}
}

func mustLoad(t *testing.T, s Spec) *Validator {
	t.Helper()
	v, err := Load(s)
	if err != nil {
		t.Fatalf("Load(%s): %v", s, err)
	}
	return v
}

// newRequest builds a request as a client would send it to an emulator on loopback.
func newRequest(method, path, auth, body string) *http.Request {
	req := httptest.NewRequest(method, "http://127.0.0.1:8080"+path, strings.NewReader(body))
	if body == "" {
		req = httptest.NewRequest(method, "http://127.0.0.1:8080"+path, nil)
	} else {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	return req
}

func newResponse(status int, contentType, body string) *http.Response {
	resp := &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}
	if contentType != "" {
		resp.Header.Set("Content-Type", contentType)
	}
	return resp
}

// libopenapi keeps a process-wide schema hash cache that every document build clears; building
// two specs at once (two packages' first Load in parallel tests) must still be race-free.
func TestBuildsRunConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for _, s := range []Spec{TogglWebhooks, TogglReports, TogglWebhooks, TogglReports} {
		wg.Go(func() {
			v, err := build(s)
			if err == nil && s == TogglWebhooks {
				if problems := v.CheckRequest(newRequest("POST", "/webhooks/api/v1/ping/1/2", togglAuth, "")); len(problems) > 0 {
					err = fmt.Errorf("%v", problems)
				}
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
