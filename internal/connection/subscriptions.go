package connection

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"toggl-attio-sync/internal/store"
)

// TogglSubscription is what the service remembers of a Toggl webhook subscription.
type TogglSubscription struct {
	ID           int64
	Description  string
	Secret       string
	EventFilters string // JSON
	Enabled      bool
	ValidatedAt  *time.Time
}

// SaveTogglSubscription stores (or updates) a subscription with its secret encrypted.
func (s *Service) SaveTogglSubscription(ctx context.Context, connID int64, sub TogglSubscription) error {
	sealed, err := s.Box.Seal(purpose("toggl_subscription_secret", connID), sub.Secret)
	if err != nil {
		return err
	}
	var validated sql.NullInt64
	if sub.ValidatedAt != nil {
		validated = sql.NullInt64{Int64: sub.ValidatedAt.UnixMilli(), Valid: true}
	}
	defer s.invalidate(togglKey(connID))
	return s.Store.UpsertTogglSubscription(ctx, store.UpsertTogglSubscriptionParams{
		ConnectionID: connID, SubscriptionID: sub.ID, Description: sub.Description, SecretSealed: sealed,
		EventFilters: orEmptyList(sub.EventFilters), Enabled: boolInt(sub.Enabled), ValidatedAt: validated,
		CreatedAt: s.Now().UnixMilli(),
	})
}

// TogglSubscriptions lists active subscriptions with their secrets decrypted.
func (s *Service) TogglSubscriptions(ctx context.Context, connID int64) ([]TogglSubscription, error) {
	rows, err := s.Store.ListActiveTogglSubscriptions(ctx, connID)
	if err != nil {
		return nil, err
	}
	out := make([]TogglSubscription, 0, len(rows))
	for _, r := range rows {
		secret, err := s.Box.Open(purpose("toggl_subscription_secret", connID), r.SecretSealed)
		if err != nil {
			return nil, fmt.Errorf("subscription %d: %w", r.SubscriptionID, err)
		}
		sub := TogglSubscription{ID: r.SubscriptionID, Description: r.Description, Secret: secret, EventFilters: r.EventFilters, Enabled: r.Enabled == 1}
		if r.ValidatedAt.Valid {
			t := time.UnixMilli(r.ValidatedAt.Int64)
			sub.ValidatedAt = &t
		}
		out = append(out, sub)
	}
	return out, nil
}

// TogglSecrets returns the secrets a Toggl delivery may be signed with (cached).
func (s *Service) TogglSecrets(ctx context.Context, connID int64) ([]Secret, error) {
	return s.cached(togglKey(connID), func() ([]Secret, error) {
		subs, err := s.TogglSubscriptions(ctx, connID)
		if err != nil {
			return nil, err
		}
		out := make([]Secret, len(subs))
		for i, sub := range subs {
			out[i] = Secret{ID: strconv.FormatInt(sub.ID, 10), Secret: sub.Secret}
		}
		return out, nil
	})
}

// MarkTogglValidated records a successful validation echo.
func (s *Service) MarkTogglValidated(ctx context.Context, connID, subID int64) error {
	return s.Store.MarkTogglSubscriptionValidated(ctx, store.MarkTogglSubscriptionValidatedParams{
		ValidatedAt: sql.NullInt64{Int64: s.Now().UnixMilli(), Valid: true}, ConnectionID: connID, SubscriptionID: subID,
	})
}

// DeactivateTogglSubscription forgets a deleted subscription's secret for verification.
func (s *Service) DeactivateTogglSubscription(ctx context.Context, connID, subID int64) error {
	defer s.invalidate(togglKey(connID))
	return s.Store.DeactivateTogglSubscription(ctx, store.DeactivateTogglSubscriptionParams{ConnectionID: connID, SubscriptionID: subID})
}

// AttioWebhook is what the service remembers of an Attio webhook.
type AttioWebhook struct {
	ID     string
	Secret string
	Status string
}

// SaveAttioWebhook stores an Attio webhook with its secret encrypted.
func (s *Service) SaveAttioWebhook(ctx context.Context, connID int64, w AttioWebhook) error {
	sealed, err := s.Box.Seal(purpose("attio_webhook_secret", connID), w.Secret)
	if err != nil {
		return err
	}
	defer s.invalidate(attioKey(connID))
	return s.Store.UpsertAttioWebhook(ctx, store.UpsertAttioWebhookParams{
		ConnectionID: connID, WebhookID: w.ID, SecretSealed: sealed, Status: w.Status, CreatedAt: s.Now().UnixMilli(),
	})
}

// AttioWebhooks lists active Attio webhooks with secrets decrypted.
func (s *Service) AttioWebhooks(ctx context.Context, connID int64) ([]AttioWebhook, error) {
	rows, err := s.Store.ListActiveAttioWebhooks(ctx, connID)
	if err != nil {
		return nil, err
	}
	out := make([]AttioWebhook, 0, len(rows))
	for _, r := range rows {
		secret, err := s.Box.Open(purpose("attio_webhook_secret", connID), r.SecretSealed)
		if err != nil {
			return nil, fmt.Errorf("attio webhook %s: %w", r.WebhookID, err)
		}
		out = append(out, AttioWebhook{ID: r.WebhookID, Secret: secret, Status: r.Status})
	}
	return out, nil
}

// AttioSecrets returns the secrets an Attio delivery may be signed with (cached).
func (s *Service) AttioSecrets(ctx context.Context, connID int64) ([]Secret, error) {
	return s.cached(attioKey(connID), func() ([]Secret, error) {
		hooks, err := s.AttioWebhooks(ctx, connID)
		if err != nil {
			return nil, err
		}
		out := make([]Secret, len(hooks))
		for i, h := range hooks {
			out[i] = Secret{ID: h.ID, Secret: h.Secret}
		}
		return out, nil
	})
}

// DeactivateAttioWebhook forgets a deleted webhook's secret for verification.
func (s *Service) DeactivateAttioWebhook(ctx context.Context, connID int64, id string) error {
	defer s.invalidate(attioKey(connID))
	return s.Store.DeactivateAttioWebhook(ctx, store.DeactivateAttioWebhookParams{ConnectionID: connID, WebhookID: id})
}

func togglKey(id int64) string { return "toggl:" + strconv.FormatInt(id, 10) }
func attioKey(id int64) string { return "attio:" + strconv.FormatInt(id, 10) }

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func orEmptyList(s string) string {
	if s == "" {
		return "[]"
	}
	return s
}
