package togglsim

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"
)

// clientPayload is client.Payload (docs/api/toggl.md §4.4: name, notes, external_reference).
type clientPayload struct {
	Name  optString `json:"name"`
	Notes optString `json:"notes"`
}

// maxClientName is {max_client_length} of "Client name maximum length is {max_client_length}"
// (docs/api/toggl.md §4.4); the number itself is UNCONFIRMED.
const maxClientName = 100

func clientStatusMatches(c *Client, status string) bool {
	switch status {
	case "active":
		return !c.Archived
	case "archived":
		return c.Archived
	default:
		return true
	}
}

// listClients serves GET /api/v9/workspaces/{wid}/clients (docs/api/toggl.md §4.4: status active
// (default) | archived | both, else 400 "Client status is invalid"; name is a case-insensitive
// contains).
func (s *Sim) listClients(w http.ResponseWriter, r *http.Request, c *call) {
	q := r.URL.Query()
	status := q.Get("status")
	if status == "" {
		status = "active"
	}
	if status != "active" && status != "archived" && status != "both" {
		s.writeErr(w, http.StatusBadRequest, "Client status is invalid")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, id := range sortedKeys(s.st.clients) {
		cl := s.st.clients[id]
		if cl.WorkspaceID != c.wid || cl.DeletedAt != nil || !clientStatusMatches(cl, status) {
			continue
		}
		if name := q.Get("name"); name != "" && !containsFold(cl.Name, name) {
			continue
		}
		out = append(out, s.clientJSON(cl))
	}
	writeJSON(w, http.StatusOK, out)
}

// findClient resolves {id} to a live client of the workspace. Caller holds Sim.mu.
func (s *Sim) findClient(r *http.Request, c *call) *Client {
	id, ok := pathID(r.PathValue("id"))
	if !ok {
		return nil
	}
	cl := s.st.clients[id]
	if cl == nil || cl.WorkspaceID != c.wid || cl.DeletedAt != nil {
		return nil
	}
	return cl
}

// clientNotFound answers the spec's 404 texts: PUT says "Client doesn't exist in the
// workspace.", GET and DELETE "No client with ID {client_id} was found" (docs/api/toggl.md §4.4).
func (s *Sim) clientNotFound(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		s.writeErr(w, http.StatusNotFound, "Client doesn't exist in the workspace.")
		return
	}
	s.writeErr(w, http.StatusNotFound, fmt.Sprintf("No client with ID %s was found", r.PathValue("id")))
}

// getClient serves GET /api/v9/workspaces/{wid}/clients/{id}.
func (s *Sim) getClient(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.findClient(r, c)
	if cl == nil {
		s.clientNotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, s.clientJSON(cl))
}

// createClient serves POST /api/v9/workspaces/{wid}/clients.
func (s *Sim) createClient(w http.ResponseWriter, r *http.Request, c *call) {
	var in clientPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	cl := &Client{WorkspaceID: c.wid, CreatorID: c.user.ID, At: now}
	if msg := s.applyClientPayload(cl, in); msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	cl.ID = s.newID(idClient)
	s.st.clients[cl.ID] = cl
	s.emit(changeFrom(r, c, "client", "created", cl.ID, cl.CreatorID))
	writeJSON(w, http.StatusOK, s.clientJSON(cl))
}

// updateClient serves PUT /api/v9/workspaces/{wid}/clients/{id}; present fields change.
func (s *Sim) updateClient(w http.ResponseWriter, r *http.Request, c *call) {
	var in clientPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.findClient(r, c)
	if cl == nil {
		s.clientNotFound(w, r)
		return
	}
	next := cl.clone()
	if msg := s.applyClientPayload(&next, in); msg != "" {
		s.writeErr(w, http.StatusBadRequest, msg)
		return
	}
	next.At = s.now()
	*cl = next
	s.emit(changeFrom(r, c, "client", "updated", cl.ID, cl.CreatorID))
	writeJSON(w, http.StatusOK, s.clientJSON(cl))
}

// deleteClient serves DELETE /api/v9/workspaces/{wid}/clients/{id}; the spec answers a number
// (the id). Its projects lose the client, each firing a project "updated".
func (s *Sim) deleteClient(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.findClient(r, c)
	if cl == nil {
		s.clientNotFound(w, r)
		return
	}
	now := s.now()
	cl.DeletedAt, cl.At = &now, now
	s.emit(changeFrom(r, c, "client", "deleted", cl.ID, cl.CreatorID))
	for _, p := range s.clientProjects(cl.ID) {
		p.ClientID, p.At = 0, now
		s.emit(changeFrom(r, c, "project", "updated", p.ID, p.CreatorID))
	}
	writeJSON(w, http.StatusOK, cl.ID)
}

// archiveClient serves POST …/clients/{id}/archive. The spec's answer is "Projects that were
// archived with the client": the client's active projects are archived too.
func (s *Sim) archiveClient(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.findClient(r, c)
	if cl == nil {
		s.clientNotFound(w, r)
		return
	}
	now := s.now()
	cl.Archived, cl.At = true, now
	s.emit(changeFrom(r, c, "client", "updated", cl.ID, cl.CreatorID))
	archived := []int64{}
	for _, p := range s.clientProjects(cl.ID) {
		if p.Active {
			p.Active, p.At = false, now
			archived = append(archived, p.ID)
			s.emit(changeFrom(r, c, "project", "updated", p.ID, p.CreatorID))
		}
	}
	writeJSON(w, http.StatusOK, archived)
}

// restoreClient serves POST …/clients/{id}/restore ("Returns the restored client").
func (s *Sim) restoreClient(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cl := s.findClient(r, c)
	if cl == nil {
		s.clientNotFound(w, r)
		return
	}
	cl.Archived, cl.At = false, s.now()
	s.emit(changeFrom(r, c, "client", "updated", cl.ID, cl.CreatorID))
	writeJSON(w, http.StatusOK, s.clientJSON(cl))
}

// clientProjects lists the live projects of a client by id. Caller holds Sim.mu.
func (s *Sim) clientProjects(cid int64) []*Project {
	var out []*Project
	for _, p := range s.st.projects {
		if p.ClientID == cid && p.DeletedAt == nil {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// applyClientPayload validates and applies present fields (docs/api/toggl.md §4.4 400s: "Client name
// maximum length is {max_client_length}" / "Client name cannot be empty"). Caller holds Sim.mu.
func (s *Sim) applyClientPayload(cl *Client, in clientPayload) string {
	if in.Name.Set {
		cl.Name = strings.TrimSpace(in.Name.V)
	}
	if cl.Name == "" {
		return "Client name cannot be empty"
	}
	if utf8.RuneCountInString(cl.Name) > maxClientName {
		return fmt.Sprintf("Client name maximum length is %d", maxClientName)
	}
	if !s.cfg.Quirks.AllowDuplicateClientNames {
		for _, other := range s.st.clients {
			if other.ID != cl.ID && other.WorkspaceID == cl.WorkspaceID && other.DeletedAt == nil && strings.EqualFold(other.Name, cl.Name) {
				return "Name has already been taken" // UNCONFIRMED wording and rule
			}
		}
	}
	if in.Notes.Set {
		cl.Notes = in.Notes.V
	}
	return ""
}
