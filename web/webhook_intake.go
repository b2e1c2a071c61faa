package web

import (
	"bytes"
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
)

// intake is one webhook request on its way in: the connection its URL names, the raw body
// (copied: Fiber reuses the buffer after the handler returns), and how to refuse it with
// nothing stored but its audit row.
type intake struct {
	h     *Handler
	c     *fiber.Ctx
	ctx   context.Context
	conn  *connection.Connection
	body  []byte
	audit store.Audit
}

// reject answers status with msg and writes only the audit row (no body, no secrets).
func (in *intake) reject(status int, msg string) error {
	in.audit.Status, in.audit.Message = "rejected", msg
	in.audit.Detail = map[string]any{"headers": safeHeaders(in.c), "http_status": status, "body_bytes": len(in.c.Body())}
	if _, err := in.h.Store.AddAudit(in.ctx, in.audit, in.h.Now()); err != nil {
		return err
	}
	return in.c.Status(status).JSON(fiber.Map{"error": msg})
}

// startIntake finds the connection of a webhook URL; ok is false when the request was
// already answered (unknown connection) or failed.
func (h *Handler) startIntake(c *fiber.Ctx, source string) (*intake, bool, error) {
	in := &intake{h: h, c: c, ctx: c.UserContext(), audit: store.Audit{Source: source}}
	conn, err := h.Connections.BySlug(in.ctx, utils.CopyString(c.Params("connection")))
	if errors.Is(err, connection.ErrNotFound) {
		return in, false, in.reject(fiber.StatusNotFound, "unknown connection")
	}
	if err != nil {
		return in, false, err
	}
	in.conn, in.audit.ConnectionID = conn, conn.ID
	in.body = bytes.Clone(c.Body())
	return in, true, nil
}
