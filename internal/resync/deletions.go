package resync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglevent"
)

// errAwaitingConfirmation ends a run that stopped before a mass deletion; it waits in
// StatusConfirm for Answer.
var errAwaitingConfirmation = errors.New("waiting for a person to confirm the deletions")

// deletions removes from Attio the time entries Toggl no longer has. Reports never returns
// deleted entries, so two sources are used:
//   - GET /me/time_entries?since= returns entries modified since then "including deleted
//     ones" (docs/api/toggl.md §4.2), with server_deleted_at: authoritative, for the token owner;
//   - for the rest of the workspace, absence: entries Attio (or the map) holds in the window
//     that the walk did not report. Only a listing proven complete counts: the paging did not
//     shift, the seconds read add up to Reports' totals for the same days, and a search by
//     their ids does not find them elsewhere. A run that would remove more than the
//     connection's share of the window stops and asks first.
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
	if r.row.Source != SourceReports {
		return r.setStatus(ctx, StatusRunning, time.Time{})
	}
	if r.unstable.Load() {
		r.describe(r.row.Source, joinNote(r.row.Note, "Entries were added or removed in Toggl during the walk, so entries missing from it were not treated as deleted; run again to remove other members' deleted entries."))
		return r.setStatus(ctx, StatusRunning, time.Time{})
	}
	complete, err := r.provenComplete(ctx)
	if err != nil || !complete {
		return err
	}
	absent, err := r.absent(ctx)
	if err != nil {
		return err
	}
	if absent, err = r.notElsewhere(ctx, absent); err != nil {
		return err
	}
	if len(absent) == 0 {
		return r.setStatus(ctx, StatusRunning, time.Time{})
	}
	if r.check {
		return r.record(ctx, r.orphanFindings(absent))
	}
	r.seenMu.Lock()
	total := len(r.seen) + len(absent)
	r.seenMu.Unlock()
	share := r.conn.Settings.Reconcile.DeletionShare
	if float64(len(absent)) > share*float64(total) {
		switch r.row.DeletionsConfirmed {
		case 0:
			if err := r.s.Store.ClearResyncFindingsOfKind(ctx, store.ClearResyncFindingsOfKindParams{RunID: r.row.ID, Kind: inbound.FindingOrphan}); err != nil {
				return err
			}
			if err := r.record(ctx, r.orphanFindings(absent)); err != nil {
				return err
			}
			r.describe(r.row.Source, joinNote(r.row.Note, fmt.Sprintf("Stopped before removing %d of the window's %d entries (more than %.0f%%) that Toggl no longer lists: confirm or decline in the console.", len(absent), total, share*100)))
			r.s.logger().Warn("resync: mass deletion held for confirmation", "run", r.row.ID, "connection", r.conn.ID, "entries", len(absent), "of", total)
			return errAwaitingConfirmation
		case -1:
			r.describe(r.row.Source, joinNote(r.row.Note, fmt.Sprintf("Deletion declined: %d entries Toggl no longer lists were kept in Attio.", len(absent))))
			return r.setStatus(ctx, StatusRunning, time.Time{})
		}
	}
	if err := r.s.Store.ClearResyncFindingsOfKind(ctx, store.ClearResyncFindingsOfKindParams{RunID: r.row.ID, Kind: inbound.FindingOrphan}); err != nil {
		return err
	}
	for _, a := range absent {
		if err := r.removeAbsent(ctx, a); err != nil {
			return err
		}
	}
	return r.setStatus(ctx, StatusRunning, time.Time{})
}

// provenComplete asks Reports' totals for the window (one request) and compares them with the
// seconds the walk read. A difference means the listing missed entries (or Toggl changed
// during the walk): nothing is deleted by absence, and the run says so.
func (r *runner) provenComplete(ctx context.Context) (bool, error) {
	var totals toggl.ReportTotals
	search := toggl.DetailedSearch{StartDate: r.window.Start.Format(time.DateOnly), EndDate: r.window.End.Format(time.DateOnly)}
	if err := r.togglCall(ctx, "reports totals", func(ctx context.Context) (err error) {
		totals, err = r.tc.SearchTimeEntriesTotals(ctx, r.conn.TogglWorkspaceID, search)
		return err
	}); err != nil {
		return false, err
	}
	r.mu.Lock()
	walked := r.walkSeconds
	r.mu.Unlock()
	if err := r.s.Store.SetResyncTotals(ctx, store.SetResyncTotalsParams{TogglSeconds: walked, TotalsSeconds: totals.Seconds,
		UpdatedAt: r.s.clock().Now().UnixMilli(), ID: r.row.ID}); err != nil {
		return false, err
	}
	if totals.Seconds != walked {
		r.describe(r.row.Source, joinNote(r.row.Note, fmt.Sprintf("Toggl's listing was not proven complete (its entries add up to %d s, Reports' totals for the same days say %d s), so nothing was removed for being absent from it; run again.", walked, totals.Seconds)))
		r.s.logger().Warn("resync: listing not proven complete; no deletion by absence", "run", r.row.ID, "walked_seconds", walked, "totals_seconds", totals.Seconds)
		return false, nil
	}
	return true, nil
}

// absentEntry is a time entry the window held that the walk did not report: its Attio entries
// (read this run), or only the map's memory of one.
type absentEntry struct {
	id        int64
	entries   []attio.Entry
	appliedAt int64 // the map's last applied change, for map-only entries
}

// absent lists the time entries Attio holds in the window (or, without an Attio read, that an
// earlier resync saw there) that the walk did not report. Entries changed since the Attio
// side was read (a webhook applied them meanwhile) and running ones (Reports lists only
// stopped entries) are left alone.
func (r *runner) absent(ctx context.Context) ([]absentEntry, error) {
	r.seenMu.Lock()
	defer r.seenMu.Unlock()
	var out []absentEntry
	inSide := map[int64]bool{}
	if r.side != nil {
		for id, entries := range r.side.byEntry {
			inSide[id] = true
			if r.seen[id] {
				continue
			}
			keep := false
			for _, e := range entries {
				if r.side.runningOf(e) {
					keep = true
				}
				if !r.side.scoped {
					// The whole list was read: only entries the map places in the window count.
					keep = keep || !r.mapInWindow(ctx, id)
				}
			}
			if keep {
				continue
			}
			m, err := r.s.Store.GetEntryMap(ctx, store.GetEntryMapParams{ConnectionID: r.conn.ID, TimeEntryID: id})
			if err == nil && m.UpdatedAt > r.side.readAt.UnixMilli() {
				continue
			}
			out = append(out, absentEntry{id: id, entries: entries})
		}
	}
	candidates, err := r.s.Store.ResyncDeletionCandidates(ctx, store.ResyncDeletionCandidatesParams{
		ConnectionID: r.conn.ID, WindowStart: r.window.Start.UnixMilli(), WindowEnd: r.window.Limit().UnixMilli(), RunID: r.row.ID,
	})
	if err != nil {
		return nil, err
	}
	for _, c := range candidates {
		if r.seen[c.TimeEntryID] || inSide[c.TimeEntryID] {
			continue
		}
		out = append(out, absentEntry{id: c.TimeEntryID, appliedAt: c.AppliedAt})
	}
	slices.SortFunc(out, func(a, b absentEntry) int { return compareInt(a.id, b.id) })
	return out, nil
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mapInWindow reports whether the map holds the time entry's start inside the window.
func (r *runner) mapInWindow(ctx context.Context, id int64) bool {
	e, err := r.s.Store.GetResyncEntry(ctx, store.GetResyncEntryParams{ConnectionID: r.conn.ID, TimeEntryID: id})
	return err == nil && e.StartAt >= r.window.Start.UnixMilli() && e.StartAt < r.window.Limit().UnixMilli()
}

// notElsewhere searches Reports by id (50 a request, over the year up to tomorrow) for the
// absent entries: one whose start moved out of the window in Toggl still exists, and is
// applied as it is now instead of being removed.
func (r *runner) notElsewhere(ctx context.Context, absent []absentEntry) ([]absentEntry, error) {
	if len(absent) == 0 {
		return nil, nil
	}
	end := r.s.clock().Now().UTC().AddDate(0, 0, 1)
	start := end.AddDate(0, 0, -365)
	if r.window.Start.Before(start) {
		start, end = r.window.Start, r.window.Start.AddDate(0, 0, 365)
	}
	found := map[int64]bool{}
	wid := r.conn.TogglWorkspaceID
	for chunk := range slices.Chunk(absent, DefaultPageSize) {
		ids := make([]int64, len(chunk))
		for i, a := range chunk {
			ids[i] = a.id
		}
		search := toggl.DetailedSearch{StartDate: start.Format(time.DateOnly), EndDate: end.Format(time.DateOnly),
			TimeEntryIDs: ids, PageSize: r.s.pageSize(), EnrichResponse: true}
		var cursor *toggl.ReportCursor
		for seq := int64(0); ; seq++ {
			pg, err := r.searchPage(ctx, wid, search, cursor)
			if err != nil {
				return nil, err
			}
			if err := readableRows(pg.Rows, seq); err != nil {
				return nil, err
			}
			for _, row := range pg.Rows {
				for _, e := range row.TimeEntries {
					found[e.ID] = true
					if rec, record, ok := r.applyEntry(ctx, reportEntry(wid, row, e)); !ok {
						return nil, ctx.Err()
					} else if record {
						if err := r.record(ctx, []entryRecord{rec}); err != nil {
							return nil, err
						}
					}
				}
			}
			if pg.Next == nil || (cursor != nil && *pg.Next == *cursor) {
				break
			}
			cursor = pg.Next
		}
	}
	out := absent[:0]
	for _, a := range absent {
		if !found[a.id] {
			out = append(out, a)
		}
	}
	return out, nil
}

// orphanFindings describes what removing the absent entries would remove.
func (r *runner) orphanFindings(absent []absentEntry) []entryRecord {
	recs := make([]entryRecord, 0, len(absent))
	for _, a := range absent {
		rec := entryRecord{id: a.id, outcome: string(inbound.OutcomeUnchanged)}
		for _, e := range a.entries {
			rec.findings = append(rec.findings, inbound.Finding{Kind: inbound.FindingOrphan, TimeEntryID: a.id, AttioEntryID: e.ID.EntryID,
				Detail: map[string]any{"parent_record_id": e.ParentRecordID}})
		}
		if len(a.entries) == 0 {
			rec.findings = append(rec.findings, inbound.Finding{Kind: inbound.FindingOrphan, TimeEntryID: a.id,
				Detail: map[string]any{"map_only": true}})
		}
		recs = append(recs, rec)
	}
	// Findings only: an outcome would count these entries as handled by this run.
	return findingsOnly(recs)
}

// findingsOnly turns records into finding carriers the recorder stores without an outcome.
func findingsOnly(recs []entryRecord) []entryRecord {
	for i := range recs {
		recs[i].outcome = ""
	}
	return recs
}

// removeAbsent removes one absent time entry's Attio entries and records the deletion.
func (r *runner) removeAbsent(ctx context.Context, a absentEntry) error {
	if len(a.entries) == 0 {
		// Only the map remembers an Attio entry. Toggl gives no deletion time here: one
		// millisecond after the change Attio holds wins over it, yet loses to any real later
		// change (Toggl's "at" has whole seconds), so an entry that only left the window comes
		// back with its next edit.
		te := togglevent.TimeEntry{ID: a.id, WorkspaceID: r.conn.TogglWorkspaceID, At: time.UnixMilli(a.appliedAt + 1).UTC(), Deleted: true}
		return r.remove(ctx, te)
	}
	var findings []inbound.Finding
	_, err := r.attempt(ctx, func(ctx context.Context) (inbound.Outcome, error) {
		var err error
		findings, err = r.s.Inbound.RemoveOrphan(ctx, r.conn, a.id, a.entries, "absent from its complete listing of the window and not found by id")
		return inbound.OutcomeDeleted, err
	})
	rec := entryRecord{id: a.id, outcome: string(inbound.OutcomeDeleted), findings: findings}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rec.outcome, rec.err = outcomeFailed, err.Error()
		r.s.logger().Warn("resync: removing an entry Toggl no longer has failed", "run", r.row.ID, "time_entry", a.id, "err", err)
	} else {
		r.s.logger().Warn("resync: removed an entry Toggl no longer has", "run", r.row.ID, "time_entry", a.id)
	}
	return r.record(ctx, []entryRecord{rec})
}

// attioShows reports whether Attio holds an entry for the time entry, per this run's read of
// Attio or the stored mapping.
func (r *runner) attioShows(ctx context.Context, id int64) bool {
	if r.side != nil && len(r.side.byEntry[id]) > 0 {
		return true
	}
	m, err := r.s.Store.GetEntryMap(ctx, store.GetEntryMapParams{ConnectionID: r.conn.ID, TimeEntryID: id})
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
