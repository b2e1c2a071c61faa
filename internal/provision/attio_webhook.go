package provision

import (
	"context"
	"errors"
	"slices"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
)

// AttioTargetURL is where Attio delivers a connection's events.
func AttioTargetURL(publicURL, slug string) string {
	return strings.TrimRight(publicURL, "/") + "/webhooks/attio/" + slug
}

// WebhookResult is the connection's Attio webhook after provisioning.
type WebhookResult struct {
	ID        string
	TargetURL string
	Events    []string
	Status    string // active | degraded | inactive (docs/api/attio.md §5)
	Action    string // created | reused | updated
	Deleted   []string
}

// ErrAttioNeedsHTTPS means PUBLIC_URL is not https, so no Attio webhook can point at it.
var ErrAttioNeedsHTTPS = errors.New("provision: Attio webhooks need an https PUBLIC_URL")

// EnsureAttioWebhook makes one webhook that sends the outbound triggers
// (Settings.OutboundEvents) for records of the projects object to this connection's URL, and
// stores its secret encrypted. A stored webhook is reused (updated when its target or events
// differ); one that points at our URL but whose secret we lost is deleted and replaced, since
// Attio shows a secret only on create (docs/api/attio.md §5).
func EnsureAttioWebhook(ctx context.Context, ac *attio.Client, conns *connection.Service, conn *connection.Connection, publicURL string) (WebhookResult, error) {
	s := conn.Settings.WithDefaults()
	target := AttioTargetURL(publicURL, conn.Slug)
	res := WebhookResult{TargetURL: target, Events: s.OutboundEvents}
	if !strings.HasPrefix(target, "https://") {
		// Attio's spec allows only https targets: don't send a request it must refuse.
		return res, &UserError{Err: ErrAttioNeedsHTTPS, Message: "Attio only delivers webhooks to https addresses, and PUBLIC_URL makes the target " + target +
			". Set PUBLIC_URL to an https address to get Attio → Toggl sync; Toggl → Attio works without it."}
	}
	obj, err := ac.GetObject(ctx, s.Schema.ProjectsObject)
	if err != nil {
		if attio.IsNotFound(err) {
			return res, &UserError{Err: err, Message: "Attio has no " + s.Schema.ProjectsObject + " object yet; provision the Attio schema first"}
		}
		return res, err
	}
	want := webhookSubscriptions(s.OutboundEvents, obj.ID.ObjectID)

	known, keep, err := reuseStoredWebhook(ctx, ac, conns, conn, target, want, &res)
	if err != nil {
		return res, err
	}
	// Webhooks at our URL that we hold no secret for cannot be verified: replace them.
	for h, err := range ac.AllWebhooks(ctx) {
		if err != nil {
			return res, err
		}
		if h.TargetURL == target && !known[h.ID.WebhookID] {
			if err := ac.DeleteWebhook(ctx, h.ID.WebhookID); err != nil && !attio.IsNotFound(err) {
				return res, err
			}
			res.Deleted = append(res.Deleted, h.ID.WebhookID)
		}
	}
	if keep != nil {
		return res, nil
	}
	h, err := ac.CreateWebhook(ctx, attio.CreateWebhookInput{TargetURL: target, Subscriptions: want})
	if err != nil {
		return res, explainAttioWebhook(err, target)
	}
	if err := conns.SaveAttioWebhook(ctx, conn.ID, connection.AttioWebhook{ID: h.ID.WebhookID, Secret: h.Secret, Status: h.Status}); err != nil {
		return res, err
	}
	res.ID, res.Status, res.Action = h.ID.WebhookID, h.Status, "created"
	return res, nil
}

// reuseStoredWebhook keeps the first stored webhook Attio still has (updated to target and
// want when they differ), deletes the other stored ones and forgets those Attio lost. known
// holds the ids Attio has and we hold a secret for.
func reuseStoredWebhook(ctx context.Context, ac *attio.Client, conns *connection.Service, conn *connection.Connection,
	target string, want []attio.Subscription, res *WebhookResult) (known map[string]bool, keep *connection.AttioWebhook, err error) {
	stored, err := conns.AttioWebhooks(ctx, conn.ID)
	if err != nil {
		return nil, nil, err
	}
	known = map[string]bool{}
	for i, h := range stored {
		got, err := ac.GetWebhook(ctx, h.ID)
		if attio.IsNotFound(err) {
			if err := conns.DeactivateAttioWebhook(ctx, conn.ID, h.ID); err != nil {
				return nil, nil, err
			}
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		known[h.ID] = true
		if keep != nil {
			if err := deleteWebhook(ctx, ac, conns, conn, h.ID); err != nil {
				return nil, nil, err
			}
			res.Deleted = append(res.Deleted, h.ID)
			continue
		}
		keep = &stored[i]
		res.ID, res.Status, res.Action = h.ID, got.Status, "reused"
		if got.TargetURL != target || !sameSubscriptions(got.Subscriptions, want) {
			upd, err := ac.UpdateWebhook(ctx, h.ID, attio.UpdateWebhookInput{TargetURL: target, Subscriptions: want})
			if err != nil {
				return nil, nil, explainAttioWebhook(err, target)
			}
			res.Status, res.Action = upd.Status, "updated"
		}
		if got.Status != h.Status || res.Action == "updated" {
			if err := conns.SaveAttioWebhook(ctx, conn.ID, connection.AttioWebhook{ID: h.ID, Secret: h.Secret, Status: res.Status}); err != nil {
				return nil, nil, err
			}
		}
	}
	return known, keep, nil
}

// webhookSubscriptions filters each event type to records of the projects object (docs/api/attio.md
// §5: filter fields are dot paths into the event, e.g. id.object_id).
func webhookSubscriptions(events []string, objectID string) []attio.Subscription {
	out := make([]attio.Subscription, 0, len(events))
	for _, ev := range events {
		out = append(out, attio.Subscription{EventType: ev, Filter: &attio.WebhookFilter{
			And: []attio.WebhookCondition{{Field: "id.object_id", Operator: "equals", Value: objectID}}}})
	}
	return out
}

func sameSubscriptions(a, b []attio.Subscription) bool {
	key := func(s attio.Subscription) string {
		k := s.EventType
		if s.Filter != nil {
			for _, c := range append(slices.Clone(s.Filter.And), s.Filter.Or...) {
				k += "|" + c.Field + c.Operator + c.Value
			}
		}
		return k
	}
	if len(a) != len(b) {
		return false
	}
	ka := make([]string, len(a))
	kb := make([]string, len(b))
	for i := range a {
		ka[i], kb[i] = key(a[i]), key(b[i])
	}
	slices.Sort(ka)
	slices.Sort(kb)
	return slices.Equal(ka, kb)
}

func deleteWebhook(ctx context.Context, ac *attio.Client, conns *connection.Service, conn *connection.Connection, id string) error {
	if err := ac.DeleteWebhook(ctx, id); err != nil && !attio.IsNotFound(err) {
		return err
	}
	return conns.DeactivateAttioWebhook(ctx, conn.ID, id)
}
