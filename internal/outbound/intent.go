package outbound

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"toggl-attio-sync/db"
)

// intent records, before a Toggl create, what this job is about to create for which Attio
// record. It outlives a crash: the re-run looks for the object by the intended name (the
// Attio name may have changed since) and links it instead of creating another. It is
// cleared once the Toggl id is written back to Attio.
type intent struct {
	Name          string `json:"name"`
	TogglClientID int64  `json:"toggl_client_id,omitempty"` // for a project: its client
	At            int64  `json:"at"`                        // unix ms, for the console
}

func intentKey(connID int64, kind, recordID string) string {
	return fmt.Sprintf("outbound_intent:%d:%s:%s", connID, kind, recordID)
}

// loadIntent returns the recorded intent, or nil.
func (r *run) loadIntent(ctx context.Context, kind, recordID string) (*intent, error) {
	v, err := r.h.Store.RQ.GetOutboundIntent(ctx, intentKey(r.conn.ID, kind, recordID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var in intent
	if err := json.Unmarshal([]byte(v), &in); err != nil {
		return nil, fmt.Errorf("stored %s intent for %s: %w", kind, recordID, err)
	}
	return &in, nil
}

// recordIntent stores in unless an intent is already recorded (the first one wins).
func (r *run) recordIntent(ctx context.Context, kind, recordID string, in intent) error {
	in.At = r.h.now().UnixMilli()
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return r.h.Store.Q.PutOutboundIntent(ctx, db.PutOutboundIntentParams{Key: intentKey(r.conn.ID, kind, recordID), Value: string(b), UpdatedAt: in.At})
}

func (r *run) clearIntent(ctx context.Context, kind, recordID string) error {
	return r.h.Store.Q.DeleteOutboundIntent(ctx, intentKey(r.conn.ID, kind, recordID))
}

// dropStaleIntent clears an intent left by an attempt that stopped after its Attio
// write-back (the step is done); it reads first so the common case costs no write.
func (r *run) dropStaleIntent(ctx context.Context, kind, recordID string) error {
	_, err := r.h.Store.RQ.GetOutboundIntent(ctx, intentKey(r.conn.ID, kind, recordID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return r.clearIntent(ctx, kind, recordID)
}
