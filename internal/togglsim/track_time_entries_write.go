package togglsim

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// timeEntryPayload is timeentry.Payload (docs/api/toggl.md §4.2 "Create payload"), with legacy
// pid/tid/uid/wid.
type timeEntryPayload struct {
	CreatedWith optString  `json:"created_with"`
	WorkspaceID optInt     `json:"workspace_id"`
	WID         optInt     `json:"wid"`
	Start       optString  `json:"start"`
	Stop        optString  `json:"stop"`
	Duration    optInt     `json:"duration"`
	Description optString  `json:"description"`
	ProjectID   optInt     `json:"project_id"`
	PID         optInt     `json:"pid"`
	TaskID      optInt     `json:"task_id"`
	TID         optInt     `json:"tid"`
	Billable    optBool    `json:"billable"`
	Tags        optStrings `json:"tags"`
	TagIDs      optInts    `json:"tag_ids"`
	TagAction   optString  `json:"tag_action"`
	UserID      optInt     `json:"user_id"`
	UID         optInt     `json:"uid"`
}

// firstSet prefers the modern field over its legacy twin.
func firstSet(a, b optInt) optInt {
	if a.Set {
		return a
	}
	return b
}

// apiError is a status and message a handler answers with.
type apiError struct {
	status int
	msg    string
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// createTimeEntry serves POST /api/v9/workspaces/{wid}/time_entries. docs/api/toggl.md §4.2:
// `created_with` and `workspace_id` and `start` are required; a negative duration starts a
// timer whose duration is stored as −start epoch (§2.2). Starting a timer stops the user's
// running one, which fires its own "updated" event. Validation wording is UNCONFIRMED.
func (s *Sim) createTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	var in timeEntryPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	if !in.CreatedWith.Set || strings.TrimSpace(in.CreatedWith.V) == "" {
		s.writeErr(w, http.StatusBadRequest, "created_with needs to be provided a valid string")
		return
	}
	if wid := firstSet(in.WorkspaceID, in.WID); !wid.Set || wid.Null {
		s.writeErr(w, http.StatusBadRequest, "workspace_id is required")
		return
	}
	if !in.Start.Set || in.Start.Null {
		s.writeErr(w, http.StatusBadRequest, "start is required")
		return
	}
	meta, _ := queryBool(r.URL.Query(), "meta", false)

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	e := &TimeEntry{WorkspaceID: c.wid, UserID: c.user.ID, CreatedWith: in.CreatedWith.V, At: now}
	if err := s.applyTimeEntryPayload(e, in, c, true); err != nil {
		s.writeErr(w, err.status, err.msg)
		return
	}
	e.ID = s.newID(idTimeEntry)
	if e.Stop == nil {
		if prev := s.runningEntry(e.UserID); prev != nil {
			stop := e.Start
			if stop.Before(prev.Start) {
				stop = prev.Start
			}
			prev.Stop, prev.At = &stop, now
			s.emit(changeFrom(r, c, "time_entry", "updated", prev.ID, prev.UserID))
		}
	}
	s.st.entries[e.ID] = e
	s.emit(changeFrom(r, c, "time_entry", "created", e.ID, e.UserID))
	writeJSON(w, http.StatusOK, s.timeEntryJSON(e, meta))
}

// findEntryForWrite resolves {id} for PUT/PATCH/DELETE: 404 "Time entry not found" (the stop
// endpoint's spec text) when missing or deleted — Toggl's own mobile app saw v9 answer a second
// DELETE with 404 (toggl/mobileapp#6290) — and 403 when it is another user's and the caller is no
// admin. Caller holds Sim.mu.
func (s *Sim) findEntryForWrite(r *http.Request, c *call) (*TimeEntry, *apiError) {
	id, ok := pathID(r.PathValue("id"))
	if !ok {
		return nil, badRequest("Invalid or missing time_entry_id")
	}
	e := s.st.entries[id]
	if e == nil || e.WorkspaceID != c.wid || e.DeletedAt != nil {
		return nil, &apiError{http.StatusNotFound, "Time entry not found"}
	}
	if !canSeeEntry(c.user.ID, c.admin, e) {
		return nil, &apiError{http.StatusForbidden, msgNoAccess}
	}
	return e, nil
}

// updateTimeEntry serves PUT /api/v9/workspaces/{wid}/time_entries/{id}: present fields change.
// A duration ≥ 0 without stop stops the entry at start+duration, as the captured "timer
// stopped" PUT in docs/api/toggl.md §2.2 does.
func (s *Sim) updateTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	var in timeEntryPayload
	if err := decodeObject(c.body, &in); err != nil {
		s.writeErr(w, http.StatusBadRequest, err.Error())
		return
	}
	meta, _ := queryBool(r.URL.Query(), "meta", false)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.findEntryForWrite(r, c)
	if aerr != nil {
		s.writeErr(w, aerr.status, aerr.msg)
		return
	}
	next := e.clone()
	if err := s.applyTimeEntryPayload(&next, in, c, false); err != nil {
		s.writeErr(w, err.status, err.msg)
		return
	}
	next.At = s.now()
	*e = next
	s.emit(changeFrom(r, c, "time_entry", "updated", e.ID, e.UserID))
	writeJSON(w, http.StatusOK, s.timeEntryJSON(e, meta))
}

// stopTimeEntry serves PATCH …/time_entries/{id}/stop (spec: 409 "Time entry already stopped",
// 404 "Time entry not found"). docs/api/toggl.md §2.2: stop → "updated" with a positive duration.
func (s *Sim) stopTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.findEntryForWrite(r, c)
	if aerr != nil {
		s.writeErr(w, aerr.status, aerr.msg)
		return
	}
	if e.Stop != nil {
		s.writeErr(w, http.StatusConflict, "Time entry already stopped")
		return
	}
	now := s.now()
	stop := now.Truncate(time.Second)
	if stop.Before(e.Start) {
		stop = e.Start
	}
	e.Stop, e.At = &stop, now
	s.emit(changeFrom(r, c, "time_entry", "updated", e.ID, e.UserID))
	writeJSON(w, http.StatusOK, s.timeEntryJSON(e, false))
}

// deleteTimeEntry serves DELETE …/time_entries/{id}: 200 with no body and no Content-Type. The
// spec's 200 reads "Returns only status code." with a `string` schema, the usual form of a swag
// annotation on a handler that writes no body, so the emulator writes none (UNCONFIRMED; the
// contract checker has to excuse it). The entry keeps server_deleted_at for `since` queries
// and the "deleted" event.
func (s *Sim) deleteTimeEntry(w http.ResponseWriter, r *http.Request, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, aerr := s.findEntryForWrite(r, c)
	if aerr != nil {
		s.writeErr(w, aerr.status, aerr.msg)
		return
	}
	now := s.now()
	e.DeletedAt, e.At = &now, now
	s.emit(changeFrom(r, c, "time_entry", "deleted", e.ID, e.UserID))
	w.WriteHeader(http.StatusOK)
}

// applyTimeEntryPayload validates and applies present fields to e. Caller holds Sim.mu.
func (s *Sim) applyTimeEntryPayload(e *TimeEntry, in timeEntryPayload, c *call, creating bool) *apiError {
	if wid := firstSet(in.WorkspaceID, in.WID); wid.Set && !wid.Null && wid.V != c.wid {
		return badRequest("workspace_id in the body does not match the path")
	}
	if uid := firstSet(in.UserID, in.UID); uid.Set && !uid.Null && uid.V != e.UserID {
		// Tracking for someone else is an admin's right, and only for members.
		if member, _ := s.isMember(c.wid, uid.V); !c.admin || !creating || !member {
			return &apiError{http.StatusForbidden, msgNoAccess}
		}
		e.UserID = uid.V
	}
	if pid := firstSet(in.ProjectID, in.PID); pid.Set {
		id := pid.id()
		if id != 0 {
			p := s.st.projects[id]
			if p == nil || p.WorkspaceID != c.wid || p.DeletedAt != nil || !canSeeProject(c.user.ID, c.admin, p) {
				return badRequest("Project with ID %d isn't present in workspace %d", id, c.wid)
			}
		}
		e.ProjectID = id
	}
	if tid := firstSet(in.TaskID, in.TID); tid.Set && tid.id() != 0 {
		// The emulator has no tasks, so any task id is unknown.
		return badRequest("Task with ID %d isn't present in workspace %d", tid.id(), c.wid)
	}
	if in.Description.Set {
		e.Description = in.Description.V
	}
	if in.Billable.Set {
		e.Billable = in.Billable.V
	}
	if err := s.applyTags(e, in); err != nil {
		return err
	}
	return applyTiming(e, in, creating)
}

// applyTags handles tags (names), tag_ids and tag_action add/delete (docs/api/toggl.md §4.2).
func (s *Sim) applyTags(e *TimeEntry, in timeEntryPayload) *apiError {
	names := in.Tags.V
	if in.TagIDs.Set && !in.TagIDs.Null {
		for _, id := range in.TagIDs.V {
			n, ok := s.st.tagNames[id]
			if !ok || s.st.tags[e.WorkspaceID][n] != id {
				return badRequest("Tag with ID %d isn't present in workspace %d", id, e.WorkspaceID)
			}
			names = append(names, n)
		}
	}
	if !in.Tags.Set && !in.TagIDs.Set {
		return nil
	}
	switch in.TagAction.V {
	case "add":
		for _, n := range names {
			if !slices.Contains(e.Tags, n) {
				e.Tags = append(e.Tags, n)
			}
		}
	case "delete":
		e.Tags = slices.DeleteFunc(e.Tags, func(t string) bool { return slices.Contains(names, t) })
	case "":
		e.Tags = slices.Compact(slices.Clone(names))
	default:
		return badRequest("tag_action must be 'add' or 'delete'")
	}
	if len(e.Tags) > 0 {
		s.tagIDs(e.WorkspaceID, e.Tags)
	}
	return nil
}

// applyTiming applies start, stop and duration. A negative duration means running (docs/api/toggl.md
// §4.2: "For running entries should be negative"); stop wins over duration; on create, neither
// stop nor duration gives a zero-length entry (the zero duration).
func applyTiming(e *TimeEntry, in timeEntryPayload, creating bool) *apiError {
	if in.Start.Set && !in.Start.Null {
		t, err := parseTimestamp(in.Start.V)
		if err != nil {
			return badRequest("Invalid start time: %s", in.Start.V)
		}
		e.Start = t
	}
	switch {
	case in.Stop.Set && !in.Stop.Null:
		t, err := parseTimestamp(in.Stop.V)
		if err != nil {
			return badRequest("Invalid stop time: %s", in.Stop.V)
		}
		e.Stop = &t
	case in.Duration.Set && !in.Duration.Null && in.Duration.V < 0:
		e.Stop = nil
	case in.Duration.Set && !in.Duration.Null:
		t := e.Start.Add(time.Duration(in.Duration.V) * time.Second)
		e.Stop = &t
	case in.Stop.Set && in.Stop.Null && !creating:
		e.Stop = nil
	case creating:
		t := e.Start
		e.Stop = &t
	}
	if e.Stop != nil && e.Stop.Before(e.Start) {
		return badRequest("Stop time must be after start time")
	}
	return nil
}
