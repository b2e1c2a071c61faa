package inbound

import (
	"context"
	"fmt"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/internal/worker"
)

// Kinds of difference a reconciliation finds between Toggl (the truth), the local map and
// Attio. A repair run mends each; a drift check only reports them.
const (
	FindingMissing   = "missing"   // Toggl has the entry, Attio and the map do not (a lost webhook)
	FindingRecreated = "recreated" // the map knew an Attio entry that is gone (deleted in Attio)
	FindingOutdated  = "outdated"  // Attio shows an older version than Toggl (a lost webhook)
	FindingEdited    = "edited"    // a mapped value was changed in Attio
	FindingMoved     = "moved"     // the entry sits under another Project than routing gives
	FindingDuplicate = "duplicate" // a second entry for the same time entry
	FindingOrphan    = "orphan"    // Attio holds an entry for a time entry Toggl no longer has
	FindingAdopted   = "adopted"   // Attio's entry was right but the map did not point at it
)

// Finding is one difference, with what Attio held before and what the repair writes.
type Finding struct {
	Kind         string
	TimeEntryID  int64
	AttioEntryID string
	Detail       map[string]any
	AuditID      int64 // the audit row of the repair; 0 in a drift check
}

// Reconciled is what reconciling one time entry found and, unless it was a check, did.
type Reconciled struct {
	Outcome  Outcome
	Findings []Finding
}

// Observed is the Attio side of one time entry as a reconciliation read it: every entry of
// the list carrying the time entry's id, under any parent. ReadAt is when it was read: a map
// row written after that (a webhook applied meanwhile) makes the observation unreliable, and
// the entry's Attio side is read again.
type Observed struct {
	Entries []attio.Entry
	ReadAt  time.Time
}

// ReconcileTimeEntry is ApplyTimeEntry measured against what Attio really holds instead of
// the map's memory of what was written: a deleted entry is created again, edited mapped
// values are written back (only the attributes that differ), an entry under the wrong parent
// is moved, extra entries of the same time entry are removed, and the map is corrected to the
// entry Attio holds. With check set it writes nothing anywhere and only reports.
func (h *Handler) ReconcileTimeEntry(ctx context.Context, conn *connection.Connection, te togglevent.TimeEntry, seen Observed, check bool) (Reconciled, error) {
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return Reconciled{}, err
	}
	action := togglevent.ActionUpdated
	if te.Deleted || te.ServerDeletedAt != nil {
		te.Deleted, action = true, togglevent.ActionDeleted
	}
	ev := togglevent.Event{
		Model: togglevent.ModelTimeEntry, Action: action, WorkspaceID: te.WorkspaceID, EntityID: te.ID,
		At: te.At, CreatedAt: te.At, TimeEntry: &te,
	}
	if err := ev.Plausible(h.Now()); err != nil {
		return Reconciled{}, fmt.Errorf("time entry %d: %w", te.ID, err)
	}
	job := &store.Job{ConnectionID: conn.ID, EntityKey: togglevent.EntityKey(togglevent.ModelTimeEntry, te.ID)}
	run := &apply{h: h, conn: conn, job: job, ev: ev, attio: client, now: h.Now(), source: "resync"}
	rec := &reconciliation{apply: run, seen: seen, check: check}
	err = h.classify(rec.timeEntry(ctx))
	out := Reconciled{Outcome: run.outcome, Findings: rec.findings}
	if worker.Classify(err) == worker.Skipped {
		return out, nil
	}
	if err != nil {
		return Reconciled{}, fmt.Errorf("time entry %d: %w", te.ID, err)
	}
	return out, nil
}

// reconciliation is one time entry's three-way comparison.
type reconciliation struct {
	*apply
	seen     Observed
	check    bool
	findings []Finding
}

func (r *reconciliation) find(kind, entryID string, detail map[string]any) {
	r.findings = append(r.findings, Finding{Kind: kind, TimeEntryID: r.ev.TimeEntry.ID, AttioEntryID: entryID, Detail: detail})
}

func (r *reconciliation) timeEntry(ctx context.Context) error {
	te := r.ev.TimeEntry
	defer r.h.lockEntity("time_entry", te.ID)()
	state, err := r.entryState(ctx, te.ID)
	if err != nil {
		return err
	}
	if state.known && r.ev.At.UnixMilli() < state.AppliedAt {
		// The listing is older than a change applied since (a webhook during the run). The
		// same version ("at" equal) is compared: the listing's created_at is not the event's.
		r.outcome = OutcomeStale
		return worker.Skip(fmt.Sprintf("stale: Attio already holds a newer change of time entry %d", te.ID))
	}
	observed, err := r.observed(ctx, state)
	if err != nil {
		return err
	}
	if r.ev.Deleted() {
		return r.deletedInToggl(ctx, state, observed)
	}
	project, client, user, err := r.names(ctx, te)
	if err != nil {
		return err
	}
	decision, err := r.route(ctx, te, project, client)
	if err != nil {
		return err
	}
	if decision.ProjectRecordID == "" {
		return r.unroutable(ctx, decision, observed)
	}
	rendered, err := fieldmap.Render(r.conn.Settings.TimeEntryMap, fieldmap.Source{TimeEntry: te, Project: project, Client: client, User: user, Now: r.now})
	if err != nil {
		return err
	}
	t := target{decision: decision, parent: decision.ProjectRecordID, rendered: rendered, hash: hashValues(decision.ProjectRecordID, rendered)}
	keep, moved, extra := r.sortObserved(state, observed, t.parent)
	if !r.check {
		if err := r.removeAll(ctx, extra); err != nil {
			return err
		}
	}
	if keep == nil {
		return r.writeAgain(ctx, state, t, moved)
	}
	return r.repairKept(ctx, state, t, *keep)
}

// target is what Attio should hold for the time entry: its parent and rendered values.
type target struct {
	decision routing.Decision
	parent   string
	rendered map[string][]any
	hash     string
}

// observed is the Attio side of the time entry: what the run read, or read again by id when
// a change was applied since the run read it.
func (r *reconciliation) observed(ctx context.Context, state entryState) ([]attio.Entry, error) {
	if !state.known || state.UpdatedAt <= r.seen.ReadAt.UnixMilli() {
		return r.seen.Entries, nil
	}
	te := r.ev.TimeEntry
	slug := idAttribute(r.conn.Settings.TimeEntryMap)
	r.call("QUERY entries %s=%d", slug, te.ID)
	return r.attio.QueryEntries(ctx, r.conn.Settings.Schema.TimeEntriesList, attio.Query{Filter: attio.Filter{slug: te.ID}, Limit: 50})
}

// deletedInToggl removes every Attio entry of a time entry Toggl deleted.
func (r *reconciliation) deletedInToggl(ctx context.Context, state entryState, observed []attio.Entry) error {
	te := r.ev.TimeEntry
	for _, e := range observed {
		r.find(FindingOrphan, e.ID.EntryID, map[string]any{"before": ownedValues(r.conn.Settings.TimeEntryMap, e.EntryValues), "parent_record_id": e.ParentRecordID})
	}
	r.outcome = OutcomeDeleted
	if len(observed) == 0 && state.known && state.Deleted() {
		r.outcome = OutcomeUnchanged
		return worker.Skip(fmt.Sprintf("time entry %d was deleted in Toggl and Attio holds no entry for it", te.ID))
	}
	if r.check {
		return nil
	}
	if err := r.removeAll(ctx, observed); err != nil {
		return err
	}
	if err := r.saveEntry(ctx, "", "", "", true); err != nil {
		return err
	}
	return r.repairAudit(ctx, fmt.Sprintf("time entry %d deleted in Toggl: its Attio entry was removed", te.ID), nil)
}

// unroutable removes the entries of a time entry that routes nowhere now (audit only).
func (r *reconciliation) unroutable(ctx context.Context, decision routing.Decision, observed []attio.Entry) error {
	for _, e := range observed {
		r.find(FindingMoved, e.ID.EntryID, map[string]any{"parent_record_id": e.ParentRecordID, "to": "", "reason": decision.Reason})
	}
	r.outcome = OutcomeUnroutable
	if r.check {
		return nil
	}
	if err := r.removeAll(ctx, observed); err != nil {
		return err
	}
	if err := r.saveEntry(ctx, "", "", "", false); err != nil {
		return err
	}
	return r.audit(ctx, "unroutable", "audit only: "+decision.Reason, map[string]any{"decision": decision})
}

// sortObserved picks the entry to keep (under the routed parent, the one the map knows
// first) and names the others: the first one under another parent is the moved entry when
// none is kept, the rest are duplicates.
func (r *reconciliation) sortObserved(state entryState, observed []attio.Entry, parent string) (keep *attio.Entry, moved bool, extra []attio.Entry) {
	k := -1
	for i, e := range observed {
		if e.ParentRecordID == parent && (k < 0 || e.ID.EntryID == state.AttioEntryID) {
			k = i
		}
	}
	for i, e := range observed {
		if i == k {
			continue
		}
		kind := FindingDuplicate
		if k < 0 && !moved && e.ParentRecordID != parent {
			kind, moved = FindingMoved, true
		}
		r.find(kind, e.ID.EntryID, map[string]any{"parent_record_id": e.ParentRecordID, "to": parent,
			"before": ownedValues(r.conn.Settings.TimeEntryMap, e.EntryValues)})
		extra = append(extra, e)
	}
	if k >= 0 {
		keep = &observed[k]
	}
	return keep, moved, extra
}

// writeAgain creates the entry under its parent: it was deleted in Attio, moved, or never
// written.
func (r *reconciliation) writeAgain(ctx context.Context, state entryState, t target, moved bool) error {
	m := r.conn.Settings.TimeEntryMap
	after := renderedValuesOf(m, t.rendered)
	switch {
	case moved:
	case state.known && state.AttioEntryID != "" && !state.Deleted() && state.ValuesHash != pendingCreate:
		r.find(FindingRecreated, state.AttioEntryID, map[string]any{"parent_record_id": state.ParentRecordID, "after": after})
	case !state.known || state.AttioEntryID == "":
		if r.check {
			r.find(FindingMissing, "", map[string]any{"to": t.parent, "after": after})
		}
	}
	r.outcome = OutcomeCreated
	if state.known && state.AttioEntryID != "" {
		r.outcome = OutcomeUpdated
	}
	if r.check {
		return nil
	}
	if err := r.saveEntry(ctx, "", t.parent, pendingCreate, false); err != nil {
		return err
	}
	r.call("POST entry on %s", t.parent)
	entry, err := r.attio.CreateEntry(ctx, r.conn.Settings.Schema.TimeEntriesList, attio.EntryInput{
		ParentRecordID: t.parent, ParentObject: r.conn.Settings.Schema.ProjectsObject, EntryValues: toAttio(m, t.rendered),
	})
	if err != nil {
		return err
	}
	if err := r.saveEntry(ctx, entry.ID.EntryID, t.parent, t.hash, false); err != nil {
		return err
	}
	return r.repairAudit(ctx, fmt.Sprintf("time entry %d written to %s", r.ev.TimeEntry.ID, projectLabel(t.decision)), map[string]any{"decision": t.decision})
}

// repairKept writes back the owned values that differ in the kept entry and corrects the map.
func (r *reconciliation) repairKept(ctx context.Context, state entryState, t target, kept attio.Entry) error {
	m := r.conn.Settings.TimeEntryMap
	te := r.ev.TimeEntry
	if state.AttioEntryID != kept.ID.EntryID {
		r.find(FindingAdopted, kept.ID.EntryID, map[string]any{"map_had": state.AttioEntryID})
	}
	diff := entryDiff(m, t.rendered, kept.EntryValues)
	r.outcome = OutcomeUnchanged
	if len(diff) > 0 {
		kind := FindingOutdated
		if state.known && state.ValuesHash == t.hash && state.AttioEntryID == kept.ID.EntryID {
			kind = FindingEdited // the map says exactly this was written: someone changed it since
		}
		r.find(kind, kept.ID.EntryID, map[string]any{"changes": diff})
		r.outcome = OutcomeUpdated
	}
	if r.check {
		return nil
	}
	if len(diff) > 0 {
		r.call("PATCH entry %s", kept.ID.EntryID)
		if _, err := r.attio.PatchEntry(ctx, r.conn.Settings.Schema.TimeEntriesList, kept.ID.EntryID, toAttio(m, onlyChanged(t.rendered, diff))); err != nil {
			return err
		}
	}
	if err := r.saveEntry(ctx, kept.ID.EntryID, t.parent, t.hash, false); err != nil {
		return err
	}
	detail := map[string]any{"decision": t.decision}
	if len(r.findings) == 0 {
		return r.audit(ctx, "unchanged", fmt.Sprintf("time entry %d: Attio shows what Toggl says; no write", te.ID), detail)
	}
	return r.repairAudit(ctx, fmt.Sprintf("time entry %d repaired on %s", te.ID, projectLabel(t.decision)), detail)
}

// removeAll deletes entries from Attio; already gone is fine.
func (r *reconciliation) removeAll(ctx context.Context, entries []attio.Entry) error {
	for _, e := range entries {
		r.call("DELETE entry %s", e.ID.EntryID)
		if err := r.attio.DeleteEntry(ctx, r.conn.Settings.Schema.TimeEntriesList, e.ID.EntryID); err != nil && !attio.IsNotFound(err) {
			return err
		}
	}
	return nil
}

// repairAudit writes the apply's audit row with every finding's before and after, and
// points the findings at it.
func (r *reconciliation) repairAudit(ctx context.Context, message string, detail map[string]any) error {
	if detail == nil {
		detail = map[string]any{}
	}
	if len(r.findings) > 0 {
		repairs := make([]map[string]any, 0, len(r.findings))
		for _, f := range r.findings {
			repairs = append(repairs, map[string]any{"kind": f.Kind, "attio_entry_id": f.AttioEntryID, "detail": f.Detail})
		}
		detail["repairs"] = repairs
		message += fmt.Sprintf(" (%d repair(s): %s)", len(r.findings), kindsOf(r.findings))
	}
	if err := r.audit(ctx, "written", message, detail); err != nil {
		return err
	}
	for i := range r.findings {
		r.findings[i].AuditID = r.auditID
	}
	return nil
}

func kindsOf(fs []Finding) string {
	s := ""
	for i, f := range fs {
		if i > 0 {
			s += ", "
		}
		s += f.Kind
	}
	return s
}

// renderedValuesOf is the rendered map in the plain form of Change.
func renderedValuesOf(m fieldmap.Map, rendered map[string][]any) map[string][]any {
	out := make(map[string][]any, len(rendered))
	for _, f := range m {
		if v, ok := rendered[f.Target]; ok {
			out[f.Target] = renderedValues(f.Type, v)
		}
	}
	return out
}
