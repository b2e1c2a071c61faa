package togglsim

import (
	"net/http"
)

// getWorkspace serves GET /api/v9/workspaces/{wid}; admin is the caller's flag there
// (docs/api/toggl.md §4.1 lists `admin` and `role` on workspaces).
func (s *Sim) getWorkspace(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.workspaceJSON(s.st.workspaces[c.wid], c.admin)
	delete(m, "active_project_count")
	writeJSON(w, http.StatusOK, m)
}

// getWorkspaceUsers serves GET /api/v9/workspaces/{wid}/users (models.SimpleWorkspaceUser:
// id, email, fullname, is_active, is_admin, role, inactive). Every member may list them.
func (s *Sim) getWorkspaceUsers(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, uid := range sortedKeys(s.st.members[c.wid]) {
		u, admin := s.st.users[uid], s.st.members[c.wid][uid]
		out = append(out, map[string]any{
			"id": u.ID, "email": u.Email, "fullname": u.FullName,
			"is_active": true, "inactive": false, "is_admin": admin, "role": role(admin),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// getWorkspaceUsersFull serves GET /api/v9/workspaces/{wid}/workspace_users (the WorkspaceUser
// model, which carries rates). Restricting it to admins is UNCONFIRMED; members get the spec's
// 403 text.
func (s *Sim) getWorkspaceUsersFull(w http.ResponseWriter, r *http.Request, c *call) {
	if !c.admin {
		s.writeErr(w, http.StatusForbidden, msgNoAccess)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, uid := range sortedKeys(s.st.members[c.wid]) {
		u, admin := s.st.users[uid], s.st.members[c.wid][uid]
		tz := u.Timezone
		if tz == "" {
			tz = "UTC"
		}
		out = append(out, map[string]any{
			"id": membershipID(c.wid, uid), "uid": u.ID, "user_id": u.ID, "wid": c.wid, "workspace_id": c.wid,
			"name": u.FullName, "email": u.Email, "admin": admin, "workspace_admin": admin, "role": role(admin),
			"active": true, "inactive": false, "is_direct": true, "timezone": tz, "at": apiTime(u.CreatedAt),
		})
	}
	writeJSON(w, http.StatusOK, out)
}

// membershipID derives a stable workspace_user id from the pair.
func membershipID(wid, uid int64) int64 { return wid%100000*100000 + uid%100000 }

// getTags serves GET /api/v9/workspaces/{wid}/tags, so consumers can name Reports' tag_ids.
func (s *Sim) getTags(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	writeJSON(w, http.StatusOK, s.tagsJSON(c.wid))
}
