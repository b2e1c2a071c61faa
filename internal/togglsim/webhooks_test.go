package togglsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/signature"
)

const subsPath = "/webhooks/api/v1/subscriptions/7435584"

type pingBody struct {
	EventID           int64          `json:"event_id"`
	CreatedAt         string         `json:"created_at"`
	CreatorID         int64          `json:"creator_id"`
	Metadata          map[string]any `json:"metadata"`
	Payload           string         `json:"payload"`
	SubscriptionID    int64          `json:"subscription_id"`
	Timestamp         string         `json:"timestamp"`
	URLCallback       string         `json:"url_callback"`
	ValidationCode    *string        `json:"validation_code"`
	ValidationCodeURL *string        `json:"validation_code_url"`
}

func TestCreateSubscriptionValidatesSynchronously(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "sync")
	if !sub.Enabled || sub.UserID != SeedAdaID || sub.WorkspaceID != SeedWorkspaceID || len(sub.Secret) != 20 || sub.HasPendingEvents {
		t.Fatalf("subscription %+v", sub)
	}
	reqs := rc.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want the probe PING", len(reqs))
	}
	if !signature.VerifyToggl(sub.Secret, reqs[0].body, reqs[0].header.Get(signature.TogglHeader)) {
		t.Fatal("PING signature does not verify")
	}
	if ct := reqs[0].header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	var p pingBody
	json.Unmarshal(reqs[0].body, &p)
	if p.EventID != 0 || p.Payload != "ping" || p.CreatedAt != p.Timestamp || p.SubscriptionID != sub.SubscriptionID ||
		p.Metadata["event_user_id"] != float64(SeedAdaID) || p.ValidationCode == nil || len(*p.ValidationCode) != 32 {
		t.Fatalf("ping %s", reqs[0].body)
	}
	wantURL := fmt.Sprintf("%s/webhooks/api/v1/validate/7435584/%d/%s", e.srv.URL, sub.SubscriptionID, *p.ValidationCode)
	if *p.ValidationCodeURL != wantURL {
		t.Fatalf("validation_code_url %s, want %s", *p.ValidationCodeURL, wantURL)
	}
	// A validated subscription's PING carries no validation fields.
	want(t, e.call(ada, "POST", fmt.Sprintf("/webhooks/api/v1/ping/7435584/%d", sub.SubscriptionID), nil), http.StatusOK)
	last := rc.requests()[1].body
	if strings.Contains(string(last), "validation_code") {
		t.Fatalf("validated PING still has a code: %s", last)
	}
}

func TestAsynchronousValidation(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	rc.set(func(rc *receiver) { rc.echo = false })
	r := e.call(ben, "POST", subsPath, map[string]any{
		"url_callback": rc.srv.URL, "event_filters": []EventFilter{{"time_entry", "*"}}, "enabled": true, "description": "async",
	})
	want(t, r, http.StatusOK)
	var sub subscriptionJSON
	r.decode(t, &sub)
	if sub.ValidatedAt != nil {
		t.Fatal("validated without an echo")
	}
	// Not validated: entity events are not sent.
	if _, err := e.sim.StartTimer(SeedBenToken, SeedWorkspaceID, 0, "before validation"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	if n := len(rc.events(t)); n != 0 {
		t.Fatalf("%d events before validation", n)
	}
	var p pingBody
	json.Unmarshal(rc.requests()[0].body, &p)
	wrong := fmt.Sprintf("/webhooks/api/v1/validate/7435584/%d/%s", sub.SubscriptionID, strings.Repeat("0", 32))
	wantErr(t, e.call(anon, "GET", wrong, nil), http.StatusBadRequest,
		fmt.Sprintf("subscription %d for workspace 7435584 and validation code '%s' was not found", sub.SubscriptionID, strings.Repeat("0", 32)))
	validate := strings.TrimPrefix(*p.ValidationCodeURL, e.srv.URL)
	r = e.call(anon, "GET", validate, nil)
	want(t, r, http.StatusOK)
	if r.str(t) != "OK" {
		t.Fatalf("validate answered %s", r.body)
	}
	wantErr(t, e.call(anon, "GET", validate, nil), http.StatusBadRequest, fmt.Sprintf("subscription %d has already been validated", sub.SubscriptionID))
	if _, err := e.sim.StartTimer(SeedBenToken, SeedWorkspaceID, 0, "after validation"); err != nil {
		t.Fatal(err)
	}
	e.waitIdle()
	// The new timer stopped the old one: "updated" then "created".
	evs := rc.events(t)
	if len(evs) != 2 || evs[0]["metadata"].(map[string]any)["action"] != "updated" || evs[1]["metadata"].(map[string]any)["action"] != "created" {
		t.Fatalf("events after validation: %v", evs)
	}
}

func TestSubscriptionRules(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	e.subscribe(ada, rc, "taken")
	f := func(entity, action string) EventFilter { return EventFilter{entity, action} }
	cases := []struct {
		desc    string
		filters []EventFilter
		msg     string
	}{
		{"", []EventFilter{f("*", "*")}, "Subscription description must not be empty"},
		{"taken", []EventFilter{f("*", "*")}, "Subscription description 'taken' is already in use for workspace 7435584"},
		{"d", []EventFilter{}, "The list of event filters must not be empty"},
		{"d", make([]EventFilter, 13), "The limit of 12 event filters for your subscription has been exceeded as you're trying to set 13 filters"},
		{"d", []EventFilter{f("", "created")}, "The entity field for each subscription event filter must be non-empty"},
		{"d", []EventFilter{f("time-entry", "created")}, "The value 'time-entry' for the filter entity can only contain letters, numbers and '_' or be '*' to match all entities"},
		{"d", []EventFilter{f("project", "")}, "The action field for each subscription event filter must be non-empty"},
		{"d", []EventFilter{f("project", "up dated")}, "The value 'up dated' for the filter action can only contain letters, numbers and '_' or be '*' to match all actions"},
		{"d", []EventFilter{f("project", "started")}, "Invalid value 'started' for event filter action"},
		{"d", []EventFilter{f("project", "created"), f("project", "created")}, "The following event filter appears more than once for your subscription: {project created}"},
	}
	for _, c := range cases {
		r := e.call(ben, "POST", subsPath, map[string]any{"url_callback": rc.srv.URL, "event_filters": c.filters, "enabled": false, "description": c.desc})
		wantErr(t, r, http.StatusBadRequest, c.msg)
	}
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("rejected subscriptions were probed: %d requests", n)
	}
}

func TestPlanLimits(t *testing.T) {
	e := newEnv(t)
	e.sim.SetPlan(SeedWorkspaceID, PlanFree)
	rc := newReceiver(t)
	var lim map[string]int
	e.call(ada, "GET", "/webhooks/api/v1/limits/7435584", nil).decode(t, &lim)
	if lim["max_webhooks"] != 1 || lim["max_events_per_webhook"] != 3 {
		t.Fatalf("free limits %v", lim)
	}
	body := func(desc string, enabled bool, n int) map[string]any {
		fs := []EventFilter{{"time_entry", "created"}, {"time_entry", "updated"}, {"time_entry", "deleted"}, {"project", "*"}}[:n]
		return map[string]any{"url_callback": rc.srv.URL, "event_filters": fs, "enabled": enabled, "description": desc}
	}
	wantErr(t, e.call(ada, "POST", subsPath, body("four", true, 4)), http.StatusBadRequest,
		"The limit of 3 event filters for your subscription has been exceeded as you're trying to set 4 filters")
	want(t, e.call(ada, "POST", subsPath, body("first", true, 3)), http.StatusOK)
	wantErr(t, e.call(ada, "POST", subsPath, body("second", true, 1)), http.StatusBadRequest,
		"User 9547721 already reached the limit of 1 enabled subscriptions for workspace 7435584")
	// A disabled one may exist, but not be enabled.
	r := e.call(ada, "POST", subsPath, body("second", false, 1))
	want(t, r, http.StatusOK)
	var second subscriptionJSON
	r.decode(t, &second)
	wantErr(t, e.call(ada, "PATCH", fmt.Sprintf("%s/%d", subsPath, second.SubscriptionID), map[string]any{"enabled": true}),
		http.StatusBadRequest, "User 9547721 already reached the limit of 1 enabled subscriptions for workspace 7435584")
	// The limit is per user: Ben still has room.
	want(t, e.call(ben, "POST", subsPath, body("bens", true, 1)), http.StatusOK)

	e.sim.SetPlan(SeedWorkspaceID, PlanStarter)
	e.call(ben, "GET", "/webhooks/api/v1/limits/7435584", nil).decode(t, &lim)
	if lim["max_webhooks"] != 2 || lim["max_events_per_webhook"] != 6 {
		t.Fatalf("starter limits %v", lim)
	}
	want(t, e.call(ada, "PATCH", fmt.Sprintf("%s/%d", subsPath, second.SubscriptionID), map[string]any{"enabled": true}), http.StatusOK)
}

func TestURLProbe(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	rc.set(func(rc *receiver) { rc.status = http.StatusServiceUnavailable })
	body := map[string]any{"url_callback": rc.srv.URL, "event_filters": []EventFilter{{"*", "*"}}, "enabled": true, "description": "probe"}
	wantErr(t, e.call(ada, "POST", subsPath, body), http.StatusBadRequest,
		fmt.Sprintf("URL endpoint %s responded with status 503 instead of 200", rc.srv.URL))

	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	body["url_callback"] = deadURL
	r := e.call(ada, "POST", subsPath, body)
	want(t, r, http.StatusBadRequest)
	if msg := r.str(t); !strings.HasPrefix(msg, "URL endpoint "+deadURL+" request failed with error: ") {
		t.Fatalf("message %q", msg)
	}
	var subs []subscriptionJSON
	e.call(ada, "GET", subsPath, nil).decode(t, &subs)
	if len(subs) != 0 {
		t.Fatalf("failed creates left %d subscriptions", len(subs))
	}

	// PUT and enable probe too; a failed probe changes nothing.
	rc.set(func(rc *receiver) { rc.status = http.StatusOK })
	sub := e.subscribe(ada, rc, "ok")
	path := fmt.Sprintf("%s/%d", subsPath, sub.SubscriptionID)
	rc.set(func(rc *receiver) { rc.status = http.StatusInternalServerError })
	wantErr(t, e.call(ada, "PUT", path, map[string]any{"description": "renamed"}), http.StatusBadRequest,
		fmt.Sprintf("URL endpoint %s responded with status 500 instead of 2xx", rc.srv.URL))
	want(t, e.call(ada, "PATCH", path, map[string]any{"enabled": false}), http.StatusOK) // disabling does not probe
	wantErr(t, e.call(ada, "PATCH", path, map[string]any{"enabled": true}), http.StatusBadRequest,
		fmt.Sprintf("URL endpoint %s responded with status 500 instead of 200", rc.srv.URL))
	e.call(ada, "GET", subsPath, nil).decode(t, &subs)
	if len(subs) != 1 || subs[0].Description != "ok" || subs[0].Enabled {
		t.Fatalf("after failed probes: %+v", subs)
	}
}

func TestSubscriptionUpdatePatchDelete(t *testing.T) {
	e := newEnv(t)
	rc, rc2 := newReceiver(t), newReceiver(t)
	sub := e.subscribe(ada, rc, "main")
	e.subscribe(ada, rc, "other")
	path := fmt.Sprintf("%s/%d", subsPath, sub.SubscriptionID)

	wantErr(t, e.call(ada, "PUT", path, map[string]any{"description": "other"}), http.StatusBadRequest,
		"Subscription description 'other' is already in use for workspace 7435584")
	r := e.call(ada, "PUT", path, map[string]any{"description": "main", "secret": "new secret string", "event_filters": []EventFilter{{"project", "*"}}})
	want(t, r, http.StatusOK)
	var got subscriptionJSON
	r.decode(t, &got)
	if got.Secret != "new secret string" || !got.Enabled || got.ValidatedAt == nil || got.UpdatedAt == "" || got.EventFilters[0].Entity != "project" {
		t.Fatalf("after PUT %+v", got)
	}
	// A new URL must be validated again; rc2 does not echo.
	rc2.set(func(rc *receiver) { rc.echo = false })
	r = e.call(ada, "PUT", path, map[string]any{"url_callback": rc2.srv.URL})
	want(t, r, http.StatusOK)
	r.decode(t, &got)
	if got.ValidatedAt != nil || got.URLCallback != rc2.srv.URL {
		t.Fatalf("new URL kept validation: %+v", got)
	}
	last := rc2.requests()[0]
	if !signature.VerifyToggl("new secret string", last.body, last.header.Get(signature.TogglHeader)) {
		t.Fatal("PING not signed with the new secret")
	}

	// Ben cannot see or touch Ada's subscriptions; Ada (admin) sees Ben's.
	wantErr(t, e.call(ben, "PATCH", path, map[string]any{"enabled": false}), http.StatusNotFound,
		fmt.Sprintf("subscription %d for workspace 7435584 was not found", sub.SubscriptionID))
	bens := e.subscribe(ben, rc, "bens")
	var list []subscriptionJSON
	e.call(ben, "GET", subsPath, nil).decode(t, &list)
	if len(list) != 1 || list[0].SubscriptionID != bens.SubscriptionID {
		t.Fatalf("Ben lists %+v", list)
	}
	e.call(ada, "GET", subsPath, nil).decode(t, &list)
	if len(list) != 3 {
		t.Fatalf("Ada lists %d", len(list))
	}

	// Disabled subscriptions can be deleted (docs/api/toggl.md §1.3, bug #439 not copied).
	want(t, e.call(ada, "PATCH", path, map[string]any{"enabled": false}), http.StatusOK)
	r = e.call(ada, "DELETE", path, nil)
	want(t, r, http.StatusOK)
	r.decode(t, &got)
	if got.DeletedAt == "" || got.SubscriptionID != sub.SubscriptionID {
		t.Fatalf("deleted %+v", got)
	}
	wantErr(t, e.call(ada, "DELETE", path, nil), http.StatusNotFound,
		fmt.Sprintf("subscription %d for workspace 7435584 was not found", sub.SubscriptionID))
	// The description is free again.
	e.subscribe(ada, rc, "main")
}

func TestPingEndpointReachesDisabledSubscription(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "p")
	want(t, e.call(ada, "PATCH", fmt.Sprintf("%s/%d", subsPath, sub.SubscriptionID), map[string]any{"enabled": false}), http.StatusOK)
	r := e.call(ada, "POST", fmt.Sprintf("/webhooks/api/v1/ping/7435584/%d", sub.SubscriptionID), nil)
	want(t, r, http.StatusOK)
	if string(r.body) != `{"status":"OK"}` {
		t.Fatalf("ping answered %s", r.body)
	}
	if n := len(rc.requests()); n != 2 {
		t.Fatalf("receiver got %d requests", n)
	}
	rc.set(func(rc *receiver) { rc.status = http.StatusTeapot })
	r = e.call(ada, "POST", fmt.Sprintf("/webhooks/api/v1/ping/7435584/%d", sub.SubscriptionID), nil)
	want(t, r, http.StatusOK)
	if !strings.Contains(string(r.body), "responded with status 418") {
		t.Fatalf("failed ping answered %s", r.body)
	}
}

func TestWebhookMetaEndpoints(t *testing.T) {
	e := newEnv(t)
	var filters map[string][]string
	e.call(anon, "GET", "/webhooks/api/v1/event_filters", nil).decode(t, &filters)
	for _, k := range []string{"client", "project", "time_entry", "tag", "workspace_user"} {
		if fmt.Sprint(filters[k]) != "[created updated deleted]" {
			t.Fatalf("event_filters[%s] = %v", k, filters[k])
		}
	}
	r := e.call(anon, "GET", "/webhooks/api/v1/status", nil)
	want(t, r, http.StatusOK)
	wantErr(t, e.callRaw(anon, "GET", "/webhooks/api/v1/limits/1", nil), http.StatusForbidden, msgWebhookForbidden)

	strict := newEnv(t, func(c *Config) { c.Quirks.AuthOnWebhookMeta = true })
	want(t, strict.callRaw(anon, "GET", "/webhooks/api/v1/status", nil), http.StatusForbidden)
	want(t, strict.call(ada, "GET", "/webhooks/api/v1/status", nil), http.StatusOK)
}

func TestEventsEndpointRecordsFailures(t *testing.T) {
	e := newEnv(t)
	rc := newReceiver(t)
	sub := e.subscribe(ada, rc, "events")
	rc.set(func(rc *receiver) { rc.status = http.StatusBadGateway })

	e.sim.PauseDeliveries()
	te, err := e.sim.StartTimer(SeedAdaToken, SeedWorkspaceID, 20300005, "admin work")
	if err != nil {
		t.Fatal(err)
	}
	var list []subscriptionJSON
	e.call(ada, "GET", subsPath, nil).decode(t, &list)
	if !list[0].HasPendingEvents {
		t.Fatal("has_pending_events false while an event waits")
	}
	e.sim.ResumeDeliveries()
	e.waitIdle()

	var page struct {
		Total  int         `json:"total"`
		Events []eventJSON `json:"events"`
	}
	e.call(ada, "GET", fmt.Sprintf("%s/%d/events", subsPath, sub.SubscriptionID), nil).decode(t, &page)
	if page.Total != 1 || len(page.Events) != 1 {
		t.Fatalf("events page %+v", page)
	}
	ev := page.Events[0]
	// One attempt plus the two retries of the test schedule, all 502.
	if ev.FailedDeliveryAttempts != 3 || ev.LastDeliveryError == nil || ev.LastDeliveryAttempt == nil ||
		ev.Metadata["time_entry_id"] != fmt.Sprint(te.ID) || ev.SubscriptionID != sub.SubscriptionID {
		t.Fatalf("event %+v", ev)
	}
	if !strings.Contains(*ev.LastDeliveryError, "502") {
		t.Fatalf("last_delivery_error %q", *ev.LastDeliveryError)
	}
	e.call(ada, "GET", subsPath, nil).decode(t, &list)
	if list[0].HasPendingEvents {
		t.Fatal("has_pending_events after retries ran out")
	}
	e.call(ada, "GET", fmt.Sprintf("%s/%d/events?offset=1", subsPath, sub.SubscriptionID), nil).decode(t, &page)
	if page.Total != 1 || len(page.Events) != 0 {
		t.Fatalf("offset page %+v", page)
	}
	// Events are kept for a week.
	e.clock.Advance(8 * 24 * time.Hour)
	e.call(ada, "GET", fmt.Sprintf("%s/%d/events", subsPath, sub.SubscriptionID), nil).decode(t, &page)
	if page.Total != 0 || len(e.sim.Events(sub.SubscriptionID)) != 0 {
		t.Fatalf("week-old events still listed: %+v", page)
	}
}
