package toggl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// TimeEntry is a v9 time entry (docs/api/toggl.md §4.2, models.TimeEntry), also the payload of
// time_entry webhook events (§2.2). Nullable ids are pointers; Stop and ServerDeletedAt are
// zero when null.
type TimeEntry struct {
	ID          int64    `json:"id"`
	WorkspaceID int64    `json:"workspace_id"`
	ProjectID   *int64   `json:"project_id"`
	TaskID      *int64   `json:"task_id"`
	UserID      int64    `json:"user_id"`
	Billable    bool     `json:"billable"`
	Description string   `json:"description"`
	Start       Time     `json:"start"`
	Stop        Time     `json:"stop"`
	Duration    int64    `json:"duration"` // seconds; negative while running (see Running)
	Tags        []string `json:"tags"`
	TagIDs      []int64  `json:"tag_ids"`
	Duronly     bool     `json:"duronly"`
	At          Time     `json:"at"` // last update
	// ServerDeletedAt is set on deleted entries that /me/time_entries?since= still returns
	// (docs/api/toggl.md §4.2: "including deleted ones"); not in the swagger, present in real payloads.
	ServerDeletedAt Time `json:"server_deleted_at"`

	// Meta fields, present only with meta=true (docs/api/toggl.md §4.2).
	ClientID        *int64 `json:"client_id"`
	ClientName      string `json:"client_name"`
	ProjectName     string `json:"project_name"`
	ProjectColor    string `json:"project_color"`
	ProjectActive   *bool  `json:"project_active"`
	ProjectBillable *bool  `json:"project_billable"`
	TaskName        string `json:"task_name"`
	UserName        string `json:"user_name"`
}

// Running reports whether the timer is still running. Toggl stores −(start Unix seconds)
// in duration, not the −1 its spec suggests (docs/api/toggl.md §2.2), so any negative value counts.
func (te TimeEntry) Running() bool { return te.Duration < 0 }

// Deleted reports whether the entry carries a server_deleted_at.
func (te TimeEntry) Deleted() bool { return !te.ServerDeletedAt.IsZero() }

// Elapsed is the tracked time: duration for a stopped entry, now − start while running.
func (te TimeEntry) Elapsed(now time.Time) time.Duration {
	if te.Running() {
		return now.Sub(te.Start.Time)
	}
	return time.Duration(te.Duration) * time.Second
}

// UnmarshalJSON fills the current ids from the legacy wid, pid, tid and uid when only those
// are present (docs/api/toggl.md §4.2 lists both spellings).
func (te *TimeEntry) UnmarshalJSON(data []byte) error {
	type plain TimeEntry
	aux := struct {
		*plain
		WID *int64 `json:"wid"`
		PID *int64 `json:"pid"`
		TID *int64 `json:"tid"`
		UID *int64 `json:"uid"`
	}{plain: (*plain)(te)}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	if te.WorkspaceID == 0 && aux.WID != nil {
		te.WorkspaceID = *aux.WID
	}
	if te.ProjectID == nil && aux.PID != nil && *aux.PID != 0 {
		te.ProjectID = aux.PID
	}
	if te.TaskID == nil && aux.TID != nil && *aux.TID != 0 {
		te.TaskID = aux.TID
	}
	if te.UserID == 0 && aux.UID != nil {
		te.UserID = *aux.UID
	}
	return nil
}

// TimeEntryPayload is the body of create and update (timeentry.Payload). Nil fields are left
// out. To start a running timer leave Stop nil and set Duration to -1, as the spec asks.
type TimeEntryPayload struct {
	CreatedWith string    // required on create; defaults to the client's name
	WorkspaceID int64     // defaults to the workspace of the call
	Start       time.Time // required on create; sent as 2006-01-02T15:04:05Z
	Stop        *time.Time
	Duration    *int64
	Description *string
	ProjectID   *int64
	TaskID      *int64
	Billable    *bool
	Tags        []string
	TagIDs      []int64
	TagAction   string // "add" or "delete", with Tags/TagIDs on update
}

// v9Time is the start/stop format the spec gives for payloads (docs/api/toggl.md §4.2).
const v9Time = "2006-01-02T15:04:05Z"

func (p TimeEntryPayload) MarshalJSON() ([]byte, error) {
	wire := struct {
		CreatedWith string   `json:"created_with,omitempty"`
		WorkspaceID int64    `json:"workspace_id,omitempty"`
		Start       string   `json:"start,omitempty"`
		Stop        string   `json:"stop,omitempty"`
		Duration    *int64   `json:"duration,omitempty"`
		Description *string  `json:"description,omitempty"`
		ProjectID   *int64   `json:"project_id,omitempty"`
		TaskID      *int64   `json:"task_id,omitempty"`
		Billable    *bool    `json:"billable,omitempty"`
		Tags        []string `json:"tags,omitempty"`
		TagIDs      []int64  `json:"tag_ids,omitempty"`
		TagAction   string   `json:"tag_action,omitempty"`
	}{
		CreatedWith: p.CreatedWith, WorkspaceID: p.WorkspaceID, Duration: p.Duration,
		Description: p.Description, ProjectID: p.ProjectID, TaskID: p.TaskID, Billable: p.Billable,
		Tags: p.Tags, TagIDs: p.TagIDs, TagAction: p.TagAction,
	}
	if !p.Start.IsZero() {
		wire.Start = p.Start.UTC().Format(v9Time)
	}
	if p.Stop != nil {
		wire.Stop = p.Stop.UTC().Format(v9Time)
	}
	return json.Marshal(wire)
}

// createdWith names this program in time entries it creates.
const createdWith = "toggl-attio-sync"

// TimeEntriesQuery filters GET /me/time_entries (docs/api/toggl.md §4.2). StartDate and EndDate go
// together and filter on the start time; Since returns entries modified since, deleted ones
// included.
type TimeEntriesQuery struct {
	Since          time.Time
	Before         time.Time
	StartDate      time.Time
	EndDate        time.Time
	Meta           bool
	IncludeSharing bool
}

func (q TimeEntriesQuery) values() (url.Values, error) {
	if q.StartDate.IsZero() != q.EndDate.IsZero() {
		return nil, errors.New("toggl: start_date and end_date must be given together")
	}
	v := url.Values{}
	if !q.Since.IsZero() {
		v.Set("since", strconv.FormatInt(q.Since.Unix(), 10))
	}
	if !q.Before.IsZero() {
		v.Set("before", q.Before.UTC().Format(time.RFC3339))
	}
	if !q.StartDate.IsZero() {
		v.Set("start_date", q.StartDate.UTC().Format(time.RFC3339))
		v.Set("end_date", q.EndDate.UTC().Format(time.RFC3339))
	}
	if q.Meta {
		v.Set("meta", "true")
	}
	if q.IncludeSharing {
		v.Set("include_sharing", "true")
	}
	return v, nil
}

// MyTimeEntries lists the token user's own time entries (there is no workspace-wide list in
// v9; use the Reports search for that, docs/api/toggl.md §4.2).
func (c *Client) MyTimeEntries(ctx context.Context, q TimeEntriesQuery) ([]TimeEntry, error) {
	v, err := q.values()
	if err != nil {
		return nil, err
	}
	var tes []TimeEntry
	_, err = c.do(ctx, request{method: "GET", path: trackPrefix + "/me/time_entries", query: v, idempotent: true}, &tes)
	return tes, err
}

// CurrentTimeEntry returns the running entry, or nil when none runs. docs/api/toggl.md §4.2 gives no
// empty case: the spec declares a 404 ("Resource can not be found") and clients in the wild
// see 200 with null, so both mean "none".
func (c *Client) CurrentTimeEntry(ctx context.Context) (*TimeEntry, error) {
	var te *TimeEntry
	_, err := c.do(ctx, request{method: "GET", path: trackPrefix + "/me/time_entries/current", idempotent: true}, &te)
	if IsNotFound(err) {
		return nil, nil
	}
	return te, err
}

// CreateTimeEntry creates an entry in a workspace.
func (c *Client) CreateTimeEntry(ctx context.Context, workspaceID int64, in TimeEntryPayload) (TimeEntry, error) {
	if in.Start.IsZero() {
		return TimeEntry{}, errors.New("toggl: CreateTimeEntry needs a start")
	}
	if in.CreatedWith == "" {
		in.CreatedWith = createdWith
	}
	if in.WorkspaceID == 0 {
		in.WorkspaceID = workspaceID
	}
	var te TimeEntry
	path := fmt.Sprintf("%s/workspaces/%d/time_entries", trackPrefix, workspaceID)
	_, err := c.do(ctx, request{method: "POST", path: path, body: in}, &te)
	return te, err
}

// UpdateTimeEntry changes the set fields of an entry (PUT).
func (c *Client) UpdateTimeEntry(ctx context.Context, workspaceID, entryID int64, in TimeEntryPayload) (TimeEntry, error) {
	if in.WorkspaceID == 0 {
		in.WorkspaceID = workspaceID
	}
	var te TimeEntry
	path := fmt.Sprintf("%s/workspaces/%d/time_entries/%d", trackPrefix, workspaceID, entryID)
	_, err := c.do(ctx, request{method: "PUT", path: path, body: in, idempotent: true}, &te)
	return te, err
}

// StopTimeEntry stops a running entry (PATCH …/stop).
func (c *Client) StopTimeEntry(ctx context.Context, workspaceID, entryID int64) (TimeEntry, error) {
	var te TimeEntry
	path := fmt.Sprintf("%s/workspaces/%d/time_entries/%d/stop", trackPrefix, workspaceID, entryID)
	_, err := c.do(ctx, request{method: "PATCH", path: path, idempotent: true}, &te)
	return te, err
}

// DeleteTimeEntry deletes an entry. The answer body ("Returns only status code") is ignored.
func (c *Client) DeleteTimeEntry(ctx context.Context, workspaceID, entryID int64) error {
	path := fmt.Sprintf("%s/workspaces/%d/time_entries/%d", trackPrefix, workspaceID, entryID)
	_, err := c.do(ctx, request{method: "DELETE", path: path, idempotent: true}, nil)
	return err
}
