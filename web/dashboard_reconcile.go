package web

import (
	"fmt"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// reconcileView shows the last reconciliation (the schedule's, else a person's), what it
// repaired, and when the next scheduled one is due.
func reconcileView(conn *connection.Connection, rec resync.Reconciliation, now time.Time) views.ReconcileView {
	r := views.ReconcileView{ConnID: conn.ID, Schedule: conn.Settings.Reconcile.Schedule, Next: nextText(rec.NextDue, rec.NextOn, now)}
	if p := rec.Last; p != nil {
		r.HasLast, r.LastRun, r.LastBy, r.Status, r.Window = true, p.RunID, p.RequestedBy, p.Status, p.Window.String()
		r.LastAt = views.FmtTime(p.FinishedAt)
		r.Repaired = p.FindingsText()
		r.Counts = fmt.Sprintf("%d created, %d updated, %d deleted, %d unchanged", p.Counts.Created, p.Counts.Updated, p.Counts.Deleted, p.Counts.Unchanged)
	}
	return r
}
