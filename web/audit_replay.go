package web

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditlog"
)

// auditReplayOne queues the delivery behind an audit row again (a dead letter, or a finished
// one an admin wants re-applied) and wakes the workers.
func (h *console) auditReplayOne(c *fiber.Ctx) error {
	id, _ := c.ParamsInt("id")
	inbox, ok, err := h.audit.ReplayRow(c.UserContext(), int64(id), h.Now())
	if errors.Is(err, auditlog.ErrNotFound) {
		return h.notFound(c)
	}
	if err != nil {
		return err
	}
	if ok {
		h.Notify()
		h.Logger.Info("delivery replayed", "request_id", requestIDOf(c), "inbox", inbox)
		return redirect(c, fmt.Sprintf("/audit/%d?replayed=1", id))
	}
	return redirect(c, fmt.Sprintf("/audit/%d?replayed=0", id))
}

// auditReplayMatching queues again the dead letters behind the rows the posted filter
// matches, oldest first, up to auditlog.MaxBulkReplay per request.
func (h *console) auditReplayMatching(c *fiber.Ctx) error {
	f := parseAuditFilter(func(k string) string { return c.FormValue(k) })
	n, err := h.audit.ReplayMatching(c.UserContext(), f.q, h.Now())
	if n > 0 {
		h.Notify()
	}
	if err != nil {
		return err
	}
	h.Logger.Info("dead letters replayed", "request_id", requestIDOf(c), "count", n)
	return redirect(c, f.url("/audit", "replayed", strconv.Itoa(n)))
}
