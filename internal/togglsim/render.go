package togglsim

import (
	"strings"
	"time"
)

// Track v9 renders timestamps with a "+00:00" offset ("at":"2023-08-22T12:40:52+00:00" in the
// request_body of docs/api/toggl.md §2.2, which the extension copied from an API response).
func apiTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-07:00") }

// Webhook payloads write start/stop with "Z" (docs/api/toggl.md §2.2: "`at` uses `+00:00` and
// `start`/`stop` use `Z`").
func zTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func apiTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return apiTime(*t)
}

func idOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nonNilTags(tags []string) []string {
	if tags == nil {
		return []string{}
	}
	return tags
}

// timeEntryJSON renders the v9 TimeEntry model (docs/api/toggl.md §4.2). Legacy pid/tid are only sent
// when set because the spec types them as non-nullable integers. Caller holds Sim.mu.
func (s *Sim) timeEntryJSON(e *TimeEntry, meta bool) map[string]any {
	m := map[string]any{
		"id":                e.ID,
		"workspace_id":      e.WorkspaceID,
		"wid":               e.WorkspaceID,
		"user_id":           e.UserID,
		"uid":               e.UserID,
		"project_id":        idOrNil(e.ProjectID),
		"task_id":           idOrNil(e.TaskID),
		"billable":          e.Billable,
		"start":             apiTime(e.Start),
		"stop":              apiTimePtr(e.Stop),
		"duration":          e.Duration(),
		"description":       e.Description,
		"tags":              nonNilTags(e.Tags),
		"tag_ids":           s.tagIDs(e.WorkspaceID, e.Tags),
		"duronly":           true,
		"at":                apiTime(e.At),
		"server_deleted_at": apiTimePtr(e.DeletedAt),
	}
	if e.ProjectID != 0 {
		m["pid"] = e.ProjectID
	}
	if e.TaskID != 0 {
		m["tid"] = e.TaskID
	}
	if meta {
		// docs/api/toggl.md §4.2: meta fields are "present with meta=true".
		if p := s.st.projects[e.ProjectID]; p != nil {
			m["project_name"] = p.Name
			m["project_color"] = p.Color
			m["project_active"] = p.Active
			m["project_billable"] = p.Billable
			if c := s.st.clients[p.ClientID]; c != nil {
				m["client_id"] = c.ID
				m["client_name"] = c.Name
			}
		}
		if u := s.st.users[e.UserID]; u != nil {
			m["user_name"] = u.FullName
			m["user_avatar_url"] = ""
		}
	}
	return m
}

// timeEntryPayload renders the compact form webhook events carry. Its keys are exactly those of
// the captured payloads in docs/api/toggl.md §2.2 (at, billable, description, duration, duronly, id,
// project_id, server_deleted_at, start, stop, tag_ids, tags, task_id, uid, user_id, wid,
// workspace_id); encoding a map sorts them alphabetically as the captures show. tag_ids is null
// when there are no tags ("tag_ids": null beside "tags": []). Caller holds Sim.mu.
func (s *Sim) timeEntryPayload(e *TimeEntry) map[string]any {
	var stop any
	if e.Stop != nil {
		stop = zTime(*e.Stop)
	}
	var tagIDs any
	if len(e.Tags) > 0 {
		tagIDs = s.tagIDs(e.WorkspaceID, e.Tags)
	}
	return map[string]any{
		"at":                apiTime(e.At),
		"billable":          e.Billable,
		"description":       e.Description,
		"duration":          e.Duration(),
		"duronly":           true,
		"id":                e.ID,
		"project_id":        idOrNil(e.ProjectID),
		"server_deleted_at": apiTimePtr(e.DeletedAt),
		"start":             zTime(e.Start),
		"stop":              stop,
		"tag_ids":           tagIDs,
		"tags":              nonNilTags(e.Tags),
		"task_id":           idOrNil(e.TaskID),
		"uid":               e.UserID,
		"user_id":           e.UserID,
		"wid":               e.WorkspaceID,
		"workspace_id":      e.WorkspaceID,
	}
}

func projectStatus(p *Project) string {
	switch {
	case p.DeletedAt != nil:
		return "deleted"
	case !p.Active:
		return "archived"
	default:
		return "active"
	}
}

// projectJSON renders the v9 Project model (docs/api/toggl.md §4.3 field list). It is also the payload
// of project events, which docs/api/toggl.md §2.2 presumes to be "the entity's v9 JSON" (UNCONFIRMED).
// Caller holds Sim.mu.
func (s *Sim) projectJSON(p *Project) map[string]any {
	var rate, currency any
	if p.Rate != 0 {
		rate = p.Rate
		currency = p.Currency
		if p.Currency == "" {
			currency = s.workspaceCurrency(p.WorkspaceID)
		}
	}
	m := map[string]any{
		"id":                   p.ID,
		"workspace_id":         p.WorkspaceID,
		"wid":                  p.WorkspaceID,
		"client_id":            idOrNil(p.ClientID),
		"cid":                  idOrNil(p.ClientID),
		"name":                 p.Name,
		"is_private":           p.IsPrivate,
		"active":               p.Active,
		"status":               projectStatus(p),
		"billable":             p.Billable,
		"template":             false,
		"template_id":          nil,
		"color":                p.Color,
		"rate":                 rate,
		"rate_last_updated":    nil,
		"currency":             currency,
		"fixed_fee":            nil,
		"estimated_hours":      nil,
		"estimated_seconds":    nil,
		"actual_hours":         nil,
		"actual_seconds":       nil,
		"auto_estimates":       false,
		"recurring":            false,
		"recurring_parameters": nil,
		"created_at":           apiTime(p.CreatedAt),
		"at":                   apiTime(p.At),
		"start_date":           p.CreatedAt.UTC().Format(time.DateOnly),
		"end_date":             nil,
		"server_deleted_at":    apiTimePtr(p.DeletedAt),
		"can_track_time":       p.Active && p.DeletedAt == nil,
		"pinned":               false,
		"permissions":          nil,
	}
	if c := s.st.clients[p.ClientID]; c != nil {
		m["client_name"] = c.Name
	}
	return m
}

// clientJSON renders the v9 Client model (docs/api/toggl.md §4.4 field list). Caller holds Sim.mu.
func (s *Sim) clientJSON(c *Client) map[string]any {
	m := map[string]any{
		"id":         c.ID,
		"wid":        c.WorkspaceID,
		"name":       c.Name,
		"archived":   c.Archived,
		"notes":      c.Notes,
		"at":         apiTime(c.At),
		"creator_id": c.CreatorID,
	}
	if c.DeletedAt != nil {
		// server_deleted_at for clients is 3P only (docs/api/toggl.md §4.3), so it appears only when set.
		m["server_deleted_at"] = apiTime(*c.DeletedAt)
	}
	return m
}

func (s *Sim) workspaceCurrency(wid int64) string {
	if w := s.st.workspaces[wid]; w != nil && w.DefaultCurrency != "" {
		return w.DefaultCurrency
	}
	return "USD"
}

func role(admin bool) string {
	if admin {
		return "admin"
	}
	return "user"
}

// workspaceJSON renders workspace.WithActiveProjectCount (docs/api/toggl.md §4.1: "id, name,
// organization_id, premium, role, admin, default_currency, rounding, …"). Caller holds Sim.mu.
func (s *Sim) workspaceJSON(w *Workspace, admin bool) map[string]any {
	active := 0
	for _, p := range s.st.projects {
		if p.WorkspaceID == w.ID && p.Active && p.DeletedAt == nil {
			active++
		}
	}
	return map[string]any{
		"id":                              w.ID,
		"organization_id":                 w.OrganizationID,
		"name":                            w.Name,
		"premium":                         w.Plan != PlanFree,
		"business_ws":                     w.Plan == PlanPremium || w.Plan == PlanEnterprise,
		"admin":                           admin,
		"role":                            role(admin),
		"default_currency":                s.workspaceCurrency(w.ID),
		"default_hourly_rate":             0,
		"rounding":                        1,
		"rounding_minutes":                0,
		"at":                              apiTime(w.At),
		"logo_url":                        "https://assets.track.toggl.com/images/workspace.jpg",
		"only_admins_may_create_projects": w.OnlyAdminsMayCreateProjects,
		"only_admins_may_create_tags":     false,
		"only_admins_see_team_dashboard":  false,
		"projects_billable_by_default":    true,
		"projects_private_by_default":     false,
		"projects_enforce_billable":       false,
		"reports_collapse":                true,
		"ical_enabled":                    false,
		"hide_start_end_times":            false,
		"active_project_count":            active,
	}
}

// userJSON renders related.UserWithRelated without the related lists (docs/api/toggl.md §4.1).
func userJSON(u *User) map[string]any {
	tz := u.Timezone
	if tz == "" {
		tz = "UTC"
	}
	return map[string]any{
		"id":                       u.ID,
		"api_token":                u.APIToken,
		"email":                    u.Email,
		"fullname":                 u.FullName,
		"timezone":                 tz,
		"default_workspace_id":     u.WorkspaceID,
		"beginning_of_week":        1,
		"image_url":                "https://assets.track.toggl.com/images/profile.png",
		"created_at":               apiTime(u.CreatedAt),
		"updated_at":               apiTime(u.CreatedAt),
		"at":                       apiTime(u.CreatedAt),
		"authorization_updated_at": apiTime(u.CreatedAt),
		"2fa_enabled":              false,
		"has_password":             u.Password != "",
		"openid_enabled":           false,
		"openid_email":             "",
		"oauth_providers":          []string{},
		"intercom_hash":            strings.Repeat("0", 64),
	}
}
