package toggl

import (
	"context"
	"fmt"
)

// Me is the token's user, GET /api/v9/me without related data (docs/api/toggl.md §4.1).
type Me struct {
	ID                 int64  `json:"id"`
	Email              string `json:"email"`
	Fullname           string `json:"fullname"`
	DefaultWorkspaceID int64  `json:"default_workspace_id"`
	Timezone           string `json:"timezone"`
	BeginningOfWeek    int    `json:"beginning_of_week"`
	CountryID          int64  `json:"country_id"`
	ImageURL           string `json:"image_url"`
	CreatedAt          Time   `json:"created_at"`
	UpdatedAt          Time   `json:"updated_at"`
	At                 Time   `json:"at"`
}

// Workspace is one entry of GET /api/v9/me/workspaces (workspace.WithActiveProjectCount).
type Workspace struct {
	ID                          int64   `json:"id"`
	Name                        string  `json:"name"`
	OrganizationID              int64   `json:"organization_id"`
	Premium                     bool    `json:"premium"`
	Role                        string  `json:"role"`
	Admin                       bool    `json:"admin"`
	DefaultCurrency             string  `json:"default_currency"`
	DefaultHourlyRate           float64 `json:"default_hourly_rate"`
	Rounding                    int     `json:"rounding"`
	RoundingMinutes             int     `json:"rounding_minutes"`
	ActiveProjectCount          int     `json:"active_project_count"`
	OnlyAdminsMayCreateProjects bool    `json:"only_admins_may_create_projects"`
	ProjectsBillableByDefault   bool    `json:"projects_billable_by_default"`
	ProjectsPrivateByDefault    bool    `json:"projects_private_by_default"`
	At                          Time    `json:"at"`
}

// WorkspaceUser is one entry of GET /api/v9/workspaces/{wid}/users (models.SimpleWorkspaceUser).
type WorkspaceUser struct {
	ID       int64  `json:"id"`
	Email    string `json:"email"`
	Fullname string `json:"fullname"`
	Inactive bool   `json:"inactive"`
	IsActive bool   `json:"is_active"`
	IsAdmin  bool   `json:"is_admin"`
	Role     string `json:"role"`
}

// QuotaReading is one entry of GET /api/v9/me/quota (docs/api/toggl.md §5). OrganizationID is nil
// for the user-specific (/me-type) bucket.
type QuotaReading struct {
	OrganizationID *int64 `json:"organization_id"`
	Remaining      int    `json:"remaining"`
	ResetsInSecs   int    `json:"resets_in_secs"`
	Total          int    `json:"total"`
}

// Me returns the token's user. It costs one of the 30 user-specific requests per hour
// (docs/api/toggl.md §5), so callers should cache it.
func (c *Client) Me(ctx context.Context) (Me, error) {
	var me Me
	_, err := c.do(ctx, request{method: "GET", path: trackPrefix + "/me", idempotent: true}, &me)
	return me, err
}

// Workspaces lists the workspaces the token's user belongs to.
func (c *Client) Workspaces(ctx context.Context) ([]Workspace, error) {
	var ws []Workspace
	_, err := c.do(ctx, request{method: "GET", path: trackPrefix + "/me/workspaces", idempotent: true}, &ws)
	return ws, err
}

// WorkspaceUsers lists a workspace's members.
func (c *Client) WorkspaceUsers(ctx context.Context, workspaceID int64) ([]WorkspaceUser, error) {
	var us []WorkspaceUser
	path := fmt.Sprintf("%s/workspaces/%d/users", trackPrefix, workspaceID)
	_, err := c.do(ctx, request{method: "GET", path: path, idempotent: true}, &us)
	return us, err
}

// MyQuota reads the quota buckets from GET /api/v9/me/quota.
func (c *Client) MyQuota(ctx context.Context) ([]QuotaReading, error) {
	var qs []QuotaReading
	_, err := c.do(ctx, request{method: "GET", path: trackPrefix + "/me/quota", idempotent: true}, &qs)
	return qs, err
}
