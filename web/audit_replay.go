package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// auditReplayOne queues the delivery behind an audit row again (a dead letter, or a finished
// one an admin wants re-applied) and wakes the workers.
func (h *console) auditReplayOne(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _ := c.ParamsInt("id")
	row, err := h.Store.ConsoleGetAudit(ctx, int64(id))
	if errors.Is(err, sql.ErrNoRows) {
		return h.notFound(c)
	}
	if err != nil {
		return err
	}
	ok := false
	if row.InboxID.Valid {
		if ok, err = h.replay(ctx, row.InboxID.Int64); err != nil {
			return err
		}
	}
	if ok {
		h.Notify()
		h.Logger.Info("delivery replayed", "request_id", requestIDOf(c), "inbox", row.InboxID.Int64)
		return redirect(c, fmt.Sprintf("/audit/%d?replayed=1", id))
	}
	return redirect(c, fmt.Sprintf("/audit/%d?replayed=0", id))
}

// auditReplayMatching queues again the dead letters behind the rows the posted filter
// matches, oldest first, up to maxBulkReplay per request.
func (h *console) auditReplayMatching(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := parseAuditFilter(func(k string) string { return c.FormValue(k) })
	ids, err := h.deadLetters(ctx, f, maxBulkReplay)
	if err != nil {
		return err
	}
	n := 0
	for _, id := range ids {
		ok, err := h.replay(ctx, id)
		if err != nil {
			return err
		}
		if ok {
			n++
		}
	}
	if n > 0 {
		h.Notify()
	}
	h.Logger.Info("dead letters replayed", "request_id", requestIDOf(c), "count", n)
	return redirect(c, f.url("/audit", "replayed", strconv.Itoa(n)))
}

// replay queues one finished job again with its "replayed" audit row (store.ReplayFromConsole).
func (h *console) replay(ctx context.Context, inboxID int64) (bool, error) {
	return h.Store.ReplayFromConsole(ctx, inboxID, h.Now())
}
