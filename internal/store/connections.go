// Connections: a Toggl workspace paired with an Attio workspace, their encrypted tokens
// and settings, and the webhook subscriptions registered for each side.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"toggl-attio-sync/db"
)

type (
	AttioWebhook                         = db.AttioWebhook
	Connection                           = db.Connection
	CreateConnectionParams               = db.CreateConnectionParams
	DeactivateAttioWebhookParams         = db.DeactivateAttioWebhookParams
	DeactivateTogglSubscriptionParams    = db.DeactivateTogglSubscriptionParams
	MarkTogglSubscriptionValidatedParams = db.MarkTogglSubscriptionValidatedParams
	TogglSubscription                    = db.TogglSubscription
	UpdateConnectionAttioActorParams     = db.UpdateConnectionAttioActorParams
	UpdateConnectionStatusParams         = db.UpdateConnectionStatusParams
	UpdateConnectionTokensParams         = db.UpdateConnectionTokensParams
	UpsertAttioWebhookParams             = db.UpsertAttioWebhookParams
	UpsertTogglSubscriptionParams        = db.UpsertTogglSubscriptionParams
)

func (s *Store) CreateConnection(ctx context.Context, arg CreateConnectionParams) (Connection, error) {
	return s.q.CreateConnection(ctx, arg)
}
func (s *Store) DeactivateAttioWebhook(ctx context.Context, arg DeactivateAttioWebhookParams) error {
	return s.q.DeactivateAttioWebhook(ctx, arg)
}
func (s *Store) DeactivateTogglSubscription(ctx context.Context, arg DeactivateTogglSubscriptionParams) error {
	return s.q.DeactivateTogglSubscription(ctx, arg)
}
func (s *Store) GetConnection(ctx context.Context, id int64) (Connection, error) {
	return s.rq.GetConnection(ctx, id)
}
func (s *Store) GetConnectionBySlug(ctx context.Context, slug string) (Connection, error) {
	return s.rq.GetConnectionBySlug(ctx, slug)
}
func (s *Store) ListActiveAttioWebhooks(ctx context.Context, connectionID int64) ([]AttioWebhook, error) {
	return s.rq.ListActiveAttioWebhooks(ctx, connectionID)
}
func (s *Store) ListActiveTogglSubscriptions(ctx context.Context, connectionID int64) ([]TogglSubscription, error) {
	return s.rq.ListActiveTogglSubscriptions(ctx, connectionID)
}
func (s *Store) ListConnections(ctx context.Context) ([]Connection, error) {
	return s.rq.ListConnections(ctx)
}
func (s *Store) MarkTogglSubscriptionValidated(ctx context.Context, arg MarkTogglSubscriptionValidatedParams) error {
	return s.q.MarkTogglSubscriptionValidated(ctx, arg)
}
func (s *Store) UpdateConnectionAttioActor(ctx context.Context, arg UpdateConnectionAttioActorParams) error {
	return s.q.UpdateConnectionAttioActor(ctx, arg)
}
func (s *Store) UpdateConnectionStatus(ctx context.Context, arg UpdateConnectionStatusParams) error {
	return s.q.UpdateConnectionStatus(ctx, arg)
}
func (s *Store) UpdateConnectionTokens(ctx context.Context, arg UpdateConnectionTokensParams) error {
	return s.q.UpdateConnectionTokens(ctx, arg)
}
func (s *Store) UpsertAttioWebhook(ctx context.Context, arg UpsertAttioWebhookParams) error {
	return s.q.UpsertAttioWebhook(ctx, arg)
}
func (s *Store) UpsertTogglSubscription(ctx context.Context, arg UpsertTogglSubscriptionParams) error {
	return s.q.UpsertTogglSubscription(ctx, arg)
}

// UpdateConnectionSettingsSections replaces some top-level keys of a connection's settings
// JSON (a nil value removes its key) and keeps the others as they are stored now, in one
// write transaction: two console forms saving different sections at once both keep their
// change. It returns the settings JSON as stored.
func (s *Store) UpdateConnectionSettingsSections(ctx context.Context, id int64, sections map[string]json.RawMessage, now time.Time) (string, error) {
	var out string
	err := s.tx(ctx, func(q *db.Queries, _ *sql.Tx) error {
		row, err := q.GetConnection(ctx, id)
		if err != nil {
			return err
		}
		cur := map[string]json.RawMessage{}
		if row.SettingsJson != "" {
			if err := json.Unmarshal([]byte(row.SettingsJson), &cur); err != nil {
				return fmt.Errorf("stored settings of connection %d: %w", id, err)
			}
		}
		for k, v := range sections {
			if v == nil {
				delete(cur, k)
			} else {
				cur[k] = v
			}
		}
		b, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		out = string(b)
		return q.UpdateConnectionSettings(ctx, db.UpdateConnectionSettingsParams{SettingsJson: out, UpdatedAt: now.UnixMilli(), ID: id})
	})
	return out, err
}
