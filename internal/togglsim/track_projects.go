package togglsim

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// projectPayload is project.Payload (docs/api/toggl.md §4.3), the fields the emulator keeps.
type projectPayload struct {
	Name      optString `json:"name"`
	Active    optBool   `json:"active"`
	IsPrivate optBool   `json:"is_private"`
	ClientID  optInt    `json:"client_id"`
	CID       optInt    `json:"cid"`
	Color     optString `json:"color"`
	Billable  optBool   `json:"billable"`
	Rate      optFloat  `json:"rate"`
	Currency  optString `json:"currency"`
}

// colorPattern is the documented project color form (docs/api/toggl.md §4.3: "Project color must be a
// hex value in the form of #[0-9a-f]{6}").
var colorPattern = regexp.MustCompile(`^#[0-9a-f]{6}$`)

const defaultProjectColor = "#0b83d9"

// listProjects serves GET /api/v9/workspaces/{wid}/projects (docs/api/toggl.md §4.3): active
// (true|false|both), since (includes deleted), billable, client_ids, project_ids, name,
// page/per_page (default 151, max 200).
func (s *Sim) listProjects(w http.ResponseWriter, r *http.Request, c *call) {
	q, msg := s.readProjectsQuery(r.URL.Query())
	if msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []*Project
	for _, p := range s.st.projects {
		if p.WorkspaceID == c.wid && canSeeProject(c.user.ID, c.admin, p) && q.matches(p) {
			matched = append(matched, p)
		}
	}
	sortProjectsByName(matched, q.desc)
	out := []map[string]any{}
	for i := (q.page - 1) * q.perPage; i < len(matched) && i < q.page*q.perPage; i++ {
		out = append(out, s.projectJSON(matched[i]))
	}
	writeJSON(w, http.StatusOK, out)
}

// projectsQuery is the validated query of listProjects.
type projectsQuery struct {
	active                string // true|false|both
	page, perPage         int
	since                 int64 // unix seconds; 0 for unset
	billable              string
	billableSet           bool
	clientIDs, projectIDs map[int64]bool // nil for unset
	name                  string
	desc                  bool // sort_order=desc
}

// readProjectsQuery validates listProjects' query, or returns the 400 message for the first
// bad parameter.
func (s *Sim) readProjectsQuery(q url.Values) (projectsQuery, string) {
	out := projectsQuery{active: q.Get("active"), billable: q.Get("billable"), billableSet: q.Has("billable"),
		name: q.Get("name"), desc: strings.EqualFold(q.Get("sort_order"), "desc")}
	if out.active == "" {
		out.active = s.cfg.Quirks.ProjectsDefaultActive
	}
	if out.active != "true" && out.active != "false" && out.active != "both" {
		return out, "Invalid value for active"
	}
	var err error
	if out.page, err = intParam(q.Get("page"), 1); err != nil || out.page < 1 {
		return out, "Invalid page"
	}
	if out.perPage, err = intParam(q.Get("per_page"), 151); err != nil || out.perPage < 1 {
		return out, "Invalid per_page"
	}
	// "Cannot exceed 200" (spec): larger values are served 200 rows, as the 3P reimplementation
	// OpenTickly does; whether Toggl rejects instead is UNCONFIRMED.
	out.perPage = min(out.perPage, 200)
	if out.since, err = optionalUnix(q.Get("since")); err != nil {
		return out, "Invalid since"
	}
	var err1, err2 error
	out.clientIDs, err1 = idList(q.Get("client_ids"))
	out.projectIDs, err2 = idList(q.Get("project_ids"))
	if err1 != nil || err2 != nil {
		return out, "Invalid ids"
	}
	return out, ""
}

// matches applies the query's filters to a project of the workspace the caller sees.
func (q projectsQuery) matches(p *Project) bool {
	if q.since > 0 {
		// "Retrieve projects created/modified/deleted since this date using UNIX timestamp."
		if p.At.Unix() < q.since {
			return false
		}
	} else if p.DeletedAt != nil {
		return false
	}
	if q.active == "true" && !p.Active || q.active == "false" && p.Active {
		return false
	}
	if q.billableSet && strconv.FormatBool(p.Billable) != q.billable {
		return false
	}
	if len(q.clientIDs) > 0 && !q.clientIDs[p.ClientID] || len(q.projectIDs) > 0 && !q.projectIDs[p.ID] {
		return false
	}
	return q.name == "" || containsFold(p.Name, q.name)
}

// sortProjectsByName orders by name, case-insensitively, then id, so pages are stable.
func sortProjectsByName(ps []*Project, desc bool) {
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		less := strings.ToLower(a.Name) < strings.ToLower(b.Name) ||
			strings.EqualFold(a.Name, b.Name) && a.ID < b.ID
		if desc {
			return !less
		}
		return less
	})
}

// getProject serves GET /api/v9/workspaces/{wid}/projects/{id}. An unknown or invisible id gets
// the spec's 400 "Invalid project_id" (the only error the spec lists besides 403).
func (s *Sim) getProject(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.findProject(r, c)
	if p == nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid project_id")
		return
	}
	writeJSON(w, http.StatusOK, s.projectJSON(p))
}

// findProject resolves {id} to a live project the caller sees. Caller holds Sim.mu.
func (s *Sim) findProject(r *http.Request, c *call) *Project {
	id, ok := pathID(r.PathValue("id"))
	if !ok {
		return nil
	}
	p := s.st.projects[id]
	if p == nil || p.WorkspaceID != c.wid || p.DeletedAt != nil || !canSeeProject(c.user.ID, c.admin, p) {
		return nil
	}
	return p
}

// createProject serves POST /api/v9/workspaces/{wid}/projects.
func (s *Sim) createProject(w http.ResponseWriter, r *http.Request, c *call) {
	var in projectPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.st.workspaces[c.wid]
	if ws.OnlyAdminsMayCreateProjects && !c.admin {
		s.writeErr(w, http.StatusForbidden, "Only admins may create projects in this workspace") // docs/api/toggl.md §4.3
		return
	}
	now := s.now()
	p := &Project{
		WorkspaceID: c.wid, Active: true, Color: defaultProjectColor, CreatorID: c.user.ID,
		CreatedAt: now, At: now,
	}
	if status, msg := s.applyProjectPayload(p, in, c); status != 0 {
		s.writeErr(w, status, msg)
		return
	}
	p.ID = s.newID(idProject)
	s.st.projects[p.ID] = p
	s.emit(changeFrom(r, c, "project", "created", p.ID, p.CreatorID))
	writeJSON(w, http.StatusOK, s.projectJSON(p))
}

// updateProject serves PUT /api/v9/workspaces/{wid}/projects/{id}; only fields present in the
// body change. Members may edit only projects they created (UNCONFIRMED: no project managers).
func (s *Sim) updateProject(w http.ResponseWriter, r *http.Request, c *call) {
	var in projectPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.findProject(r, c)
	if p == nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid project_id")
		return
	}
	if !c.admin && p.CreatorID != c.user.ID {
		s.writeErr(w, http.StatusForbidden, msgNoAccess)
		return
	}
	next := p.clone()
	if status, msg := s.applyProjectPayload(&next, in, c); status != 0 {
		s.writeErr(w, status, msg)
		return
	}
	next.At = s.now()
	*p = next
	s.emit(changeFrom(r, c, "project", "updated", p.ID, p.CreatorID))
	writeJSON(w, http.StatusOK, s.projectJSON(p))
}

// deleteProject serves DELETE /api/v9/workspaces/{wid}/projects/{id}; the spec answers 200 with
// an integer (the id). The project stays visible to `since` queries with server_deleted_at.
func (s *Sim) deleteProject(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.findProject(r, c)
	if p == nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid project_id")
		return
	}
	if !c.admin && p.CreatorID != c.user.ID {
		s.writeErr(w, http.StatusForbidden, msgNoAccess)
		return
	}
	now := s.now()
	p.DeletedAt, p.At, p.Active = &now, now, false
	s.emit(changeFrom(r, c, "project", "deleted", p.ID, p.CreatorID))
	writeJSON(w, http.StatusOK, p.ID)
}

// applyProjectPayload validates and applies the present fields. It returns a status and
// message on failure. Caller holds Sim.mu.
func (s *Sim) applyProjectPayload(p *Project, in projectPayload, c *call) (int, string) {
	if in.Name.Set {
		p.Name = strings.TrimSpace(in.Name.V)
	}
	if p.Name == "" {
		return http.StatusBadRequest, "Project name must be present" // UNCONFIRMED wording
	}
	for _, other := range s.st.projects {
		if other.ID != p.ID && other.WorkspaceID == p.WorkspaceID && other.DeletedAt == nil && strings.EqualFold(other.Name, p.Name) {
			return http.StatusBadRequest, "Name has already been taken" // UNCONFIRMED wording
		}
	}
	client := in.ClientID
	if !client.Set {
		client = in.CID
	}
	if client.Set {
		id := client.id()
		if id != 0 {
			cl := s.st.clients[id]
			if cl == nil || cl.WorkspaceID != p.WorkspaceID || cl.DeletedAt != nil {
				// docs/api/toggl.md §4.3 PUT 400, verbatim.
				return http.StatusBadRequest, fmt.Sprintf("Client with the ID %d isn't present in workspace %d", id, p.WorkspaceID)
			}
		}
		p.ClientID = id
	}
	if in.Color.Set && !in.Color.Null {
		if !colorPattern.MatchString(in.Color.V) {
			// docs/api/toggl.md §4.3 PUT 400, verbatim.
			return http.StatusBadRequest, fmt.Sprintf("Error in validating color '%s'. Project color must be a hex value in the form of #[0-9a-f]{6}.", in.Color.V)
		}
		p.Color = in.Color.V
	}
	if in.IsPrivate.Set {
		p.IsPrivate = in.IsPrivate.V
	}
	if in.Active.Set {
		p.Active = in.Active.V
	}
	if in.Billable.Set {
		p.Billable = in.Billable.V
	}
	if in.Rate.Set {
		p.Rate = 0
		if !in.Rate.Null {
			p.Rate = in.Rate.V
		}
	}
	if in.Currency.Set && !in.Currency.Null {
		p.Currency = in.Currency.V
	}
	return 0, ""
}

func intParam(v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}

// idList parses a comma-separated id list (the spec's `style: form, explode: false` arrays).
func idList(v string) (map[int64]bool, error) {
	if v == "" {
		return nil, nil
	}
	out := map[int64]bool{}
	for _, part := range strings.Split(v, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, nil
}
