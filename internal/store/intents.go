// Outbound intents: what an outbound job is about to create in Toggl for which Attio
// record, recorded before the create so a crash is recovered by name, never by a second
// create.
package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/db"
)

// OutboundIntent returns the intent recorded for (kind, record) as stored JSON; ok is false
// when none is.
func (s *Store) OutboundIntent(ctx context.Context, connID int64, kind, recordID string) (intentJSON string, ok bool, err error) {
	v, err := s.rq.GetOutboundIntent(ctx, db.GetOutboundIntentParams{ConnectionID: connID, Kind: kind, RecordID: recordID})
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return v, err == nil, err
}

// RecordOutboundIntent keeps the first intent for (kind, record): a re-run must look for
// the name the first attempt used.
func (s *Store) RecordOutboundIntent(ctx context.Context, connID int64, kind, recordID, intentJSON string, at time.Time) error {
	return s.q.PutOutboundIntent(ctx, db.PutOutboundIntentParams{ConnectionID: connID, Kind: kind, RecordID: recordID, IntentJson: intentJSON, CreatedAt: at.UnixMilli()})
}

// ClearOutboundIntent forgets the intent once its step is done.
func (s *Store) ClearOutboundIntent(ctx context.Context, connID int64, kind, recordID string) error {
	return clearOutboundIntent(ctx, s.q, connID, kind, recordID)
}

func clearOutboundIntent(ctx context.Context, q *db.Queries, connID int64, kind, recordID string) error {
	return q.DeleteOutboundIntent(ctx, db.DeleteOutboundIntentParams{ConnectionID: connID, Kind: kind, RecordID: recordID})
}

// MirrorWatermark is the last audit id the audit mirror wrote to Attio (0: none yet).
func (s *Store) MirrorWatermark(ctx context.Context, connID int64) (int64, error) {
	id, err := s.rq.GetMirrorWatermark(ctx, connID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// SetMirrorWatermark records the last audit id mirrored.
func (s *Store) SetMirrorWatermark(ctx context.Context, connID, auditID int64, now time.Time) error {
	return s.q.PutMirrorWatermark(ctx, db.PutMirrorWatermarkParams{ConnectionID: connID, AuditID: auditID, UpdatedAt: now.UnixMilli()})
}
