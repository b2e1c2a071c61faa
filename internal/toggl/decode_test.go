package toggl

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The payload of the captured "created" time_entry event (docs/api/toggl.md §2.2): a running entry.
const runningEntrySample = `{
    "at": "2023-07-17T11:43:32+00:00", "billable": false, "description": "test",
    "duration": -1689594212, "duronly": true, "id": 3050537739, "project_id": null,
    "server_deleted_at": null, "start": "2023-07-17T11:43:32Z", "stop": null,
    "tag_ids": null, "tags": [], "task_id": null, "uid": 9547721, "user_id": 9547721,
    "wid": 7435584, "workspace_id": 7435584
  }`

// The payload of the captured "updated" event (docs/api/toggl.md §2.2): the timer stopped.
const stoppedEntrySample = `{
    "at": "2023-08-22T12:43:35+00:00", "billable": false, "description": "C2C-2 !!", "duration": 3001,
    "duronly": true, "id": 3095646709, "project_id": null, "server_deleted_at": null,
    "start": "2023-08-22T11:50:51Z", "stop": "2023-08-22T12:40:52Z", "tag_ids": null, "tags": [],
    "task_id": null, "uid": 9547721, "user_id": 9547721, "wid": 7435584, "workspace_id": 7435584
  }`

func TestDecodeCapturedTimeEntries(t *testing.T) {
	var running TimeEntry
	if err := json.Unmarshal([]byte(runningEntrySample), &running); err != nil {
		t.Fatal(err)
	}
	if running.ID != 3050537739 || running.WorkspaceID != 7435584 || running.UserID != 9547721 {
		t.Errorf("ids: %+v", running)
	}
	if !running.Running() || !running.Stop.IsZero() || running.ProjectID != nil || running.TaskID != nil || running.TagIDs != nil {
		t.Errorf("running entry decoded as %+v", running)
	}
	// duration = −(start Unix seconds) (docs/api/toggl.md §2.2).
	if -running.Duration != running.Start.Unix() {
		t.Errorf("duration %d vs start %d", running.Duration, running.Start.Unix())
	}
	if got := running.Elapsed(running.Start.Add(10 * time.Minute)); got != 10*time.Minute {
		t.Errorf("elapsed %v", got)
	}
	if !running.At.Equal(time.Date(2023, 7, 17, 11, 43, 32, 0, time.UTC)) {
		t.Errorf("at %v", running.At)
	}

	var stopped TimeEntry
	if err := json.Unmarshal([]byte(stoppedEntrySample), &stopped); err != nil {
		t.Fatal(err)
	}
	if stopped.Running() || stopped.Deleted() || stopped.Elapsed(time.Now()) != 3001*time.Second {
		t.Errorf("stopped entry decoded as %+v", stopped)
	}
	if !stopped.Stop.Equal(time.Date(2023, 8, 22, 12, 40, 52, 0, time.UTC)) || stopped.Description != "C2C-2 !!" {
		t.Errorf("stop %v description %q", stopped.Stop, stopped.Description)
	}
}

func TestDecodeLegacyOnlyFields(t *testing.T) {
	var te TimeEntry
	if err := json.Unmarshal([]byte(`{"id":1,"wid":7,"pid":8,"tid":0,"uid":9,"duration":60,"server_deleted_at":"2025-01-02T03:04:05Z"}`), &te); err != nil {
		t.Fatal(err)
	}
	if te.WorkspaceID != 7 || te.ProjectID == nil || *te.ProjectID != 8 || te.TaskID != nil || te.UserID != 9 || !te.Deleted() {
		t.Errorf("legacy ids not used: %+v", te)
	}
	var p Project
	if err := json.Unmarshal([]byte(`{"id":2,"wid":7,"cid":5,"name":"X","rate":null,"fixed_fee":null,"end_date":null,"permissions":null,"billable":null}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.WorkspaceID != 7 || p.ClientID == nil || *p.ClientID != 5 || p.Rate != nil || p.Billable != nil || p.EndDate != "" {
		t.Errorf("project decoded as %+v", p)
	}
	// The current names win over the legacy ones.
	if err := json.Unmarshal([]byte(`{"id":2,"workspace_id":1,"wid":7,"client_id":3,"cid":5}`), &p); err != nil {
		t.Fatal(err)
	}
	if p.WorkspaceID != 1 || *p.ClientID != 3 {
		t.Errorf("legacy overrode current: %+v", p)
	}
}

// The create answer from the docs (docs/api/toggl.md §1.3), with the placeholders filled in.
const subscriptionSample = `{"subscription_id": 1, "workspace_id": 7435584, "user_id": 9547721, "enabled": true,
 "description": "My first Webhooks subscription",
 "event_filters": [{"entity": "project","action": "created"},{"entity": "tag","action": "*"}],
 "url_callback": "https://sync.example/webhooks/toggl/1", "secret": "PGuRrhCFajIyEvFlreKL", "validated_at": null, "has_pending_events": false,
 "created_at": "2022-05-31T02:50:45.984607Z"}`

func TestDecodeSubscriptionSample(t *testing.T) {
	var s Subscription
	if err := json.Unmarshal([]byte(subscriptionSample), &s); err != nil {
		t.Fatal(err)
	}
	if s.ID != 1 || s.WorkspaceID != 7435584 || !s.Enabled || s.Validated() || len(s.EventFilters) != 2 ||
		s.EventFilters[1] != (EventFilter{"tag", "*"}) || s.Secret != "PGuRrhCFajIyEvFlreKL" {
		t.Errorf("decoded %+v", s)
	}
	if !s.CreatedAt.Equal(time.Date(2022, 5, 31, 2, 50, 45, 984607000, time.UTC)) {
		t.Errorf("created_at %v", s.CreatedAt)
	}
	// deleted_at/updated_at are typed string without nullability; "" must not break decoding.
	if err := json.Unmarshal([]byte(`{"subscription_id":2,"validated_at":"2022-06-01T00:00:00Z","deleted_at":"","updated_at":null}`), &s); err != nil {
		t.Fatal(err)
	}
	if !s.Validated() || !s.DeletedAt.IsZero() || !s.UpdatedAt.IsZero() {
		t.Errorf("decoded %+v", s)
	}
}

func TestTimeSpellings(t *testing.T) {
	want := time.Date(2023, 7, 17, 11, 43, 32, 0, time.UTC)
	for _, in := range []string{
		`"2023-07-17T11:43:32Z"`, `"2023-07-17T11:43:32+00:00"`, `"2023-07-17T13:43:32+02:00"`,
		`"2023-07-17 11:43:32+00:00"`, `"2023-07-17T11:43:32"`, `1689594212`, `"2023-07-17T11:43:32+0000"`,
	} {
		var tm Time
		if err := json.Unmarshal([]byte(in), &tm); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !tm.Equal(want) {
			t.Errorf("%s → %v", in, tm)
		}
	}
	var ns Time
	if err := json.Unmarshal([]byte(`"2023-07-17T10:57:40.959597671Z"`), &ns); err != nil || ns.Nanosecond() != 959597671 {
		t.Errorf("nanoseconds: %v %v", ns, err)
	}
	for _, in := range []string{`null`, `""`} {
		tm := Time{time.Now()}
		if err := json.Unmarshal([]byte(in), &tm); err != nil || !tm.IsZero() {
			t.Errorf("%s → %v, %v", in, tm, err)
		}
	}
	for _, in := range []string{`"yesterday"`, `true`, `"2023-13-45"`} {
		var tm Time
		if err := json.Unmarshal([]byte(in), &tm); err == nil {
			t.Errorf("%s accepted as %v", in, tm)
		}
	}
	if b, _ := json.Marshal(Time{}); string(b) != "null" {
		t.Errorf("zero marshals as %s", b)
	}
}

func TestDecodeReportRowsTolerantly(t *testing.T) {
	// The 3P row shape of docs/api/toggl.md §4.5, once with numbers and once with numeric strings.
	body := `[
	 {"user_id":9547721,"username":"Ann","project_id":43,"task_id":null,"billable":true,"description":"call",
	  "tag_ids":[1,2],"billable_amount_in_cents":15000,"hourly_rate_in_cents":10000,"currency":"EUR","row_number":1,
	  "time_entries":[{"id":3095646709,"seconds":5400,"start":"2025-08-01T09:00:00+00:00","stop":"2025-08-01T10:30:00+00:00","at":"2025-08-01T10:30:05+00:00"}],
	  "project_name":"Website","client_name":"Acme","project_hex":"#06aaf5","tag_names":["a","b"]},
	 {"user_id":"9547721","username":"Ann","project_id":null,"task_id":"7","billable":false,"description":"",
	  "tag_ids":null,"billable_amount_in_cents":null,"hourly_rate_in_cents":null,"currency":"EUR","row_number":"2",
	  "time_entries":[{"id":"3095646710","seconds":60.0,"start":"2025-08-02T09:00:00Z","stop":null,"at":"2025-08-02T09:00:00Z"}]}
	]`
	var rows []ReportRow
	if err := json.Unmarshal([]byte(body), &rows); err != nil {
		t.Fatal(err)
	}
	r0, r1 := rows[0], rows[1]
	if r0.UserID != 9547721 || *r0.ProjectID != 43 || r0.TaskID != nil || *r0.BillableAmountInCents != 15000 ||
		r0.RowNumber != 1 || r0.ProjectName != "Website" || len(r0.TagIDs) != 2 || len(r0.TimeEntries) != 1 {
		t.Errorf("row 0 %+v", r0)
	}
	if te := r0.TimeEntries[0]; te.ID != 3095646709 || te.Seconds != 5400 || te.Stop.Sub(te.Start.Time) != 90*time.Minute {
		t.Errorf("row 0 entry %+v", te)
	}
	if r1.UserID != 9547721 || r1.ProjectID != nil || *r1.TaskID != 7 || r1.RowNumber != 2 || r1.BillableAmountInCents != nil {
		t.Errorf("row 1 %+v", r1)
	}
	if te := r1.TimeEntries[0]; te.ID != 3095646710 || te.Seconds != 60 || !te.Stop.IsZero() {
		t.Errorf("row 1 entry %+v", te)
	}
	if err := json.Unmarshal([]byte(`[{"user_id":1.5}]`), &rows); err == nil {
		t.Error("fractional id accepted")
	}
}

func TestDecodeThroughClient(t *testing.T) {
	// /me/quota from docs/api/toggl.md §5; /me/time_entries/current answering null; the events listing of §2.3.
	rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/api/v9/me/quota":
			writeRaw(w, 200, `[{"organization_id":null,"remaining":29,"resets_in_secs":3412,"total":30},{"organization_id":123,"remaining":-2,"resets_in_secs":60,"total":30}]`)
		case "/api/v9/me/time_entries/current":
			writeRaw(w, 200, `null`)
		case "/api/v9/me/time_entries":
			writeRaw(w, 200, "["+runningEntrySample+","+stoppedEntrySample+"]")
		case "/webhooks/api/v1/subscriptions/7435584/10713/events":
			writeRaw(w, 200, `{"total":1,"events":[{"event_id":8023169274704072,"created_at":"2023-07-17T11:43:32.827Z","creator_id":9547721,
			  "metadata":{"action":"created","event_user_id":"9547721","model":"time_entry"},"payload":`+runningEntrySample+`,
			  "consumer_id":null,"last_delivery_attempt":"2023-07-17T11:43:33.170443406Z","last_delivery_error":null,"failed_delivery_attempts":0,
			  "subscription_id":"10713","timestamp":"2023-07-17T11:43:33.170443406Z","url_callback":"https://dark-red-mussel-hose.cyclic.app/new-entry"}]}`)
		default:
			writeRaw(w, 404, `"not found"`)
		}
	})
	c := newTestClient(t, rec, Options{})
	ctx := context.Background()
	qs, err := c.MyQuota(ctx)
	if err != nil || len(qs) != 2 || qs[0].OrganizationID != nil || qs[0].Remaining != 29 || *qs[1].OrganizationID != 123 || qs[1].Remaining != -2 {
		t.Errorf("quota %+v %v", qs, err)
	}
	cur, err := c.CurrentTimeEntry(ctx)
	if err != nil || cur != nil {
		t.Errorf("current %+v %v", cur, err)
	}
	notFound := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) {
		writeRaw(w, 404, `"Resource can not be found"`)
	})
	if cur, err := newTestClient(t, notFound, Options{}).CurrentTimeEntry(ctx); err != nil || cur != nil {
		t.Errorf("current on 404: %+v %v", cur, err)
	}
	running := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, runningEntrySample) })
	if cur, err := newTestClient(t, running, Options{}).CurrentTimeEntry(ctx); err != nil || cur == nil || !cur.Running() {
		t.Errorf("current running: %+v %v", cur, err)
	}
	tes, err := c.MyTimeEntries(ctx, TimeEntriesQuery{})
	if err != nil || len(tes) != 2 || !tes[0].Running() || tes[1].Running() {
		t.Errorf("entries %+v %v", tes, err)
	}
	evs, err := c.SubscriptionEvents(ctx, 7435584, 10713, 0)
	if err != nil || evs.Total != 1 || len(evs.Events) != 1 {
		t.Fatalf("events %+v %v", evs, err)
	}
	ev := evs.Events[0]
	if ev.EventID != 8023169274704072 || ev.SubscriptionID != 10713 || ev.ConsumerID != 0 || ev.LastDeliveryError != "" {
		t.Errorf("event %+v", ev)
	}
	var payload TimeEntry
	if err := json.Unmarshal(ev.Payload, &payload); err != nil || payload.ID != 3050537739 {
		t.Errorf("raw payload %s: %v", ev.Payload, err)
	}
}

// The totals are decoded strictly: seconds missing, null or not a number is an error, never
// zero time.
func TestDecodeReportTotalsStrictly(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`{"seconds":7200,"tracked_days":1,"billable_amount_in_cents":24000,"rates":[{"billable_seconds":7200,"hourly_rate_in_cents":12000,"currency":"EUR"}],"graph":null}`, true},
		{`{"seconds":0,"rates":[]}`, true},
		{`{"rates":[]}`, false},
		{`{"seconds":null}`, false},
		{`{"seconds":"7200"}`, false},
		{`{"seconds":7200,"rates":[{"billable_seconds":"x"}]}`, false},
		{`[]`, false},
	} {
		rec := newRecorder(t, nil, func(w http.ResponseWriter, r *http.Request, n int) { writeRaw(w, 200, tc.body) })
		got, err := newTestClient(t, rec, Options{}).SearchTimeEntriesTotals(ctx, 7435584, DetailedSearch{StartDate: "2025-03-05", PageSize: 10, FirstID: 3})
		if (err == nil) != tc.ok {
			t.Errorf("%s: %+v, %v", tc.body, got, err)
		}
		if tc.ok && strings.Contains(tc.body, "7200") && (got.Seconds != 7200 || len(got.Rates) != 1 || got.Rates[0].Currency != "EUR") {
			t.Errorf("%s decoded as %+v", tc.body, got)
		}
		if reqs := rec.requests(); len(reqs) != 1 || reqs[0].Path != "/reports/api/v3/workspace/7435584/search/time_entries/totals" ||
			strings.Contains(string(reqs[0].Body), "page_size") || strings.Contains(string(reqs[0].Body), "first_id") ||
			!strings.Contains(string(reqs[0].Body), `"start_date":"2025-03-05"`) {
			t.Errorf("request %+v", reqs)
		}
	}
}
