package attio

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Webhook event types the sync subscribes to (docs/api/attio.md §5 "Event types [SPEC enum]").
const (
	EventRecordCreated    = "record.created"
	EventRecordUpdated    = "record.updated"
	EventRecordDeleted    = "record.deleted"
	EventRecordMerged     = "record.merged"
	EventListEntryCreated = "list-entry.created"
	EventListEntryUpdated = "list-entry.updated"
	EventListEntryDeleted = "list-entry.deleted"
)

// WebhookID identifies a webhook.
type WebhookID struct {
	WorkspaceID string `json:"workspace_id"`
	WebhookID   string `json:"webhook_id"`
}

// Subscription is one event type with its filter. Filter nil is sent as null, "all events";
// the key is required by the spec, so it is never omitted.
type Subscription struct {
	EventType string         `json:"event_type"`
	Filter    *WebhookFilter `json:"filter"`
}

// WebhookFilter is {"$and": […]} or {"$or": […]}; set exactly one.
type WebhookFilter struct {
	And []WebhookCondition `json:"$and,omitempty"`
	Or  []WebhookCondition `json:"$or,omitempty"`
}

// WebhookCondition compares a dot path into the event (e.g. "id.list_id") with Operator
// "equals" or "not_equals".
type WebhookCondition struct {
	Field    string `json:"field"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
}

// Webhook is a registered webhook. Secret is only returned by CreateWebhook ("only shown when
// setting up the webhook initially"); Status ∈ active|degraded|inactive.
type Webhook struct {
	ID            WebhookID      `json:"id"`
	TargetURL     string         `json:"target_url"`
	Subscriptions []Subscription `json:"subscriptions"`
	Status        string         `json:"status"`
	CreatedAt     time.Time      `json:"created_at"`
	Secret        string         `json:"secret,omitempty"`
}

// CreateWebhookInput is POST /v2/webhooks's data. TargetURL must be https.
type CreateWebhookInput struct {
	TargetURL     string         `json:"target_url"`
	Subscriptions []Subscription `json:"subscriptions"`
}

// UpdateWebhookInput is PATCH /v2/webhooks/{id}'s data; empty fields are left unchanged.
// Subscriptions replace the whole list, filters included (a subscription sent with a nil
// Filter loses its filter, docs/api/attio.md §9.5).
type UpdateWebhookInput struct {
	TargetURL     string         `json:"target_url,omitempty"`
	Subscriptions []Subscription `json:"subscriptions,omitempty"`
}

// MaxWebhookPage is the largest limit GET /v2/webhooks takes ("between 10 and 100").
const MaxWebhookPage = 100

// CreateWebhook is POST /v2/webhooks; keep the returned Secret, it is never shown again.
func (c *Client) CreateWebhook(ctx context.Context, in CreateWebhookInput) (Webhook, error) {
	if in.Subscriptions == nil {
		in.Subscriptions = []Subscription{}
	}
	return call[Webhook](ctx, c, http.MethodPost, "/v2/webhooks", nil, in)
}

// ListWebhooks is one page of GET /v2/webhooks (limit 10–100, server default 10).
func (c *Client) ListWebhooks(ctx context.Context, p PageParams) ([]Webhook, error) {
	return call[[]Webhook](ctx, c, http.MethodGet, "/v2/webhooks", p.query(nil), nil)
}

// AllWebhooks iterates every webhook, MaxWebhookPage at a time.
func (c *Client) AllWebhooks(ctx context.Context) iter.Seq2[Webhook, error] {
	return paginate(ctx, Query{Limit: MaxWebhookPage}, func(ctx context.Context, q Query) ([]Webhook, error) {
		return c.ListWebhooks(ctx, PageParams{Limit: q.Limit, Offset: q.Offset})
	})
}

// GetWebhook is GET /v2/webhooks/{webhook_id}.
func (c *Client) GetWebhook(ctx context.Context, webhookID string) (Webhook, error) {
	return call[Webhook](ctx, c, http.MethodGet, "/v2/webhooks/"+seg(webhookID), nil, nil)
}

// UpdateWebhook is PATCH /v2/webhooks/{webhook_id}.
func (c *Client) UpdateWebhook(ctx context.Context, webhookID string, in UpdateWebhookInput) (Webhook, error) {
	return call[Webhook](ctx, c, http.MethodPatch, "/v2/webhooks/"+seg(webhookID), nil, in)
}

// DeleteWebhook is DELETE /v2/webhooks/{webhook_id}.
func (c *Client) DeleteWebhook(ctx context.Context, webhookID string) error {
	return c.do(ctx, http.MethodDelete, "/v2/webhooks/"+seg(webhookID), nil, nil, nil)
}
