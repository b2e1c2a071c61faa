package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// parseSchedule reads the scheduled reconciliation form. The form's values come back as
// posted, with a message next to each unusable one.
func parseSchedule(get func(string) string) (connection.Reconcile, views.ScheduleForm) {
	f := views.ScheduleForm{
		Schedule: strings.TrimSpace(get("schedule")), Hour: strings.TrimSpace(get("hour")),
		WindowDays: strings.TrimSpace(get("window_days")), DeletionShare: strings.TrimSpace(get("deletion_share")),
		Errors: map[string]string{},
	}
	r := connection.Reconcile{Schedule: f.Schedule, Set: true}
	var err error
	if r.Hour, err = strconv.Atoi(f.Hour); err != nil {
		f.Errors["hour"] = "Enter a whole hour, 0 to 23 (UTC)."
	}
	if r.WindowDays, err = strconv.Atoi(f.WindowDays); err != nil {
		f.Errors["window_days"] = "Enter a whole number of days."
	}
	share, err := strconv.ParseFloat(f.DeletionShare, 64)
	if err != nil {
		f.Errors["deletion_share"] = "Enter a percentage, e.g. 10."
	}
	r.DeletionShare = share / 100
	if field, err := r.Validate(); err != nil && f.Errors[field] == "" {
		f.Errors[field] = strings.ToUpper(err.Error()[:1]) + err.Error()[1:] + "."
	}
	return r, f
}

// scheduleForm shows a connection's saved schedule and when its next run is due.
func (h *Handler) scheduleForm(c *fiber.Ctx, conn *connection.Connection) (views.ScheduleForm, error) {
	rc := conn.Settings.Reconcile
	f := views.ScheduleForm{
		Schedule: rc.Schedule, Hour: strconv.Itoa(rc.Hour), WindowDays: strconv.Itoa(rc.WindowDays),
		DeletionShare: strconv.FormatFloat(rc.DeletionShare*100, 'f', -1, 64), Reserve: resync.ScheduledReserve,
	}
	next, err := h.nextScheduled(c, conn)
	f.Next = next
	return f, err
}

// nextScheduled says when the connection's next scheduled reconciliation is due ("" when off).
func (h *Handler) nextScheduled(c *fiber.Ctx, conn *connection.Connection) (string, error) {
	now := h.Now()
	due, ok, err := resync.NextScheduled(c.UserContext(), h.Store, conn, now, now)
	if err != nil || !ok {
		return "", err
	}
	if due.Before(now) {
		return "due now (" + views.FmtTime(due) + ")", nil
	}
	return views.FmtTime(due) + " (in " + due.Sub(now).Round(time.Minute).String() + ")", nil
}

// resyncScheduleSave stores the scheduled reconciliation; a bad value is shown next to its
// field with every posted value kept.
func (h *Handler) resyncScheduleSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return fiber.ErrNotFound
	}
	rc, form := parseSchedule(func(k string) string { return c.FormValue(k) })
	if len(form.Errors) > 0 {
		m, err := h.resyncModel(c, conn.ID, all)
		if err != nil {
			return err
		}
		form.Reserve = resync.ScheduledReserve
		form.Next = m.Schedule.Next
		m.Schedule = form
		return render(c, fiber.StatusUnprocessableEntity, views.Resync(h.page(c, "Resync", "resync"), m))
	}
	next := conn.Settings
	next.Reconcile = rc
	if err := h.Connections.SaveSettings(c.UserContext(), conn, next); err != nil {
		return err
	}
	return redirect(c, "/resync?saved=schedule&conn="+strconv.FormatInt(conn.ID, 10))
}
