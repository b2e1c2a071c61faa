// Package togglevent parses Toggl Webhooks v1 deliveries into typed events. It is pure: no I/O,
// no clock, no signature checks (those happen on the raw bytes before parsing, see
// internal/signature).
//
// Two envelope shapes arrive on the same URL (docs/api/toggl.md §2):
//   - PING: "payload" is the string "ping", metadata.event_user_id is a number, event_id is 0 and
//     validation_code/validation_code_url are present only while the subscription is not validated.
//   - Entity events: every metadata value is a string (ids included) and "payload" is the v9 entity.
//
// The envelope type tolerates both; only the models this service syncs (time_entry, project,
// client) get typed payloads, anything else is reported as ErrUnknownModel with the envelope filled
// in so the caller can audit and ignore it.
package togglevent

import (
	"encoding/json"
	"errors"
	"strconv"
	"time"
)

// Models this service syncs. Toggl also sends tag, task, project_group, project_user, workspace and
// workspace_user events (docs/api/toggl.md §1.4); those are ErrUnknownModel here.
const (
	ModelTimeEntry = "time_entry"
	ModelProject   = "project"
	ModelClient    = "client"
)

// Actions Toggl sends (docs/api/toggl.md §1.4). Other non-empty actions are accepted and passed through.
const (
	ActionCreated = "created"
	ActionUpdated = "updated"
	ActionDeleted = "deleted"
)

// Errors returned by Parse, wrapped with detail; test with errors.Is.
var (
	// ErrMalformed: the body is not JSON, or a field has the wrong JSON type or an impossible value.
	ErrMalformed = errors.New("togglevent: malformed delivery")
	// ErrUnknownModel: metadata.model is missing or not one of the synced models. The returned
	// Event still carries the envelope (ids, model, action) for auditing.
	ErrUnknownModel = errors.New("togglevent: unknown model")
	// ErrMissingID: a required id (event, subscription, workspace or entity) is absent or zero.
	ErrMissingID = errors.New("togglevent: missing id")
)

// Event is one parsed webhook delivery.
type Event struct {
	EventID        int64     // 0 for PING; 0 is never a dedupe key
	CreatedAt      time.Time // when the change happened (millisecond precision)
	Timestamp      time.Time // when Toggl sent this delivery attempt; zero if absent
	CreatorID      int64
	SubscriptionID int64
	URLCallback    string

	IsPing            bool
	ValidationCode    string // PING to a not-yet-validated subscription only
	ValidationCodeURL string

	Model       string // "time_entry", "project", "client", ...; empty for PING
	Action      string // "created", "updated", "deleted", ...; empty for PING
	WorkspaceID int64  // 0 for PING
	EntityID    int64  // 0 for PING
	EventUserID int64  // metadata.event_user_id (number in PING, string elsewhere)

	// At orders changes of one entity: the entity's own "at" (last modification). When the
	// payload has none (a bare deletion), it is CreatedAt, so a deletion still sorts after the
	// changes that preceded it instead of looking older than everything.
	At time.Time

	// Metadata holds every metadata value as text (numbers in their literal form, null as "").
	Metadata map[string]string
	// RawPayload is the payload exactly as received, for audit display.
	RawPayload json.RawMessage

	// Exactly one is set for a successfully parsed entity event, matching Model.
	TimeEntry *TimeEntry
	Project   *Project
	Client    *Client
}

// Key identifies the entity for per-entity ordering, e.g. "time_entry:3050537739". Empty for PING.
func (e Event) Key() string {
	if e.IsPing || e.Model == "" {
		return ""
	}
	return EntityKey(e.Model, e.EntityID)
}

// EntityKey builds the ordering key Event.Key returns, for callers that hold model and id only.
func EntityKey(model string, id int64) string {
	return model + ":" + strconv.FormatInt(id, 10)
}

// Deleted reports whether the event removes the entity: action "deleted" or server_deleted_at set.
func (e Event) Deleted() bool {
	switch {
	case e.TimeEntry != nil:
		return e.TimeEntry.Deleted
	case e.Project != nil:
		return e.Project.Deleted
	case e.Client != nil:
		return e.Client.Deleted
	}
	return e.Action == ActionDeleted
}
