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
func scheduleForm(conn *connection.Connection, next string) views.ScheduleForm {
	rc := conn.Settings.Reconcile
	return views.ScheduleForm{
		Schedule: rc.Schedule, Hour: strconv.Itoa(rc.Hour), WindowDays: strconv.Itoa(rc.WindowDays),
		DeletionShare: strconv.FormatFloat(rc.DeletionShare*100, 'f', -1, 64), Reserve: resync.ScheduledReserve, Next: next,
	}
}

// nextText says when the next scheduled reconciliation is due ("" when the schedule is off).
func nextText(due time.Time, on bool, now time.Time) string {
	if !on {
		return ""
	}
	if due.Before(now) {
		return "due now (" + views.FmtTime(due) + ")"
	}
	return views.FmtTime(due) + " (in " + due.Sub(now).Round(time.Minute).String() + ")"
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
		now := h.Now()
		ov, err := resync.LoadOverview(c.UserContext(), h.Store, conn, resyncPageSize, now)
		if err != nil {
			return err
		}
		m := resyncPage(conn, all, ov, now)
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
