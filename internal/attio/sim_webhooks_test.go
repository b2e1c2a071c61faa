package attio

import (
	"context"
	"strconv"
	"testing"

	"toggl-attio-sync/internal/attiosim"
)

func simWebhooks(t *testing.T) {
	env := newSimEnv(t, attiosim.Config{})
	ctx, c := context.Background(), env.c
	l := provisionTimeEntries(t, c)
	in := CreateWebhookInput{TargetURL: "https://sync.example.com/webhooks/attio/1", Subscriptions: []Subscription{
		{EventType: EventRecordUpdated},
		{EventType: EventListEntryCreated, Filter: &WebhookFilter{And: []WebhookCondition{{Field: "id.list_id", Operator: "equals", Value: l.ID.ListID}}}},
	}}
	w, err := c.CreateWebhook(ctx, in)
	noErr(t, err)
	if w.Secret == "" || w.ID.WebhookID == "" || w.TargetURL != in.TargetURL || len(w.Subscriptions) != 2 {
		t.Errorf("created %+v", w)
	}
	got, err := c.GetWebhook(ctx, w.ID.WebhookID)
	noErr(t, err)
	if got.Secret != "" {
		t.Error("secret shown again after creation")
	}
	if f := got.Subscriptions[1].Filter; f == nil || len(f.And) != 1 || f.And[0].Value != l.ID.ListID {
		t.Errorf("filter %+v", f)
	}
	if got.Subscriptions[0].Filter != nil {
		t.Errorf("null filter came back as %+v", got.Subscriptions[0].Filter)
	}
	updated, err := c.UpdateWebhook(ctx, w.ID.WebhookID, UpdateWebhookInput{TargetURL: "https://sync.example.com/webhooks/attio/2"})
	noErr(t, err)
	if updated.TargetURL != "https://sync.example.com/webhooks/attio/2" || len(updated.Subscriptions) != 2 {
		t.Errorf("updated %+v", updated)
	}
	for i := range 11 {
		_, err := c.CreateWebhook(ctx, CreateWebhookInput{TargetURL: "https://other.example.com/" + strconv.Itoa(i), Subscriptions: []Subscription{{EventType: EventRecordCreated}}})
		noErr(t, err)
	}
	page, err := c.ListWebhooks(ctx, PageParams{})
	noErr(t, err)
	if len(page) != 10 {
		t.Errorf("default page has %d webhooks, want 10", len(page))
	}
	n := 0
	for _, err := range c.AllWebhooks(ctx) {
		noErr(t, err)
		n++
	}
	if n != 12 {
		t.Errorf("AllWebhooks saw %d, want 12", n)
	}
	noErr(t, c.DeleteWebhook(ctx, w.ID.WebhookID))
	if _, err := c.GetWebhook(ctx, w.ID.WebhookID); !IsNotFound(err) {
		t.Errorf("deleted webhook: %v", err)
	}
}
