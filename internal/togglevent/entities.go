package togglevent

import "time"

// TimeEntry is the v9 time entry carried in a time_entry event payload (docs/api/toggl.md §2.2, §4.2).
// Nullable fields are pointers; legacy keys (wid, pid, tid, uid) fill in when the modern ones
// are absent.
type TimeEntry struct {
	ID          int64
	WorkspaceID int64
	ProjectID   *int64
	TaskID      *int64
	UserID      int64
	Description *string
	Billable    bool
	Start       time.Time  // zero if absent (bare deletions)
	Stop        *time.Time // nil while running
	// Duration in seconds; negative while running. Toggl stores and sends −(start Unix seconds),
	// not the −1 its spec suggests (docs/api/toggl.md §2.2), so any negative value means running.
	Duration        int64
	Tags            []string
	TagIDs          []int64
	At              time.Time // last modification; zero if absent
	ServerDeletedAt *time.Time
	// Deleted: the event's action is "deleted" or server_deleted_at is set.
	Deleted bool
}

// Running reports whether the timer is still going (negative duration).
func (t TimeEntry) Running() bool { return t.Duration < 0 }

// Project is the v9 project carried in a project event payload (docs/api/toggl.md §4.3).
type Project struct {
	ID              int64
	WorkspaceID     int64
	ClientID        *int64
	Name            string
	Active          bool
	Status          string // upcoming/active/ended/archived/deleted when Toggl sends it
	IsPrivate       bool
	Billable        *bool
	Color           string
	At              time.Time
	ServerDeletedAt *time.Time
	Deleted         bool
}

// Client is the v9 client carried in a client event payload (docs/api/toggl.md §4.4).
type Client struct {
	ID              int64
	WorkspaceID     int64
	Name            string
	Archived        bool
	Notes           *string
	At              time.Time
	ServerDeletedAt *time.Time
	Deleted         bool
}

// The wire forms use pointers for every id so "absent" and "0" differ, and keep legacy keys.

type timeEntryJSON struct {
	ID              *int64     `json:"id"`
	WorkspaceID     *int64     `json:"workspace_id"`
	WID             *int64     `json:"wid"`
	ProjectID       *int64     `json:"project_id"`
	PID             *int64     `json:"pid"`
	TaskID          *int64     `json:"task_id"`
	TID             *int64     `json:"tid"`
	UserID          *int64     `json:"user_id"`
	UID             *int64     `json:"uid"`
	Description     *string    `json:"description"`
	Billable        *bool      `json:"billable"`
	Start           *time.Time `json:"start"`
	Stop            *time.Time `json:"stop"`
	Duration        *int64     `json:"duration"`
	Tags            []string   `json:"tags"`
	TagIDs          []int64    `json:"tag_ids"`
	At              *time.Time `json:"at"`
	ServerDeletedAt *time.Time `json:"server_deleted_at"`
}

type projectJSON struct {
	ID              *int64     `json:"id"`
	WorkspaceID     *int64     `json:"workspace_id"`
	WID             *int64     `json:"wid"`
	ClientID        *int64     `json:"client_id"`
	CID             *int64     `json:"cid"`
	Name            *string    `json:"name"`
	Active          *bool      `json:"active"`
	Status          *string    `json:"status"`
	IsPrivate       *bool      `json:"is_private"`
	Billable        *bool      `json:"billable"`
	Color           *string    `json:"color"`
	At              *time.Time `json:"at"`
	ServerDeletedAt *time.Time `json:"server_deleted_at"`
}

type clientJSON struct {
	ID              *int64     `json:"id"`
	WorkspaceID     *int64     `json:"workspace_id"`
	WID             *int64     `json:"wid"`
	Name            *string    `json:"name"`
	Archived        *bool      `json:"archived"`
	Notes           *string    `json:"notes"`
	At              *time.Time `json:"at"`
	ServerDeletedAt *time.Time `json:"server_deleted_at"`
}

// common is what every payload shares; alone it decodes models without a typed payload.
type common struct {
	ID          *int64     `json:"id"`
	WorkspaceID *int64     `json:"workspace_id"`
	WID         *int64     `json:"wid"`
	At          *time.Time `json:"at"`
}

// payloadJSON is the wire form of one synced entity.
type payloadJSON interface {
	common() common
	times() []*time.Time
	// attach sets the typed entity on ev, with ev's agreed ids and the deletion flag.
	attach(ev *Event)
}

func (j *timeEntryJSON) common() common {
	return common{ID: j.ID, WorkspaceID: j.WorkspaceID, WID: j.WID, At: j.At}
}

func (j *timeEntryJSON) times() []*time.Time {
	return []*time.Time{j.Start, j.Stop, j.At, j.ServerDeletedAt}
}

func (j *timeEntryJSON) attach(ev *Event) {
	ev.TimeEntry = &TimeEntry{
		ID:              ev.EntityID,
		WorkspaceID:     ev.WorkspaceID,
		ProjectID:       firstPtr(j.ProjectID, j.PID),
		TaskID:          firstPtr(j.TaskID, j.TID),
		UserID:          deref(firstPtr(j.UserID, j.UID)),
		Description:     j.Description,
		Billable:        deref(j.Billable),
		Start:           deref(j.Start).UTC(),
		Stop:            utcPtr(j.Stop),
		Duration:        deref(j.Duration),
		Tags:            j.Tags,
		TagIDs:          j.TagIDs,
		At:              deref(j.At).UTC(),
		ServerDeletedAt: utcPtr(j.ServerDeletedAt),
		Deleted:         deleted(ev.Action, j.ServerDeletedAt),
	}
}

func (j *projectJSON) common() common {
	return common{ID: j.ID, WorkspaceID: j.WorkspaceID, WID: j.WID, At: j.At}
}

func (j *projectJSON) times() []*time.Time { return []*time.Time{j.At, j.ServerDeletedAt} }

func (j *projectJSON) attach(ev *Event) {
	ev.Project = &Project{
		ID:              ev.EntityID,
		WorkspaceID:     ev.WorkspaceID,
		ClientID:        firstPtr(j.ClientID, j.CID),
		Name:            deref(j.Name),
		Active:          deref(j.Active),
		Status:          deref(j.Status),
		IsPrivate:       deref(j.IsPrivate),
		Billable:        j.Billable,
		Color:           deref(j.Color),
		At:              deref(j.At).UTC(),
		ServerDeletedAt: utcPtr(j.ServerDeletedAt),
		Deleted:         deleted(ev.Action, j.ServerDeletedAt),
	}
}

func (j *clientJSON) common() common {
	return common{ID: j.ID, WorkspaceID: j.WorkspaceID, WID: j.WID, At: j.At}
}

func (j *clientJSON) times() []*time.Time { return []*time.Time{j.At, j.ServerDeletedAt} }

func (j *clientJSON) attach(ev *Event) {
	ev.Client = &Client{
		ID:              ev.EntityID,
		WorkspaceID:     ev.WorkspaceID,
		Name:            deref(j.Name),
		Archived:        deref(j.Archived),
		Notes:           j.Notes,
		At:              deref(j.At).UTC(),
		ServerDeletedAt: utcPtr(j.ServerDeletedAt),
		Deleted:         deleted(ev.Action, j.ServerDeletedAt),
	}
}

// deleted: action "deleted" or server_deleted_at set (docs/api/toggl.md §2.2 presumes the latter).
func deleted(action string, serverDeletedAt *time.Time) bool {
	return action == ActionDeleted || serverDeletedAt != nil
}

func firstPtr[T any](ps ...*T) *T {
	for _, p := range ps {
		if p != nil {
			return p
		}
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
