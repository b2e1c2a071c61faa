package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"toggl-attio-sync/db"
)

// Audit is one line of the audit history. Detail must never hold a secret: callers pass
// decisions, call summaries and safe headers only.
type Audit struct {
	ConnectionID int64 // 0: unknown connection
	InboxID      int64 // 0: none
	Source       string
	Entity       string
	Status       string
	Message      string
	Detail       any // marshalled to JSON; nil is {}
}

// AddAudit writes one audit row.
func (s *Store) AddAudit(ctx context.Context, a Audit, now time.Time) (int64, error) {
	return insertAudit(ctx, s.q, a, now)
}

func insertAudit(ctx context.Context, q *db.Queries, a Audit, now time.Time) (int64, error) {
	detail := "{}"
	if a.Detail != nil {
		b, err := json.Marshal(a.Detail)
		if err != nil {
			return 0, err
		}
		detail = string(b)
	}
	return q.InsertAudit(ctx, db.InsertAuditParams{
		ConnectionID: sql.NullInt64{Int64: a.ConnectionID, Valid: a.ConnectionID != 0},
		InboxID:      sql.NullInt64{Int64: a.InboxID, Valid: a.InboxID != 0},
		Source:       a.Source, Entity: a.Entity, Status: a.Status, Message: a.Message,
		DetailJson: detail, CreatedAt: now.UnixMilli(),
	})
}

type (
	AuditRow             = db.Audit
	ListAuditAfterParams = db.ListAuditAfterParams
	ListAuditAfterRow    = db.ListAuditAfterRow
)

func (s *Store) ListAuditAfter(ctx context.Context, arg ListAuditAfterParams) ([]ListAuditAfterRow, error) {
	return s.rq.ListAuditAfter(ctx, arg)
}
func (s *Store) ListAuditForInbox(ctx context.Context, inboxID sql.NullInt64) ([]AuditRow, error) {
	return s.rq.ListAuditForInbox(ctx, inboxID)
}
func (s *Store) MaxAuditID(ctx context.Context, connectionID sql.NullInt64) (int64, error) {
	return s.rq.MaxAuditID(ctx, connectionID)
}
