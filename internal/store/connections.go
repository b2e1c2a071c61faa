// Connections: a Toggl workspace paired with an Attio workspace, their encrypted tokens
// and settings, and the webhook subscriptions registered for each side.
package store

import (
	"context"

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
	UpdateConnectionSettingsParams       = db.UpdateConnectionSettingsParams
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
func (s *Store) UpdateConnectionSettings(ctx context.Context, arg UpdateConnectionSettingsParams) error {
	return s.q.UpdateConnectionSettings(ctx, arg)
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
