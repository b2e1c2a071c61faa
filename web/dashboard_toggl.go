package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/views"
)

// dashboardToggl asks Toggl how delivery looks from its side (opsmetrics.Dashboard.
// TogglDelivery: each subscription's state, has_pending_events, and failed delivery attempts).
// The page loads it after itself; answers are cached briefly and bounded by a timeout, and an
// error is shown as it is.
func (h *console) dashboardToggl(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Dashboard", "dashboard")
	}
	v := togglView(h.dash.TogglDelivery(c.UserContext(), conn))
	if c.Get("HX-Request") == "true" {
		return render(c, fiber.StatusOK, views.TogglViewPart(v))
	}
	return render(c, fiber.StatusOK, views.TogglViewPage(h.page(c, "Toggl's view of delivery", "dashboard"), v))
}

func togglView(d opsmetrics.TogglDelivery) views.TogglView {
	v := views.TogglView{Error: d.Error}
	if !d.FetchedAt.IsZero() {
		v.FetchedAt = views.FmtTime(d.FetchedAt)
	}
	for _, s := range d.Subs {
		sv := views.TogglSubView{ID: s.ID, Description: s.Description, Enabled: s.Enabled, Validated: s.Validated,
			HasPending: s.HasPending, Events: s.Events, Failing: s.Failing, FailedAttempts: s.FailedAttempts,
			LastError: s.LastError, Error: s.Error}
		if s.LastError != "" {
			sv.LastAttempt = views.FmtTime(s.LastAttempt)
		}
		v.Subs = append(v.Subs, sv)
	}
	return v
}
