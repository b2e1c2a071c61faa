// Console sessions, stored by the SHA-256 of their cookie token.
package store

import (
	"context"

	"toggl-attio-sync/db"
)

type (
	CreateSessionParams = db.CreateSessionParams
	GetSessionParams    = db.GetSessionParams
	Session             = db.Session
	TouchSessionParams  = db.TouchSessionParams
)

func (s *Store) CreateSession(ctx context.Context, arg CreateSessionParams) error {
	return s.q.CreateSession(ctx, arg)
}
func (s *Store) DeleteExpiredSessions(ctx context.Context, expiresAt int64) (int64, error) {
	return s.q.DeleteExpiredSessions(ctx, expiresAt)
}
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	return s.q.DeleteSession(ctx, tokenHash)
}
func (s *Store) GetSession(ctx context.Context, arg GetSessionParams) (Session, error) {
	return s.rq.GetSession(ctx, arg)
}
func (s *Store) TouchSession(ctx context.Context, arg TouchSessionParams) error {
	return s.q.TouchSession(ctx, arg)
}
