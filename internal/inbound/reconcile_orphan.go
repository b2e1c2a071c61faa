package inbound

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
)

// RemoveOrphan removes the Attio entries of a time entry Toggl no longer has (it is absent
// from a listing proven complete and not found by id), marks it deleted in the map and
// audits what was removed.
func (h *Handler) RemoveOrphan(ctx context.Context, conn *connection.Connection, timeEntryID int64, entries []attio.Entry, why string) ([]Finding, error) {
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return nil, err
	}
	now := h.Now()
	te := togglevent.TimeEntry{ID: timeEntryID, WorkspaceID: conn.TogglWorkspaceID, At: now, Deleted: true}
	ev := togglevent.Event{Model: togglevent.ModelTimeEntry, Action: togglevent.ActionDeleted, WorkspaceID: te.WorkspaceID,
		EntityID: te.ID, At: now, CreatedAt: now, TimeEntry: &te}
	job := &store.Job{ConnectionID: conn.ID, EntityKey: togglevent.EntityKey(togglevent.ModelTimeEntry, te.ID)}
	a := &apply{h: h, conn: conn, job: job, ev: ev, attio: client, now: now, source: "resync"}
	defer h.lockEntity("time_entry", te.ID)()
	list := conn.Settings.Schema.TimeEntriesList
	var removed []map[string]any
	for _, e := range entries {
		a.call("DELETE entry %s", e.ID.EntryID)
		if err := client.DeleteEntry(ctx, list, e.ID.EntryID); err != nil && !attio.IsNotFound(err) {
			return nil, h.classify(err)
		}
		removed = append(removed, map[string]any{"attio_entry_id": e.ID.EntryID, "parent_record_id": e.ParentRecordID,
			"before": ownedValues(conn.Settings.TimeEntryMap, e.EntryValues)})
	}
	// A deletion at "now" wins over every change Toggl reported before this run.
	if err := a.saveEntry(ctx, "", "", "", true); err != nil {
		return nil, err
	}
	if err := a.audit(ctx, "written", fmt.Sprintf("time entry %d is no longer in Toggl (%s): its Attio entry was removed", te.ID, why),
		map[string]any{"repair": FindingOrphan, "removed": removed}); err != nil {
		return nil, err
	}
	out := make([]Finding, 0, len(entries))
	for i, e := range entries {
		out = append(out, Finding{Kind: FindingOrphan, TimeEntryID: te.ID, AttioEntryID: e.ID.EntryID, Detail: removed[i], AuditID: a.auditID})
	}
	return out, nil
}

// ownedValues is what Attio holds in the attributes the map owns, for audit rows.
func ownedValues(m fieldmap.Map, got attio.ValueMap) map[string][]any {
	out := make(map[string][]any, len(m))
	for _, f := range m {
		out[f.Target] = attioValues(f.Type, got, f.Target)
	}
	return out
}
