package attio

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// ListID identifies a list.
type ListID struct {
	WorkspaceID string `json:"workspace_id"`
	ListID      string `json:"list_id"`
}

// Access levels of lists (docs/api/attio.md §4 Lists).
const (
	AccessFull         = "full-access"
	AccessReadAndWrite = "read-and-write"
	AccessReadOnly     = "read-only"
)

// MemberAccess grants one workspace member a level on a list.
type MemberAccess struct {
	WorkspaceMemberID string `json:"workspace_member_id"`
	Level             string `json:"level"`
}

// List is the list shape; ParentObject is an array of object slugs (docs/api/attio.md §4).
type List struct {
	ID                    ListID         `json:"id"`
	APISlug               string         `json:"api_slug"`
	Name                  string         `json:"name"`
	ParentObject          []string       `json:"parent_object"`
	WorkspaceAccess       *string        `json:"workspace_access"`
	WorkspaceMemberAccess []MemberAccess `json:"workspace_member_access"`
	CreatedByActor        Actor          `json:"created_by_actor"`
	CreatedAt             time.Time      `json:"created_at"`
}

// CreateListInput is POST /v2/lists's data; every field is required. New lists need
// WorkspaceAccess "full-access" or a member with "full-access".
type CreateListInput struct {
	Name                  string
	APISlug               string
	ParentObject          string // one object slug or id
	WorkspaceAccess       *string
	WorkspaceMemberAccess []MemberAccess
}

// MarshalJSON sends nil WorkspaceAccess as null and nil member access as [] (both required).
func (in CreateListInput) MarshalJSON() ([]byte, error) {
	members := in.WorkspaceMemberAccess
	if members == nil {
		members = []MemberAccess{}
	}
	return json.Marshal(struct {
		Name                  string         `json:"name"`
		APISlug               string         `json:"api_slug"`
		ParentObject          string         `json:"parent_object"`
		WorkspaceAccess       *string        `json:"workspace_access"`
		WorkspaceMemberAccess []MemberAccess `json:"workspace_member_access"`
	}{in.Name, in.APISlug, in.ParentObject, in.WorkspaceAccess, members})
}

// ListLists is GET /v2/lists (sidebar order).
func (c *Client) ListLists(ctx context.Context) ([]List, error) {
	return call[[]List](ctx, c, http.MethodGet, "/v2/lists", nil, nil)
}

// GetList is GET /v2/lists/{list} (slug or UUID).
func (c *Client) GetList(ctx context.Context, list string) (List, error) {
	return call[List](ctx, c, http.MethodGet, "/v2/lists/"+seg(list), nil, nil)
}

// CreateList is POST /v2/lists. A taken slug answers 409 slug_conflict; a plan without the
// permissions feature 403 billing_error.
func (c *Client) CreateList(ctx context.Context, in CreateListInput) (List, error) {
	return call[List](ctx, c, http.MethodPost, "/v2/lists", nil, in)
}
