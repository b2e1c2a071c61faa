package fieldmap

import (
	"errors"
	"math"
	"time"

	"toggl-attio-sync/internal/togglevent"
)

// Kind is what a source produces; it decides which Attio attribute types can hold it.
type Kind string

const (
	KindText     Kind = "text"      // string
	KindInteger  Kind = "integer"   // int64 (ids, seconds)
	KindNumber   Kind = "number"    // float64
	KindBool     Kind = "bool"      // bool
	KindTime     Kind = "time"      // time.Time, rendered in UTC
	KindTextList Kind = "text_list" // []string (tags)
)

// Entities a source reads from.
const (
	EntityTimeEntry = "time_entry"
	EntityProject   = "project"
	EntityClient    = "client"
	EntityUser      = "user"
)

// User is a Toggl user as the local name cache knows it.
type User struct {
	ID   int64
	Name string
}

// Source is what a map renders: the entity of the event plus names from the local cache
// (no Toggl call per event). For a time entry, Project, Client and User may be
// nil; their ids then come from the entry and their names render as empty. Now is required to
// render the duration of a running entry.
type Source struct {
	TimeEntry *togglevent.TimeEntry
	Project   *togglevent.Project
	Client    *togglevent.Client
	User      *User
	Now       time.Time
}

// Render errors; test with errors.Is.
var (
	ErrInvalidMap         = errors.New("fieldmap: invalid map")
	ErrMissingEntity      = errors.New("fieldmap: source entity missing")
	ErrInconsistentSource = errors.New("fieldmap: source entities disagree")
	ErrNeedNow            = errors.New("fieldmap: Source.Now is required for a running time entry")
)

// SourceInfo describes one readable Toggl field, for the console's field map editor.
type SourceInfo struct {
	Path   string // e.g. "time_entry.duration_hours"
	Entity string // time_entry, project, client or user
	Kind   Kind
	Title  string // default Attio attribute title
}

// resolver returns the value (nil for "no value") or an error.
type resolver func(s Source) (any, error)

type source struct {
	SourceInfo
	resolve resolver
}

var catalogue = []source{
	{SourceInfo{"time_entry.id", EntityTimeEntry, KindInteger, "Toggl time entry ID"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return t.ID, nil })},
	{SourceInfo{"time_entry.description", EntityTimeEntry, KindText, "Description"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return strPtr(t.Description), nil })},
	{SourceInfo{"time_entry.duration_seconds", EntityTimeEntry, KindInteger, "Duration (seconds)"},
		te(func(t *togglevent.TimeEntry, s Source) (any, error) { return durationSeconds(t, s.Now) })},
	{SourceInfo{"time_entry.duration_hours", EntityTimeEntry, KindNumber, "Duration (hours)"},
		te(func(t *togglevent.TimeEntry, s Source) (any, error) {
			sec, err := durationSeconds(t, s.Now)
			if sec == nil || err != nil {
				return nil, err
			}
			return Hours(sec.(int64)), nil
		})},
	{SourceInfo{"time_entry.billable", EntityTimeEntry, KindBool, "Billable"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return t.Billable, nil })},
	{SourceInfo{"time_entry.start", EntityTimeEntry, KindTime, "Start"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return timeOrNil(t.Start), nil })},
	{SourceInfo{"time_entry.stop", EntityTimeEntry, KindTime, "Stop"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return stopTime(t), nil })},
	{SourceInfo{"time_entry.running", EntityTimeEntry, KindBool, "Running"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return t.Running(), nil })},
	{SourceInfo{"time_entry.tags", EntityTimeEntry, KindTextList, "Tags"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return nonEmptyTags(t.Tags), nil })},
	{SourceInfo{"time_entry.at", EntityTimeEntry, KindTime, "Toggl updated at"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return timeOrNil(t.At), nil })},
	{SourceInfo{"time_entry.workspace_id", EntityTimeEntry, KindInteger, "Toggl workspace ID"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return t.WorkspaceID, nil })},
	{SourceInfo{"time_entry.task_id", EntityTimeEntry, KindInteger, "Toggl task ID"},
		te(func(t *togglevent.TimeEntry, _ Source) (any, error) { return int64Ptr(t.TaskID), nil })},

	{SourceInfo{"project.id", EntityProject, KindInteger, "Toggl project ID"}, projectID},
	{SourceInfo{"project.name", EntityProject, KindText, "Toggl project name"},
		project(func(p *togglevent.Project) any { return nonEmpty(p.Name) })},
	{SourceInfo{"project.status", EntityProject, KindText, "Toggl status"},
		project(func(p *togglevent.Project) any { return ProjectStatus(*p) })},
	{SourceInfo{"project.active", EntityProject, KindBool, "Active in Toggl"},
		project(func(p *togglevent.Project) any { return p.Active && !p.Deleted })},
	{SourceInfo{"project.archived", EntityProject, KindBool, "Archived in Toggl"},
		project(func(p *togglevent.Project) any { return !p.Active && !p.Deleted })},
	{SourceInfo{"project.deleted", EntityProject, KindBool, "Deleted in Toggl"},
		project(func(p *togglevent.Project) any { return p.Deleted })},
	{SourceInfo{"project.billable", EntityProject, KindBool, "Billable in Toggl"},
		project(func(p *togglevent.Project) any { return boolPtr(p.Billable) })},
	{SourceInfo{"project.color", EntityProject, KindText, "Toggl color"},
		project(func(p *togglevent.Project) any { return nonEmpty(p.Color) })},
	{SourceInfo{"project.client_id", EntityProject, KindInteger, "Toggl client ID"},
		project(func(p *togglevent.Project) any { return int64Ptr(p.ClientID) })},
	{SourceInfo{"project.at", EntityProject, KindTime, "Toggl updated at"},
		project(func(p *togglevent.Project) any { return timeOrNil(p.At) })},

	{SourceInfo{"client.id", EntityClient, KindInteger, "Toggl client ID"}, clientID},
	{SourceInfo{"client.name", EntityClient, KindText, "Toggl client name"},
		client(func(c *togglevent.Client) any { return nonEmpty(c.Name) })},
	{SourceInfo{"client.archived", EntityClient, KindBool, "Archived in Toggl"},
		client(func(c *togglevent.Client) any { return c.Archived })},
	{SourceInfo{"client.deleted", EntityClient, KindBool, "Deleted in Toggl"},
		client(func(c *togglevent.Client) any { return c.Deleted })},
	{SourceInfo{"client.notes", EntityClient, KindText, "Toggl notes"},
		client(func(c *togglevent.Client) any { return strPtr(c.Notes) })},
	{SourceInfo{"client.at", EntityClient, KindTime, "Toggl updated at"},
		client(func(c *togglevent.Client) any { return timeOrNil(c.At) })},

	{SourceInfo{"user.id", EntityUser, KindInteger, "Toggl user ID"}, userID},
	{SourceInfo{"user.name", EntityUser, KindText, "Toggl user name"}, userName},
}

var byPath = func() map[string]source {
	m := make(map[string]source, len(catalogue))
	for _, s := range catalogue {
		m[s.Path] = s
	}
	return m
}()

// Sources lists every readable Toggl field, in editor order.
func Sources() []SourceInfo {
	out := make([]SourceInfo, len(catalogue))
	for i, s := range catalogue {
		out[i] = s.SourceInfo
	}
	return out
}

// LookupSource describes one source path.
func LookupSource(path string) (SourceInfo, bool) {
	s, ok := byPath[path]
	return s.SourceInfo, ok
}

// ProjectStatus is the marker written for a Toggl project: "deleted" for deletions, else Toggl's
// own status when sent (upcoming/active/ended/archived), else "active" or "archived" from active.
func ProjectStatus(p togglevent.Project) string {
	switch {
	case p.Deleted:
		return "deleted"
	case p.Status != "":
		return p.Status
	case p.Active:
		return "active"
	}
	return "archived"
}

// Hours converts seconds to hours rounded to 4 decimals (0.36 s), so values are stable in JSON
// and the per-entry rounding error stays below a second.
func Hours(seconds int64) float64 {
	return math.Round(float64(seconds)*1e4/3600) / 1e4
}

func te(f func(*togglevent.TimeEntry, Source) (any, error)) resolver {
	return func(s Source) (any, error) {
		if s.TimeEntry == nil {
			return nil, ErrMissingEntity
		}
		return f(s.TimeEntry, s)
	}
}

// durationSeconds is the stored duration, or for a running entry the time since start at Now
// (Toggl's negative duration is −start_epoch, docs/api/toggl.md §2.2, not a length).
func durationSeconds(t *togglevent.TimeEntry, now time.Time) (any, error) {
	if !t.Running() {
		return t.Duration, nil
	}
	if now.IsZero() {
		return nil, ErrNeedNow
	}
	if t.Start.IsZero() {
		return nil, nil
	}
	return max(int64(now.Sub(t.Start)/time.Second), 0), nil
}

// stopTime is nil while running; a stopped entry without stop (not seen from Toggl, but the
// field is nullable) ends at start + duration.
func stopTime(t *togglevent.TimeEntry) any {
	switch {
	case t.Running():
		return nil
	case t.Stop != nil && !t.Stop.IsZero():
		return *t.Stop
	case !t.Start.IsZero():
		return t.Start.Add(time.Duration(t.Duration) * time.Second)
	}
	return nil
}

// project resolves project fields: the cached or event project, else nothing is known beyond
// the id (handled by projectID).
func project(f func(*togglevent.Project) any) resolver {
	return func(s Source) (any, error) {
		switch {
		case s.Project != nil:
			return f(s.Project), nil
		case s.TimeEntry != nil:
			return nil, nil
		}
		return nil, ErrMissingEntity
	}
}

func projectID(s Source) (any, error) {
	switch {
	case s.Project != nil:
		return s.Project.ID, nil
	case s.TimeEntry != nil:
		return int64Ptr(s.TimeEntry.ProjectID), nil
	}
	return nil, ErrMissingEntity
}

func client(f func(*togglevent.Client) any) resolver {
	return func(s Source) (any, error) {
		switch {
		case s.Client != nil:
			return f(s.Client), nil
		case s.Project != nil || s.TimeEntry != nil:
			return nil, nil
		}
		return nil, ErrMissingEntity
	}
}

func clientID(s Source) (any, error) {
	switch {
	case s.Client != nil:
		return s.Client.ID, nil
	case s.Project != nil:
		return int64Ptr(s.Project.ClientID), nil
	case s.TimeEntry != nil:
		return nil, nil
	}
	return nil, ErrMissingEntity
}

func userID(s Source) (any, error) {
	switch {
	case s.User != nil:
		return s.User.ID, nil
	case s.TimeEntry != nil:
		if s.TimeEntry.UserID == 0 {
			return nil, nil
		}
		return s.TimeEntry.UserID, nil
	}
	return nil, ErrMissingEntity
}

func userName(s Source) (any, error) {
	switch {
	case s.User != nil:
		return nonEmpty(s.User.Name), nil
	case s.TimeEntry != nil:
		return nil, nil
	}
	return nil, ErrMissingEntity
}

// Helpers turn "absent" into a nil any (a typed nil pointer inside any would not compare to nil).

func strPtr(p *string) any {
	if p == nil {
		return nil
	}
	return nonEmpty(*p)
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func int64Ptr(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func boolPtr(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func nonEmptyTags(tags []string) any {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if t != "" {
			out = append(out, t)
		}
	}
	return out
}
