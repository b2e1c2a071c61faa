package toggl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Project is a Toggl project (docs/api/toggl.md §4.3, models.Project). Nullable fields are pointers.
type Project struct {
	ID                int64    `json:"id"`
	WorkspaceID       int64    `json:"workspace_id"`
	ClientID          *int64   `json:"client_id"`
	ClientName        string   `json:"client_name"`
	Name              string   `json:"name"`
	Active            bool     `json:"active"`
	Status            string   `json:"status"` // upcoming, active, ended, archived, deleted
	IsPrivate         bool     `json:"is_private"`
	Billable          *bool    `json:"billable"`
	Color             string   `json:"color"`
	Rate              *float64 `json:"rate"`
	Currency          *string  `json:"currency"`
	FixedFee          *float64 `json:"fixed_fee"`
	EstimatedHours    *int64   `json:"estimated_hours"`
	EstimatedSeconds  *int64   `json:"estimated_seconds"`
	ActualHours       *int64   `json:"actual_hours"`
	ActualSeconds     *int64   `json:"actual_seconds"`
	AutoEstimates     *bool    `json:"auto_estimates"`
	StartDate         string   `json:"start_date"` // YYYY-MM-DD
	EndDate           string   `json:"end_date"`   // YYYY-MM-DD, "" when open-ended
	Recurring         bool     `json:"recurring"`
	Template          *bool    `json:"template"`
	TemplateID        *int64   `json:"template_id"`
	Pinned            bool     `json:"pinned"`
	CanTrackTime      bool     `json:"can_track_time"`
	ExternalReference string   `json:"external_reference"`
	At                Time     `json:"at"`
	CreatedAt         Time     `json:"created_at"`
	ServerDeletedAt   Time     `json:"server_deleted_at"` // 3P only (docs/api/toggl.md §4.3); zero when absent
	TotalCount        int      `json:"total_count"`
}

// UnmarshalJSON fills workspace_id and client_id from the legacy wid and cid when only those
// are present (docs/api/toggl.md §4.3 lists both spellings).
func (p *Project) UnmarshalJSON(data []byte) error {
	type plain Project
	aux := struct {
		*plain
		WID *int64 `json:"wid"`
		CID *int64 `json:"cid"`
	}{plain: (*plain)(p)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	if p.WorkspaceID == 0 && aux.WID != nil {
		p.WorkspaceID = *aux.WID
	}
	if p.ClientID == nil && aux.CID != nil {
		p.ClientID = aux.CID
	}
	return nil
}

// ProjectPayload is the body of create and update (project.Payload). Nil fields are left
// out, so an update changes only what is set. The spec declares none of them nullable,
// so a client cannot be detached by sending null.
type ProjectPayload struct {
	Name              *string  `json:"name,omitempty"`
	Active            *bool    `json:"active,omitempty"`
	IsPrivate         *bool    `json:"is_private,omitempty"`
	ClientID          *int64   `json:"client_id,omitempty"`
	Color             *string  `json:"color,omitempty"` // #[0-9a-f]{6} (docs/api/toggl.md §4.3)
	Billable          *bool    `json:"billable,omitempty"`
	Rate              *float64 `json:"rate,omitempty"`
	Currency          *string  `json:"currency,omitempty"`
	FixedFee          *float64 `json:"fixed_fee,omitempty"`
	EstimatedHours    *int64   `json:"estimated_hours,omitempty"`
	AutoEstimates     *bool    `json:"auto_estimates,omitempty"`
	StartDate         *string  `json:"start_date,omitempty"`
	EndDate           *string  `json:"end_date,omitempty"`
	Template          *bool    `json:"template,omitempty"`
	IsShared          *bool    `json:"is_shared,omitempty"`
	ExternalReference *string  `json:"external_reference,omitempty"`
}

// Ptr returns a pointer to v, for the optional fields of payloads.
func Ptr[T any](v T) *T { return &v }

// ProjectActive filters projects by state; the empty value lets Toggl apply its default.
type ProjectActive string

const (
	ProjectsActive   ProjectActive = "true"
	ProjectsInactive ProjectActive = "false"
	ProjectsBoth     ProjectActive = "both"
)

// MaxProjectsPerPage is the per_page ceiling (docs/api/toggl.md §4.3: "default 151, max 200").
const MaxProjectsPerPage = 200

// ProjectsQuery filters GET /workspaces/{wid}/projects. Zero fields are not sent.
type ProjectsQuery struct {
	Active    ProjectActive
	Since     time.Time // created, modified or deleted since
	Billable  *bool
	ClientIDs []int64
	Name      string
	Page      int // 1-based
	PerPage   int // ≤ MaxProjectsPerPage
	SortField string
	SortOrder string // ASC or DESC
}

func (q ProjectsQuery) values() (url.Values, error) {
	if q.PerPage < 0 || q.PerPage > MaxProjectsPerPage {
		return nil, fmt.Errorf("toggl: per_page %d outside 1..%d", q.PerPage, MaxProjectsPerPage)
	}
	if q.Page < 0 {
		return nil, fmt.Errorf("toggl: page %d is negative", q.Page)
	}
	v := url.Values{}
	if q.Active != "" {
		v.Set("active", string(q.Active))
	}
	if !q.Since.IsZero() {
		v.Set("since", strconv.FormatInt(q.Since.Unix(), 10))
	}
	if q.Billable != nil {
		v.Set("billable", strconv.FormatBool(*q.Billable))
	}
	if len(q.ClientIDs) > 0 {
		v.Set("client_ids", joinIDs(q.ClientIDs))
	}
	if q.Name != "" {
		v.Set("name", q.Name)
	}
	if q.Page > 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if q.SortField != "" {
		v.Set("sort_field", q.SortField)
	}
	if q.SortOrder != "" {
		v.Set("sort_order", q.SortOrder)
	}
	return v, nil
}

// joinIDs writes an array query parameter the way the spec declares it (style form,
// explode false: a comma-separated list).
func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// ListProjects returns one page of a workspace's projects.
func (c *Client) ListProjects(ctx context.Context, workspaceID int64, q ProjectsQuery) ([]Project, error) {
	v, err := q.values()
	if err != nil {
		return nil, err
	}
	var ps []Project
	path := fmt.Sprintf("%s/workspaces/%d/projects", trackPrefix, workspaceID)
	_, err = c.do(ctx, request{method: "GET", path: path, query: v, idempotent: true}, &ps)
	return ps, err
}

// EachProjectPage walks every page from q.Page (default 1), calling fn with each non-empty
// page. Toggl's project paging has no documented headers (docs/api/toggl.md §4.3: "loop while
// len == per_page"), so a short page ends the walk. PerPage defaults to the maximum to save
// quota.
func (c *Client) EachProjectPage(ctx context.Context, workspaceID int64, q ProjectsQuery, fn func([]Project) error) error {
	if q.PerPage == 0 {
		q.PerPage = MaxProjectsPerPage
	}
	if q.Page == 0 {
		q.Page = 1
	}
	var previousFirst int64
	for {
		page, err := c.ListProjects(ctx, workspaceID, q)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			return nil
		}
		// A server that ignored `page` would hand back page 1 forever.
		if q.Page > 1 && page[0].ID == previousFirst {
			return errors.New("toggl: project paging returned the same page twice")
		}
		previousFirst = page[0].ID
		if err := fn(page); err != nil {
			return err
		}
		if len(page) < q.PerPage {
			return nil
		}
		q.Page++
	}
}

// AllProjects collects every page of EachProjectPage.
func (c *Client) AllProjects(ctx context.Context, workspaceID int64, q ProjectsQuery) ([]Project, error) {
	var all []Project
	err := c.EachProjectPage(ctx, workspaceID, q, func(page []Project) error {
		all = append(all, page...)
		return nil
	})
	return all, err
}

// GetProject returns one project.
func (c *Client) GetProject(ctx context.Context, workspaceID, projectID int64) (Project, error) {
	var p Project
	path := fmt.Sprintf("%s/workspaces/%d/projects/%d", trackPrefix, workspaceID, projectID)
	_, err := c.do(ctx, request{method: "GET", path: path, idempotent: true}, &p)
	return p, err
}

// CreateProject creates a project; Name is required.
func (c *Client) CreateProject(ctx context.Context, workspaceID int64, in ProjectPayload) (Project, error) {
	if in.Name == nil || strings.TrimSpace(*in.Name) == "" {
		return Project{}, errors.New("toggl: CreateProject needs a name")
	}
	var p Project
	path := fmt.Sprintf("%s/workspaces/%d/projects", trackPrefix, workspaceID)
	_, err := c.do(ctx, request{method: "POST", path: path, body: in}, &p)
	return p, err
}

// UpdateProject changes the set fields of a project (PUT).
func (c *Client) UpdateProject(ctx context.Context, workspaceID, projectID int64, in ProjectPayload) (Project, error) {
	var p Project
	path := fmt.Sprintf("%s/workspaces/%d/projects/%d", trackPrefix, workspaceID, projectID)
	_, err := c.do(ctx, request{method: "PUT", path: path, body: in, idempotent: true}, &p)
	return p, err
}
