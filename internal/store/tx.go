package store

import (
	"context"
	"time"

	"toggl-attio-sync/db"
)

// Tx is one write transaction (Store.Tx): the writes that must commit together.
type Tx struct{ q *db.Queries }

// AddAudit writes one audit row in the transaction.
func (t *Tx) AddAudit(ctx context.Context, a Audit, now time.Time) (int64, error) {
	return insertAudit(ctx, t.q, a, now)
}

func (t *Tx) ActiveResyncRun(ctx context.Context, connID int64) (ResyncRun, error) {
	return t.q.ActiveResyncRun(ctx, connID)
}

func (t *Tx) CreateResyncRunMode(ctx context.Context, arg CreateResyncRunModeParams) (ResyncRun, error) {
	return t.q.CreateResyncRunMode(ctx, arg)
}

func (t *Tx) RecordResyncEntry(ctx context.Context, arg RecordResyncEntryParams) error {
	return t.q.RecordResyncEntry(ctx, arg)
}

func (t *Tx) AddResyncFinding(ctx context.Context, arg AddResyncFindingParams) error {
	return t.q.AddResyncFinding(ctx, arg)
}

// ClearOutboundIntent forgets an intent in the transaction.
func (t *Tx) ClearOutboundIntent(ctx context.Context, connID int64, kind, recordID string) error {
	return clearOutboundIntent(ctx, t.q, connID, kind, recordID)
}
