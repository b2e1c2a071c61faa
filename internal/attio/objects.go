package attio

import (
	"context"
	"net/http"
	"time"
)

// ObjectID identifies an object (docs/api/attio.md §2 "Object shape").
type ObjectID struct {
	WorkspaceID string `json:"workspace_id"`
	ObjectID    string `json:"object_id"`
}

// Object is a standard (companies, people, deals, users, workspaces) or custom object.
type Object struct {
	ID           ObjectID  `json:"id"`
	APISlug      *string   `json:"api_slug"`
	SingularNoun *string   `json:"singular_noun"`
	PluralNoun   *string   `json:"plural_noun"`
	CreatedAt    time.Time `json:"created_at"`
}

// Slug returns APISlug or "" when null.
func (o Object) Slug() string { return deref(o.APISlug) }

// CreateObjectInput is POST /v2/objects's data; all fields are required, api_slug snake_case.
type CreateObjectInput struct {
	APISlug      string `json:"api_slug"`
	SingularNoun string `json:"singular_noun"`
	PluralNoun   string `json:"plural_noun"`
}

// ListObjects is GET /v2/objects.
func (c *Client) ListObjects(ctx context.Context) ([]Object, error) {
	return call[[]Object](ctx, c, http.MethodGet, "/v2/objects", nil, nil)
}

// GetObject is GET /v2/objects/{object}; object is a slug or UUID.
func (c *Client) GetObject(ctx context.Context, object string) (Object, error) {
	return call[Object](ctx, c, http.MethodGet, "/v2/objects/"+seg(object), nil, nil)
}

// CreateObject is POST /v2/objects (a custom object, e.g. "projects", docs/api/attio.md §2). A taken slug
// answers 409 slug_conflict (IsConflict).
func (c *Client) CreateObject(ctx context.Context, in CreateObjectInput) (Object, error) {
	return call[Object](ctx, c, http.MethodPost, "/v2/objects", nil, in)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
