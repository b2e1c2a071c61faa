package inbound

import (
	"context"
	"fmt"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/worker"
)

const pendingCreate = "pending-create"

// entryState is what Attio holds for one time entry, from entry_map.
type entryState struct {
	store.EntryMap
	known bool
}

// Deleted reports whether the time entry was deleted in Toggl.
func (s entryState) Deleted() bool { return s.EntryMap.Deleted == 1 }

func (a *apply) entryState(ctx context.Context, id int64) (entryState, error) {
	m, err := a.h.Store.GetEntryMap(ctx, store.GetEntryMapParams{ConnectionID: a.conn.ID, TimeEntryID: id})
	if isNoRows(err) {
		return entryState{}, nil
	}
	return entryState{EntryMap: m, known: err == nil}, err
}

// stale reports whether the event is older than the change already applied: Toggl's "at"
// first, the event's created_at (millisecond precision) to break ties of "at" (seconds).
func (a *apply) stale(s entryState) bool {
	if !s.known {
		return false
	}
	at, evAt := a.ev.At.UnixMilli(), a.ev.CreatedAt.UnixMilli()
	return at < s.AppliedAt || (at == s.AppliedAt && evAt < s.AppliedEventAt)
}

func (a *apply) saveEntry(ctx context.Context, entryID, parent, hash string, deleted bool) error {
	var del int64
	if deleted {
		del = 1
	}
	return a.h.Store.UpsertEntryMap(ctx, store.UpsertEntryMapParams{
		ConnectionID: a.conn.ID, TimeEntryID: a.ev.TimeEntry.ID, AttioEntryID: entryID, ParentRecordID: parent,
		AppliedAt: a.ev.At.UnixMilli(), AppliedEventAt: a.ev.CreatedAt.UnixMilli(), Deleted: del, ValuesHash: hash,
		StartAt: startMs(a.ev.TimeEntry), Seconds: heldSeconds(a.ev.TimeEntry, a.now, entryID != "" && !deleted),
		UpdatedAt: a.now.UnixMilli(),
	})
}

func (a *apply) timeEntry(ctx context.Context) error {
	te := a.ev.TimeEntry
	defer a.h.lockEntity("time_entry", te.ID)()
	list := a.conn.Settings.Schema.TimeEntriesList
	state, err := a.entryState(ctx, te.ID)
	if err != nil {
		return err
	}
	if state.known && state.Deleted() && !a.ev.Deleted() && a.source == "" {
		// Toggl never reuses an id, so a deletion is final: an update delivered after it
		// (late, retried or reordered) whatever its "at" must not bring the entry back. A
		// resync may, since it reads the entry from Toggl's listing: there it exists.
		a.outcome = OutcomeStale
		return worker.Skip(fmt.Sprintf("time entry %d was deleted in Toggl: a deletion is final, so this update delivered after it is not applied", te.ID))
	}
	if a.stale(state) {
		a.outcome = OutcomeStale
		return worker.Skip(fmt.Sprintf("stale: Attio already holds a newer change of time entry %d (at %s)", te.ID, timeMs(state.AppliedAt).UTC().Format("2006-01-02T15:04:05Z")))
	}
	if state.ValuesHash == pendingCreate {
		// An earlier attempt may have created the entry and died before recording it.
		if state, err = a.recoverPending(ctx, state); err != nil {
			return err
		}
	}

	if a.ev.Deleted() {
		if err := a.removeEntry(ctx, state); err != nil {
			return err
		}
		if err := a.saveEntry(ctx, "", "", "", true); err != nil {
			return err
		}
		a.outcome = OutcomeDeleted
		return a.audit(ctx, "written", fmt.Sprintf("time entry %d deleted in Toggl: its Attio entry was removed", te.ID), nil)
	}

	project, client, user, err := a.names(ctx, te)
	if err != nil {
		return err
	}
	decision, err := a.route(ctx, te, project, client)
	if err != nil {
		return err
	}
	detail := map[string]any{"decision": decision}
	if decision.ProjectRecordID == "" {
		// Nowhere to write: an entry left under an earlier route would show stale data.
		if err := a.removeEntry(ctx, state); err != nil {
			return err
		}
		if err := a.saveEntry(ctx, "", "", "", false); err != nil {
			return err
		}
		a.outcome = OutcomeUnroutable
		return a.audit(ctx, "unroutable", "audit only: "+decision.Reason, detail)
	}

	m := a.conn.Settings.TimeEntryMap
	rendered, err := fieldmap.Render(m, fieldmap.Source{TimeEntry: te, Project: project, Client: client, User: user, Now: a.now})
	if err != nil {
		return err
	}
	values := toAttio(m, rendered)
	hash := hashValues(decision.ProjectRecordID, rendered)
	parent := decision.ProjectRecordID

	switch {
	case state.AttioEntryID != "" && state.ParentRecordID == parent && !state.Deleted():
		if state.ValuesHash == hash {
			if err := a.saveEntry(ctx, state.AttioEntryID, parent, hash, false); err != nil {
				return err
			}
			a.outcome = OutcomeUnchanged
			return a.audit(ctx, "unchanged", fmt.Sprintf("time entry %d: Attio already shows this; no write", te.ID), detail)
		}
		a.call("PATCH entry %s", state.AttioEntryID)
		_, err := a.attio.PatchEntry(ctx, list, state.AttioEntryID, values)
		if err == nil {
			if err := a.saveEntry(ctx, state.AttioEntryID, parent, hash, false); err != nil {
				return err
			}
			a.outcome = OutcomeUpdated
			return a.audit(ctx, "written", fmt.Sprintf("time entry %d updated on %s", te.ID, projectLabel(decision)), detail)
		}
		if !attio.IsNotFound(err) {
			return err
		}
		// Someone deleted the entry in Attio: create it again below.
	case state.AttioEntryID != "" && state.ParentRecordID != parent:
		// An entry's parent is immutable in Attio: a move is delete + create.
		if err := a.removeEntry(ctx, state); err != nil {
			return err
		}
		detail["moved_from"] = state.ParentRecordID
	}

	if err := a.saveEntry(ctx, "", parent, pendingCreate, false); err != nil {
		return err
	}
	a.call("POST entry on %s", parent)
	entry, err := a.attio.CreateEntry(ctx, list, attio.EntryInput{
		ParentRecordID: parent, ParentObject: a.conn.Settings.Schema.ProjectsObject, EntryValues: values,
	})
	if err != nil {
		return err
	}
	if err := a.saveEntry(ctx, entry.ID.EntryID, parent, hash, false); err != nil {
		return err
	}
	a.outcome = OutcomeCreated
	if state.AttioEntryID != "" || detail["moved_from"] != nil {
		a.outcome = OutcomeUpdated
	}
	return a.audit(ctx, "written", fmt.Sprintf("time entry %d written to %s", te.ID, projectLabel(decision)), detail)
}

// removeEntry deletes the entry Attio holds for this time entry, if any; already gone is fine.
func (a *apply) removeEntry(ctx context.Context, s entryState) error {
	if s.AttioEntryID == "" || s.Deleted() {
		return nil
	}
	a.call("DELETE entry %s", s.AttioEntryID)
	err := a.attio.DeleteEntry(ctx, a.conn.Settings.Schema.TimeEntriesList, s.AttioEntryID)
	if attio.IsNotFound(err) {
		return nil
	}
	return err
}

// recoverPending looks in Attio for entries of this time entry that a crashed attempt
// created, keeps one under the intended parent and deletes the rest.
func (a *apply) recoverPending(ctx context.Context, s entryState) (entryState, error) {
	slug := idAttribute(a.conn.Settings.TimeEntryMap)
	if slug == "" {
		return s, fmt.Errorf("the field map writes no time_entry.id, so a half-done create cannot be recovered safely")
	}
	list := a.conn.Settings.Schema.TimeEntriesList
	a.call("QUERY entries %s=%d", slug, a.ev.TimeEntry.ID)
	found, err := a.attio.QueryEntries(ctx, list, attio.Query{Filter: attio.Filter{slug: a.ev.TimeEntry.ID}, Limit: 50})
	if err != nil {
		return s, err
	}
	s.AttioEntryID, s.ValuesHash = "", ""
	for _, e := range found {
		if s.AttioEntryID == "" && e.ParentRecordID == s.ParentRecordID {
			s.AttioEntryID = e.ID.EntryID
			continue
		}
		a.call("DELETE duplicate entry %s", e.ID.EntryID)
		if err := a.attio.DeleteEntry(ctx, list, e.ID.EntryID); err != nil && !attio.IsNotFound(err) {
			return s, err
		}
	}
	if s.AttioEntryID == "" {
		s.ParentRecordID = ""
	}
	return s, nil
}

func idAttribute(m fieldmap.Map) string {
	for _, f := range m {
		if f.Source == "time_entry.id" {
			return f.Target
		}
	}
	return ""
}

// projectLabel names where an entry went, for audit messages.
func projectLabel(d routing.Decision) string {
	return fmt.Sprintf("Attio Project %s (%s)", d.ProjectRecordID, d.Branch)
}
