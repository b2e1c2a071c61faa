package toggl

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ClientEntity is a Toggl client, the customer a project belongs to (docs/api/toggl.md §4.4,
// models.Client). It is not called Client because that is the API client.
type ClientEntity struct {
	ID                int64  `json:"id"`
	WorkspaceID       int64  `json:"wid"`
	Name              string `json:"name"`
	Archived          bool   `json:"archived"`
	Notes             string `json:"notes"`
	CreatorID         int64  `json:"creator_id"`
	ExternalReference string `json:"external_reference"`
	At                Time   `json:"at"`
	ServerDeletedAt   Time   `json:"server_deleted_at"` // 3P only (docs/api/toggl.md §4.3); zero when absent
	TotalCount        int    `json:"total_count"`
}

// ClientPayload is the body of client create and update (client.Payload). Name is required
// by Toggl on both ("Client name cannot be empty").
type ClientPayload struct {
	Name              string  `json:"name"`
	Notes             *string `json:"notes,omitempty"`
	ExternalReference *string `json:"external_reference,omitempty"`
}

// ClientStatus filters clients (docs/api/toggl.md §4.4); empty means Toggl's default, active.
type ClientStatus string

const (
	ClientsActive   ClientStatus = "active"
	ClientsArchived ClientStatus = "archived"
	ClientsBoth     ClientStatus = "both"
)

// ClientsQuery filters GET /workspaces/{wid}/clients. Name is a case-insensitive "contains".
type ClientsQuery struct {
	Status ClientStatus
	Name   string
}

// ListClients lists a workspace's clients.
func (c *Client) ListClients(ctx context.Context, workspaceID int64, q ClientsQuery) ([]ClientEntity, error) {
	v := url.Values{}
	if q.Status != "" {
		v.Set("status", string(q.Status))
	}
	if q.Name != "" {
		v.Set("name", q.Name)
	}
	var cs []ClientEntity
	path := fmt.Sprintf("%s/workspaces/%d/clients", trackPrefix, workspaceID)
	_, err := c.do(ctx, request{method: "GET", path: path, query: v, idempotent: true}, &cs)
	return cs, err
}

// GetClient returns one client (404 when it does not exist).
func (c *Client) GetClient(ctx context.Context, workspaceID, clientID int64) (ClientEntity, error) {
	var ce ClientEntity
	path := fmt.Sprintf("%s/workspaces/%d/clients/%d", trackPrefix, workspaceID, clientID)
	_, err := c.do(ctx, request{method: "GET", path: path, idempotent: true}, &ce)
	return ce, err
}

// CreateClient creates a client.
func (c *Client) CreateClient(ctx context.Context, workspaceID int64, in ClientPayload) (ClientEntity, error) {
	if strings.TrimSpace(in.Name) == "" {
		return ClientEntity{}, errors.New("toggl: CreateClient needs a name")
	}
	var ce ClientEntity
	path := fmt.Sprintf("%s/workspaces/%d/clients", trackPrefix, workspaceID)
	_, err := c.do(ctx, request{method: "POST", path: path, body: in}, &ce)
	return ce, err
}

// UpdateClient replaces a client's name and the set optional fields (PUT).
func (c *Client) UpdateClient(ctx context.Context, workspaceID, clientID int64, in ClientPayload) (ClientEntity, error) {
	if strings.TrimSpace(in.Name) == "" {
		return ClientEntity{}, errors.New("toggl: UpdateClient needs a name")
	}
	var ce ClientEntity
	path := fmt.Sprintf("%s/workspaces/%d/clients/%d", trackPrefix, workspaceID, clientID)
	_, err := c.do(ctx, request{method: "PUT", path: path, body: in, idempotent: true}, &ce)
	return ce, err
}
