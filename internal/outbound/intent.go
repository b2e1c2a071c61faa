package outbound

import (
	"context"
	"encoding/json"
	"fmt"
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

// loadIntent returns the recorded intent, or nil.
func (r *run) loadIntent(ctx context.Context, kind, recordID string) (*intent, error) {
	v, ok, err := r.h.Store.OutboundIntent(ctx, r.conn.ID, kind, recordID)
	if err != nil || !ok {
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
	now := r.h.now()
	in.At = now.UnixMilli()
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return r.h.Store.RecordOutboundIntent(ctx, r.conn.ID, kind, recordID, string(b), now)
}

func (r *run) clearIntent(ctx context.Context, kind, recordID string) error {
	return r.h.Store.ClearOutboundIntent(ctx, r.conn.ID, kind, recordID)
}

// dropStaleIntent clears an intent left by an attempt that stopped after its Attio
// write-back (the step is done); it reads first so the common case costs no write.
func (r *run) dropStaleIntent(ctx context.Context, kind, recordID string) error {
	_, ok, err := r.h.Store.OutboundIntent(ctx, r.conn.ID, kind, recordID)
	if err != nil || !ok {
		return err
	}
	return r.clearIntent(ctx, kind, recordID)
}
