package resync

import (
	"context"
	"time"

	"toggl-attio-sync/db"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// deletions removes from Attio the time entries Toggl deleted. Reports never returns deleted
// entries, so two sources are used:
//   - GET /me/time_entries?since= returns entries modified since then "including deleted
//     ones" (toggl.md §4.2), with server_deleted_at: authoritative, for the token owner;
//   - for the rest of the workspace, entries an earlier resync saw in these days that this
//     run's complete walk did not report, unless the paging shifted during the walk.
func (r *runner) deletions(ctx context.Context) error {
	wid := r.conn.TogglWorkspaceID
	var list []toggl.TimeEntry
	if err := r.togglCall(ctx, "my time entries since", func(ctx context.Context) (err error) {
		list, err = r.tc.MyTimeEntries(ctx, toggl.TimeEntriesQuery{Since: r.window.Start})
		return err
	}); err != nil {
		return err
	}
	for _, e := range list {
		if e.WorkspaceID != wid || !e.Deleted() {
			continue
		}
		if !r.attioShows(ctx, e.ID) {
			continue // nothing to remove: never synced, or already removed
		}
		if err := r.remove(ctx, trackEntry(e)); err != nil {
			return err
		}
	}

	if r.row.Source == SourceReports && !r.unstable.Load() {
		candidates, err := r.s.Store.RQ.ResyncDeletionCandidates(ctx, db.ResyncDeletionCandidatesParams{
			ConnectionID: r.conn.ID, WindowStart: r.window.Start.UnixMilli(), WindowEnd: r.window.Limit().UnixMilli(), RunID: r.row.ID,
		})
		if err != nil {
			return err
		}
		for _, c := range candidates {
			// Toggl gives no deletion time here. One millisecond after the change Attio holds
			// wins over it, yet loses to any real later change (Toggl's "at" has whole
			// seconds), so an entry that only left the window comes back with its next edit.
			te := togglevent.TimeEntry{ID: c.TimeEntryID, WorkspaceID: wid, At: time.UnixMilli(c.AppliedAt + 1).UTC(), Deleted: true}
			if err := r.remove(ctx, te); err != nil {
				return err
			}
		}
	}
	if r.unstable.Load() && r.row.Source == SourceReports {
		r.describe(r.row.Source, joinNote(r.row.Note, "Entries were added or removed in Toggl during the walk, so entries missing from it were not treated as deleted; run again to remove other members' deleted entries."))
	}
	return r.setStatus(ctx, StatusRunning, time.Time{})
}

// attioShows reports whether Attio holds an entry for the time entry, per the stored mapping.
func (r *runner) attioShows(ctx context.Context, id int64) bool {
	m, err := r.s.Store.RQ.GetEntryMap(ctx, db.GetEntryMapParams{ConnectionID: r.conn.ID, TimeEntryID: id})
	return err == nil && m.Deleted == 0 && m.AttioEntryID != ""
}

func (r *runner) remove(ctx context.Context, te togglevent.TimeEntry) error {
	rec, record, ok := r.applyEntry(ctx, te)
	switch {
	case !ok:
		return ctx.Err()
	case record:
		return r.record(ctx, []entryRecord{rec})
	}
	return nil
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}
