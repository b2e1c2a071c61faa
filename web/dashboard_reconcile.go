package web

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// fillReconcile shows the last reconciliation (the schedule's, else a person's), what it
// repaired, and when the next scheduled one is due.
func (h *console) fillReconcile(c *fiber.Ctx, conn *connection.Connection, d *views.DashboardPage) error {
	ctx, now := c.UserContext(), h.Now()
	r := views.ReconcileView{ConnID: conn.ID, Schedule: conn.Settings.Reconcile.Schedule}
	var row store.ResyncRun
	var err error
	for _, by := range []string{resync.RequestedBySchedule, "console", "cli"} {
		row, err = h.Store.LastResyncRunOf(ctx, store.LastResyncRunOfParams{ConnectionID: conn.ID, RequestedBy: by})
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			break
		}
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		p, err := resync.Load(ctx, h.Store, row.ID, now)
		if err != nil {
			return err
		}
		r.HasLast, r.LastRun, r.LastBy, r.Status, r.Window = true, p.RunID, p.RequestedBy, p.Status, p.Window.String()
		r.LastAt = views.FmtTime(p.FinishedAt)
		r.Repaired = p.FindingsText()
		r.Counts = fmt.Sprintf("%d created, %d updated, %d deleted, %d unchanged", p.Counts.Created, p.Counts.Updated, p.Counts.Deleted, p.Counts.Unchanged)
	}
	if r.Next, err = h.nextScheduled(c, conn); err != nil {
		return err
	}
	d.Reconcile = r
	return nil
}
