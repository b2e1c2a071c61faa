package resync

import (
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// The conversions give ApplyTimeEntry and friends the same entity a webhook payload would
// carry, so the rendered values (and their hash) match and an unchanged entry costs no write.
// Projects and clients use inbound.ProjectFromAPI and inbound.ClientFromAPI, shared with the
// API read of a cache miss.

// reportEntry turns one entry of a Reports row into a v9 time entry (docs/api/toggl.md §4.5: durations
// are "seconds", entries nest under a row carrying user, project, task, description, tags).
// Tag names come from enrich_response's tag_names.
func reportEntry(wid int64, row toggl.ReportRow, e toggl.ReportTimeEntry) togglevent.TimeEntry {
	desc := row.Description
	te := togglevent.TimeEntry{
		ID: e.ID, WorkspaceID: wid, ProjectID: row.ProjectID, TaskID: row.TaskID, UserID: row.UserID,
		Description: &desc, Billable: row.Billable, Start: e.Start.UTC(), Duration: e.Seconds,
		Tags: row.TagNames, TagIDs: row.TagIDs, At: e.At.UTC(),
	}
	if !e.Stop.IsZero() {
		stop := e.Stop.UTC()
		te.Stop = &stop
	}
	return te
}

// trackEntry turns a /me/time_entries item into the webhook's time entry shape.
func trackEntry(e toggl.TimeEntry) togglevent.TimeEntry {
	desc := e.Description
	te := togglevent.TimeEntry{
		ID: e.ID, WorkspaceID: e.WorkspaceID, ProjectID: e.ProjectID, TaskID: e.TaskID, UserID: e.UserID,
		Description: &desc, Billable: e.Billable, Start: e.Start.UTC(), Duration: e.Duration,
		Tags: e.Tags, TagIDs: e.TagIDs, At: e.At.UTC(),
	}
	if !e.Stop.IsZero() {
		stop := e.Stop.UTC()
		te.Stop = &stop
	}
	if e.Deleted() {
		at := e.ServerDeletedAt.UTC()
		te.ServerDeletedAt, te.Deleted = &at, true
	}
	return te
}
