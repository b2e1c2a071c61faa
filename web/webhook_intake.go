package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

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
	conn  connection.Target
	body  []byte
	audit store.Audit
}

// reject answers status with msg and writes only the audit row (no body, no secrets); past
// the per-minute budget of refusals it writes nothing but a later count.
func (in *intake) reject(status int, msg string) error {
	now := in.h.Now()
	write, summary := in.h.rejects.take(in.conn.ID, now, msg)
	if summary.dropped > 0 {
		if _, err := in.h.Store.AddAudit(in.ctx, store.Audit{ConnectionID: in.conn.ID, Source: in.audit.Source, Status: "rejected",
			Message: fmt.Sprintf("%d more requests refused in the minute from %s (audit rows capped at %d a minute); the last: %s",
				summary.dropped, summary.start.UTC().Format("15:04 UTC"), rejectsPerMinute, summary.cause)}, now); err != nil {
			return err
		}
	}
	if write {
		in.audit.Status, in.audit.Message = "rejected", msg
		in.audit.Detail = map[string]any{"headers": safeHeaders(in.c), "http_status": status, "body_bytes": len(in.c.BodyRaw())}
		if _, err := in.h.Store.AddAudit(in.ctx, in.audit, now); err != nil {
			return err
		}
	}
	return in.c.Status(status).JSON(fiber.Map{"error": msg})
}

// startIntake finds the connection of a webhook URL; ok is false when the request was
// already answered (unknown connection) or failed.
func (h *Handler) startIntake(c *fiber.Ctx, source string) (*intake, bool, error) {
	in := &intake{h: h, c: c, ctx: c.UserContext(), audit: store.Audit{Source: source}}
	conn, err := h.Connections.WebhookTarget(in.ctx, utils.CopyString(c.Params("connection")))
	if errors.Is(err, connection.ErrNotFound) {
		// No audit row: anyone can send these, and the audit belongs to connections.
		h.Logger.Debug("webhook for an unknown connection", "request_id", requestIDOf(c), "path", c.Path())
		return in, false, c.Status(fiber.StatusNotFound).JSON(fiber.Map{"error": "unknown connection"})
	}
	if err != nil {
		return in, false, err
	}
	in.conn, in.audit.ConnectionID = conn, conn.ID
	in.body = bytes.Clone(c.BodyRaw())
	return in, true, nil
}

// auditOversized records a webhook body over the cap, for a connection that exists (the
// request was refused before any handler ran, so its URL is parsed here).
func (h *Handler) auditOversized(c *fiber.Ctx) {
	parts := strings.Split(strings.Trim(c.Path(), "/"), "/")
	if len(parts) != 3 || parts[0] != "webhooks" || (parts[1] != "toggl" && parts[1] != "attio") {
		return
	}
	conn, err := h.Connections.WebhookTarget(c.UserContext(), utils.CopyString(parts[2]))
	if err != nil {
		return
	}
	h.Store.AddAudit(c.UserContext(), store.Audit{ConnectionID: conn.ID, Source: parts[1], Status: "rejected",
		Message: "body larger than 1 MiB", Detail: map[string]any{"http_status": fiber.StatusRequestEntityTooLarge}}, h.Now())
}
