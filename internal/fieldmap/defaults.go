package fieldmap

import (
	"toggl-attio-sync/internal/attiotype"
)

// DefaultTimeEntryMap is what a new connection writes into toggl_time_entries list entries:
// description, duration in seconds and hours, billable, start and stop (UTC),
// running, Toggl project/client/user ids and names, tags and the Toggl time entry id. It also
// writes Toggl's "at" as toggl_updated_at so Attio shows which version of the entry it holds.
// Tags go into text (comma separated): a select would fail on every tag Attio has no option for.
func DefaultTimeEntryMap() Map {
	return Map{
		{Source: "time_entry.id", Target: "toggl_time_entry_id", Type: attiotype.Number},
		{Source: "time_entry.description", Target: "description", Type: attiotype.Text},
		{Source: "time_entry.duration_seconds", Target: "duration_seconds", Type: attiotype.Number},
		{Source: "time_entry.duration_hours", Target: "duration_hours", Type: attiotype.Number},
		{Source: "time_entry.billable", Target: "billable", Type: attiotype.Checkbox},
		{Source: "time_entry.start", Target: "start", Type: attiotype.Timestamp},
		{Source: "time_entry.stop", Target: "stop", Type: attiotype.Timestamp},
		{Source: "time_entry.running", Target: "running", Type: attiotype.Checkbox},
		{Source: "project.id", Target: "toggl_project_id", Type: attiotype.Number},
		{Source: "project.name", Target: "toggl_project_name", Type: attiotype.Text},
		{Source: "client.id", Target: "toggl_client_id", Type: attiotype.Number},
		{Source: "client.name", Target: "toggl_client_name", Type: attiotype.Text},
		{Source: "user.id", Target: "toggl_user_id", Type: attiotype.Number},
		{Source: "user.name", Target: "toggl_user_name", Type: attiotype.Text},
		{Source: "time_entry.tags", Target: "tags", Type: attiotype.Text},
		{Source: "time_entry.at", Target: "toggl_updated_at", Type: attiotype.Timestamp},
	}
}

// DefaultProjectMap is what a Toggl project event writes on its Attio Project. Ids on
// records are text: toggl_project_id and toggl_client_id are unique matching attributes
// (assert, lookups), and text keeps them exact. It never writes
// the Project's own name, type or status: those belong to Attio. Deletion-style events only
// flip the markers (Attio records are never deleted).
func DefaultProjectMap() Map {
	return Map{
		{Source: "project.id", Target: "toggl_project_id", Type: attiotype.Text},
		{Source: "project.name", Target: "toggl_project_name", Type: attiotype.Text},
		{Source: "project.status", Target: "toggl_status", Type: attiotype.Text},
		{Source: "project.active", Target: "toggl_active", Type: attiotype.Checkbox},
		{Source: "project.archived", Target: "toggl_archived", Type: attiotype.Checkbox},
		{Source: "project.deleted", Target: "toggl_deleted", Type: attiotype.Checkbox},
		{Source: "project.at", Target: "toggl_updated_at", Type: attiotype.Timestamp},
	}
}

// DefaultClientMap is what a Toggl client event writes on its toggl_clients record. The link to
// the Company is a record reference the worker writes, not a field of the map.
func DefaultClientMap() Map {
	return Map{
		{Source: "client.name", Target: "name", Type: attiotype.Text, Title: "Name"},
		{Source: "client.id", Target: "toggl_client_id", Type: attiotype.Text},
		{Source: "client.archived", Target: "archived", Type: attiotype.Checkbox},
		{Source: "client.deleted", Target: "deleted", Type: attiotype.Checkbox},
	}
}

// Attribute is one attribute a map needs in Attio, for provisioning.
type Attribute struct {
	Slug        string
	Type        string
	Title       string
	Multiselect bool // a list source (tags) into a select
}

// AttributesNeeded lists the attributes m writes, in map order, once per slug. Fields that
// Validate rejects for their target or type are left out; validate first to see why.
func AttributesNeeded(m Map) []Attribute {
	var out []Attribute
	seen := make(map[string]bool, len(m))
	for _, f := range m {
		if !validSlug(f.Target) || accepts[f.Type] == nil || seen[f.Target] {
			continue
		}
		seen[f.Target] = true
		src, known := byPath[f.Source]
		title := f.Title
		if title == "" && known {
			title = src.Title
		}
		if title == "" {
			title = f.Target
		}
		out = append(out, Attribute{
			Slug:        f.Target,
			Type:        f.Type,
			Title:       title,
			Multiselect: known && src.Kind == KindTextList && f.Type == attiotype.Select,
		})
	}
	return out
}
