package toggl_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

func simWebhooks(t *testing.T) {
	env := newSimEnv(t, togglsim.Config{})
	c := env.client(t, toggl.Options{})
	ctx := context.Background()

	filters, err := c.WebhookEventFilters(ctx)
	if err != nil || !slices.Contains(filters["time_entry"], "created") {
		t.Fatalf("event filters %v %v", filters, err)
	}
	limits, err := c.WebhookLimits(ctx, wid)
	if err != nil || limits.MaxWebhooks < 1 || limits.MaxEventsPerWebhook < 1 {
		t.Fatalf("limits %+v %v", limits, err)
	}
	if status, err := c.WebhookStatus(ctx); err != nil || status == "" {
		t.Fatalf("status %q %v", status, err)
	}

	// Asynchronous validation: the receiver answers the PING with 200 and we call /validate.
	cb := newCallbackServer(t, false)
	in := toggl.SubscriptionInput{URLCallback: cb.srv.URL + "/webhooks/toggl/1", Description: "toggl-attio-sync 1",
		EventFilters: []toggl.EventFilter{{Entity: "time_entry", Action: "*"}, {Entity: "project", Action: "*"}}, Enabled: true}
	sub, err := c.CreateSubscription(ctx, wid, in)
	if err != nil || sub.ID == 0 || sub.Secret == "" || sub.Validated() || !sub.Enabled || sub.CreatedAt.IsZero() {
		t.Fatalf("create %+v %v", sub, err)
	}
	code := cb.lastValidationCode()
	if code == "" {
		t.Fatal("no PING with a validation code reached the callback")
	}
	if err := c.ValidateSubscription(ctx, wid, sub.ID, code); err != nil {
		t.Fatal(err)
	}
	subs, err := c.ListSubscriptions(ctx, wid)
	if err != nil || len(subs) != 1 || !subs[0].Validated() {
		t.Fatalf("list %+v %v", subs, err)
	}
	if err := c.ValidateSubscription(ctx, wid, sub.ID, code); err == nil {
		t.Error("second validation accepted")
	}
	if status, err := c.PingSubscription(ctx, wid, sub.ID); err != nil || status == "" {
		t.Fatalf("ping %q %v", status, err)
	}

	// A change now produces an event on the subscription.
	if _, err := c.CreateTimeEntry(ctx, wid, toggl.TimeEntryPayload{Start: env.clock.Now().Add(-time.Hour), Duration: toggl.Ptr(int64(600)),
		Description: toggl.Ptr("webhook probe")}); err != nil {
		t.Fatal(err)
	}
	events, err := c.SubscriptionEvents(ctx, wid, sub.ID, 0)
	if err != nil || events.Total < 1 || len(events.Events) < 1 || events.Events[0].EventID == 0 || len(events.Events[0].Payload) == 0 {
		t.Fatalf("events %+v %v", events, err)
	}

	// Synchronous validation on a second subscription, then PUT, PATCH and DELETE.
	echo := newCallbackServer(t, true)
	in2 := toggl.SubscriptionInput{URLCallback: echo.srv.URL + "/webhooks/toggl/2", Description: "toggl-attio-sync 2",
		EventFilters: []toggl.EventFilter{{Entity: "client", Action: "created"}}, Enabled: true}
	sub2, err := c.CreateSubscription(ctx, wid, in2)
	if err != nil {
		t.Fatal(err)
	}
	if subs, _ := c.ListSubscriptions(ctx, wid); !slices.ContainsFunc(subs, func(s toggl.Subscription) bool { return s.ID == sub2.ID && s.Validated() }) {
		t.Errorf("echoing receiver did not validate: %+v", subs)
	}
	in2.Description = "toggl-attio-sync 2 (renamed)"
	in2.Secret = "new secret string"
	sub2, err = c.UpdateSubscription(ctx, wid, sub2.ID, in2)
	if err != nil || sub2.Description != in2.Description || sub2.Secret != "new secret string" {
		t.Fatalf("put %+v %v", sub2, err)
	}
	sub2, err = c.SetSubscriptionEnabled(ctx, wid, sub2.ID, false)
	if err != nil || sub2.Enabled {
		t.Fatalf("disable %+v %v", sub2, err)
	}
	deleted, err := c.DeleteSubscription(ctx, wid, sub2.ID)
	if err != nil || deleted.ID != sub2.ID {
		t.Fatalf("delete %+v %v", deleted, err)
	}
	if subs, _ := c.ListSubscriptions(ctx, wid); len(subs) != 1 {
		t.Errorf("after delete: %+v", subs)
	}
	// A duplicate description is a 400 with the verbatim message (docs/api/toggl.md §1.2).
	in.URLCallback = cb.srv.URL + "/other"
	_, err = c.CreateSubscription(ctx, wid, in)
	var apiErr *toggl.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 400 || !strings.Contains(apiErr.Message(), "is already in use") {
		t.Errorf("duplicate description: %v", err)
	}
}
