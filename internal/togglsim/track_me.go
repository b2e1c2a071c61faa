package togglsim

import (
	"net/http"
	"sort"
	"strconv"
)

// getMe serves GET /api/v9/me (docs/api/toggl.md §4.1). The related lists (clients, projects, tags, tasks,
// time_entries, workspaces) come only with with_related_data=true. docs/api/toggl.md says they are null
// otherwise; the spec types them as non-nullable arrays, and to a JSON consumer an absent key
// and null are the same, so they are left out. An unparsable with_related_data counts as false.
func (s *Sim) getMe(w http.ResponseWriter, r *http.Request, c *call) {
	related, _ := strconv.ParseBool(r.URL.Query().Get("with_related_data"))
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.users[c.user.ID]
	m := userJSON(u)
	if related {
		m["workspaces"] = s.myWorkspaces(u.ID, false)
		m["clients"] = s.visibleClients(u.ID, "active", "", 0)
		m["projects"] = s.visibleProjects(u.ID, 0, false)
		m["tags"] = s.visibleTags(u.ID)
		m["tasks"] = []any{}
		entries := []map[string]any{}
		for _, e := range s.sortedEntries() {
			if e.UserID == u.ID && e.DeletedAt == nil {
				entries = append(entries, s.timeEntryJSON(e, false))
			}
		}
		m["time_entries"] = entries
	}
	writeJSON(w, http.StatusOK, m)
}

// getMyWorkspaces serves GET /api/v9/me/workspaces (docs/api/toggl.md §4.1: "[]workspace.
// WithActiveProjectCount: id, name, organization_id, premium, role, admin, …").
func (s *Sim) getMyWorkspaces(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.myWorkspaces(c.user.ID, true))
}

// myWorkspaces lists the user's workspaces by id. Caller holds Sim.mu.
func (s *Sim) myWorkspaces(uid int64, withCount bool) []map[string]any {
	out := []map[string]any{}
	for _, wid := range sortedKeys(s.st.workspaces) {
		member, admin := s.isMember(wid, uid)
		if !member {
			continue
		}
		m := s.workspaceJSON(s.st.workspaces[wid], admin)
		if !withCount {
			delete(m, "active_project_count")
		}
		out = append(out, m)
	}
	return out
}

// getMyQuota serves GET /api/v9/me/quota (docs/api/toggl.md §5): one row per organization and one for the
// user-specific quota. docs/api/toggl.md gives that row "organization_id": null; the spec types the field
// as a non-nullable integer, so the row leaves the key out (the same to a JSON consumer). The
// call itself is not counted.
func (s *Sim) getMyQuota(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	out := []map[string]any{}
	seen := map[int64]bool{}
	for _, wid := range sortedKeys(s.st.workspaces) {
		ws := s.st.workspaces[wid]
		if member, _ := s.isMember(wid, c.user.ID); !member || seen[ws.OrganizationID] {
			continue
		}
		seen[ws.OrganizationID] = true
		total := s.orgQuota(ws)
		rem, in := s.peekQuota(quotaKey{uid: c.user.ID, org: ws.OrganizationID}, total, now)
		out = append(out, map[string]any{
			"organization_id": ws.OrganizationID, "remaining": rem, "resets_in_secs": ceilSeconds(in), "total": total,
		})
	}
	total := s.cfg.Quota.UserRequests
	rem, in := s.peekQuota(quotaKey{uid: c.user.ID}, total, now)
	out = append(out, map[string]any{"remaining": rem, "resets_in_secs": ceilSeconds(in), "total": total})
	writeJSON(w, http.StatusOK, out)
}

// getMyProjects serves GET /api/v9/me/projects (docs/api/toggl.md §4.1: `include_archived`, `since`).
func (s *Sim) getMyProjects(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	archived, err := queryBool(q, "include_archived", false)
	if err != nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid include_archived")
		return
	}
	since, err := optionalUnix(q.Get("since"))
	if err != nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid since")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.visibleProjects(c.user.ID, since, archived))
}

// getMyClients serves GET /api/v9/me/clients (docs/api/toggl.md §4.1: `since`).
func (s *Sim) getMyClients(w http.ResponseWriter, r *http.Request, c *call) {
	since, err := optionalUnix(r.URL.Query().Get("since"))
	if err != nil {
		s.writeErr(w, http.StatusBadRequest, "Invalid since")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.visibleClients(c.user.ID, "both", "", since))
}

// visibleProjects lists the projects a user sees across workspaces. With since, deleted and
// archived ones modified since then are included. Caller holds Sim.mu.
func (s *Sim) visibleProjects(uid int64, since int64, archived bool) []map[string]any {
	out := []map[string]any{}
	for _, id := range sortedKeys(s.st.projects) {
		p := s.st.projects[id]
		member, admin := s.isMember(p.WorkspaceID, uid)
		if !member || !canSeeProject(uid, admin, p) {
			continue
		}
		if since > 0 {
			if p.At.Unix() < since {
				continue
			}
		} else if p.DeletedAt != nil || (!p.Active && !archived) {
			continue
		}
		out = append(out, s.projectJSON(p))
	}
	return out
}

// visibleClients lists clients of the user's workspaces. Caller holds Sim.mu.
func (s *Sim) visibleClients(uid int64, status, name string, since int64) []map[string]any {
	out := []map[string]any{}
	for _, id := range sortedKeys(s.st.clients) {
		cl := s.st.clients[id]
		if member, _ := s.isMember(cl.WorkspaceID, uid); !member {
			continue
		}
		if since > 0 {
			if cl.At.Unix() < since {
				continue
			}
		} else if cl.DeletedAt != nil || !clientStatusMatches(cl, status) {
			continue
		}
		if name != "" && !containsFold(cl.Name, name) {
			continue
		}
		out = append(out, s.clientJSON(cl))
	}
	return out
}

// visibleTags lists the tags of the user's workspaces. Caller holds Sim.mu.
func (s *Sim) visibleTags(uid int64) []map[string]any {
	out := []map[string]any{}
	for _, wid := range sortedKeys(s.st.workspaces) {
		if member, _ := s.isMember(wid, uid); member {
			out = append(out, s.tagsJSON(wid)...)
		}
	}
	return out
}

// tagsJSON renders a workspace's tags (models.Tag: id, workspace_id, name, at). Caller holds
// Sim.mu.
func (s *Sim) tagsJSON(wid int64) []map[string]any {
	out := []map[string]any{}
	ids := make([]int64, 0, len(s.st.tags[wid]))
	for _, id := range s.st.tags[wid] {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		out = append(out, map[string]any{"id": id, "workspace_id": wid, "name": s.st.tagNames[id]})
	}
	return out
}

func optionalUnix(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	return strconv.ParseInt(v, 10, 64)
}

// sortedKeys returns a map's int64 keys in increasing order.
func sortedKeys[V any](m map[int64]V) []int64 {
	keys := make([]int64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}
