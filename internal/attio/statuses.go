package attio

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
)

// StatusID identifies one status of a status attribute.
type StatusID struct {
	WorkspaceID string `json:"workspace_id"`
	ObjectID    string `json:"object_id"`
	AttributeID string `json:"attribute_id"`
	StatusID    string `json:"status_id"`
}

// Status is {"id":{…,"status_id"},"title","is_archived","celebration_enabled",
// "target_time_in_status"} (docs/api/attio.md §2 Statuses).
type Status struct {
	ID                 StatusID `json:"id"`
	Title              string   `json:"title"`
	IsArchived         bool     `json:"is_archived"`
	CelebrationEnabled bool     `json:"celebration_enabled"`
	TargetTimeInStatus *string  `json:"target_time_in_status"` // ISO-8601 duration or null
}

// UnmarshalJSON also accepts the bare status UUID, the spec's second form of a status value.
func (s *Status) UnmarshalJSON(b []byte) error {
	var id string
	if json.Unmarshal(b, &id) == nil {
		*s = Status{ID: StatusID{StatusID: id}}
		return nil
	}
	type plain Status
	return json.Unmarshal(b, (*plain)(s))
}

// CreateStatusInput is POST …/statuses's data. Only Title is required.
type CreateStatusInput struct {
	Title              string  `json:"title"`
	CelebrationEnabled bool    `json:"celebration_enabled,omitempty"`
	TargetTimeInStatus *string `json:"target_time_in_status,omitempty"`
}

// ListStatuses is GET …/attributes/{attribute}/statuses.
func (c *Client) ListStatuses(ctx context.Context, target Target, identifier, attribute string, showArchived bool) ([]Status, error) {
	var q url.Values
	if showArchived {
		q = url.Values{"show_archived": {"true"}}
	}
	return call[[]Status](ctx, c, http.MethodGet, attributePath(target, identifier, attribute)+"/statuses", q, nil)
}

// CreateStatus is POST …/attributes/{attribute}/statuses. Statuses belong on list attributes
// (and deals.stage): "company and person objects do not support status attributes".
func (c *Client) CreateStatus(ctx context.Context, target Target, identifier, attribute string, in CreateStatusInput) (Status, error) {
	return call[Status](ctx, c, http.MethodPost, attributePath(target, identifier, attribute)+"/statuses", nil, in)
}
