package togglsim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"
)

// APIError is a non-2xx answer to Call or a helper.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("toggl %d: %s", e.Status, e.Message) }

// Call runs one API request in-process, authenticated as the user owning token, through the same
// handlers as real HTTP, so changes fire webhooks exactly like API calls. Faults, the rate
// limit and the quota do not apply. body may be nil, []byte, string or any JSON-encodable
// value. It returns the status and the response body.
func (s *Sim) Call(token, method, path string, body any) (int, []byte, error) {
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			return 0, nil, err
		}
	}
	ctx := context.WithValue(context.Background(), internalKey{}, true)
	req, err := http.NewRequestWithContext(ctx, method, path, bytes.NewReader(raw))
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth(token, "api_token")
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), nil
}

// callID runs Call and decodes a 2xx answer's "id" field.
func (s *Sim) callID(token, method, path string, body any) (int64, error) {
	status, out, err := s.Call(token, method, path, body)
	if err != nil {
		return 0, err
	}
	if status/100 != 2 {
		var msg string
		if json.Unmarshal(out, &msg) != nil {
			msg = string(out)
		}
		return 0, &APIError{Status: status, Message: msg}
	}
	var v struct {
		ID int64 `json:"id"`
	}
	if len(out) > 0 && out[0] == '{' {
		if err := json.Unmarshal(out, &v); err != nil {
			return 0, err
		}
	}
	return v.ID, nil
}

func (s *Sim) entryAfter(id int64, err error) (TimeEntry, error) {
	if err != nil {
		return TimeEntry{}, err
	}
	e, _ := s.TimeEntry(id)
	return e, nil
}

// StartTimer starts a running entry for the token's user now (projectID 0 for none), like the
// browser extension's start in docs/api/toggl.md §2.2. It fires time_entry "created" (and "updated" for
// a timer it stops).
func (s *Sim) StartTimer(token string, wid, projectID int64, description string, tags ...string) (TimeEntry, error) {
	start := s.now().Truncate(time.Second)
	body := map[string]any{
		"created_with": "togglsim", "workspace_id": wid, "start": zTime(start),
		"duration": -start.Unix(), "description": description, "tags": nonNilTags(tags), "billable": false,
	}
	if projectID != 0 {
		body["project_id"] = projectID
	}
	return s.CreateTimeEntry(token, wid, body)
}

// StopTimer stops a running entry via PATCH …/stop ("updated").
func (s *Sim) StopTimer(token string, wid, id int64) (TimeEntry, error) {
	_, err := s.callID(token, http.MethodPatch, fmt.Sprintf("/api/v9/workspaces/%d/time_entries/%d/stop", wid, id), nil)
	return s.entryAfter(id, err)
}

// CreateTimeEntry POSTs a time entry with the given body fields ("created").
func (s *Sim) CreateTimeEntry(token string, wid int64, fields map[string]any) (TimeEntry, error) {
	return s.entryAfter(s.callID(token, http.MethodPost, fmt.Sprintf("/api/v9/workspaces/%d/time_entries", wid), fields))
}

// UpdateTimeEntry PUTs the given fields onto an entry ("updated").
func (s *Sim) UpdateTimeEntry(token string, wid, id int64, fields map[string]any) (TimeEntry, error) {
	_, err := s.callID(token, http.MethodPut, fmt.Sprintf("/api/v9/workspaces/%d/time_entries/%d", wid, id), fields)
	return s.entryAfter(id, err)
}

// DeleteTimeEntry deletes an entry ("deleted").
func (s *Sim) DeleteTimeEntry(token string, wid, id int64) error {
	_, err := s.callID(token, http.MethodDelete, fmt.Sprintf("/api/v9/workspaces/%d/time_entries/%d", wid, id), nil)
	return err
}

// CreateProject POSTs a project ("created").
func (s *Sim) CreateProject(token string, wid int64, fields map[string]any) (Project, error) {
	id, err := s.callID(token, http.MethodPost, fmt.Sprintf("/api/v9/workspaces/%d/projects", wid), fields)
	return s.projectAfter(id, err)
}

// UpdateProject PUTs fields onto a project ("updated").
func (s *Sim) UpdateProject(token string, wid, id int64, fields map[string]any) (Project, error) {
	_, err := s.callID(token, http.MethodPut, fmt.Sprintf("/api/v9/workspaces/%d/projects/%d", wid, id), fields)
	return s.projectAfter(id, err)
}

// CreateClient POSTs a client ("created").
func (s *Sim) CreateClient(token string, wid int64, fields map[string]any) (Client, error) {
	id, err := s.callID(token, http.MethodPost, fmt.Sprintf("/api/v9/workspaces/%d/clients", wid), fields)
	return s.clientAfter(id, err)
}

// UpdateClient PUTs fields onto a client ("updated").
func (s *Sim) UpdateClient(token string, wid, id int64, fields map[string]any) (Client, error) {
	_, err := s.callID(token, http.MethodPut, fmt.Sprintf("/api/v9/workspaces/%d/clients/%d", wid, id), fields)
	return s.clientAfter(id, err)
}

func (s *Sim) projectAfter(id int64, err error) (Project, error) {
	if err != nil {
		return Project{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.projects[id].clone(), nil
}

func (s *Sim) clientAfter(id int64, err error) (Client, error) {
	if err != nil {
		return Client{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.clients[id].clone(), nil
}
