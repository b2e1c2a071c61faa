package web

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
)

// webhookTogglReceive takes a Toggl delivery: verify the signature over the raw bytes,
// then parse; a PING is answered with its validation code, an entity event is stored once
// (deduplicated by event_id) and acknowledged. No Toggl or Attio call happens here.
func (h *Handler) webhookTogglReceive(c *fiber.Ctx) error {
	in, ok, err := h.startIntake(c, "toggl")
	if !ok {
		return err
	}
	ctx, conn, body, reject := in.ctx, in.conn, in.body, in.reject
	audit, now := in.audit, h.Now()
	header := c.Get(signature.TogglHeader)
	if header == "" {
		return reject(fiber.StatusUnauthorized, "missing "+signature.TogglHeader+" header")
	}
	secrets, err := h.Connections.TogglSecrets(ctx, conn.ID)
	if err != nil {
		return err
	}
	var signer string
	for _, s := range secrets {
		if signature.VerifyToggl(s.Secret, body, header) {
			signer = s.ID
			break
		}
	}
	if signer == "" {
		return reject(fiber.StatusUnauthorized, "signature does not match any active subscription of this connection")
	}
	audit.Detail = map[string]any{"subscription_id": signer}

	ev, err := togglevent.Parse(body)
	switch {
	case errors.Is(err, togglevent.ErrUnknownModel):
		// Acknowledge, or Toggl retries an event we will never use.
		audit.Status, audit.Entity = "ignored", ev.Model
		audit.Message = "ignored: model " + strconv.Quote(ev.Model) + " is not synced"
		_, err := h.Store.AddAudit(ctx, audit, now)
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"status": "ignored"})
	case err != nil:
		return reject(fiber.StatusBadRequest, err.Error())
	}
	if err := ev.Plausible(now); err != nil {
		return reject(fiber.StatusBadRequest, err.Error())
	}

	if ev.IsPing {
		return h.togglPing(c, conn, signer, ev, audit)
	}
	audit.Entity = ev.Key()
	if ev.WorkspaceID != conn.TogglWorkspaceID {
		audit.Status = "ignored"
		audit.Message = "ignored: event for Toggl workspace " + strconv.FormatInt(ev.WorkspaceID, 10) + ", this connection syncs " + strconv.FormatInt(conn.TogglWorkspaceID, 10)
		if _, err := h.Store.AddAudit(ctx, audit, now); err != nil {
			return err
		}
		return c.JSON(fiber.Map{"status": "ignored"})
	}

	var key string
	if ev.EventID != 0 { // event_id 0 is never deduplicated
		key = strconv.FormatInt(ev.EventID, 10)
	}
	audit.Status, audit.Message = "accepted", ev.Model+" "+ev.Action+" queued"
	_, dup, err := h.Store.Enqueue(ctx, store.NewEvent{
		ConnectionID: conn.ID, Source: "toggl", DedupeKey: key, EntityKey: ev.Key(), EventAt: ev.At,
		Kind: ev.Model + "." + ev.Action, Body: body, HeadersJSON: safeHeadersJSON(c),
	}, now, audit)
	if err != nil {
		return err
	}
	if dup {
		return c.JSON(fiber.Map{"status": "duplicate"})
	}
	h.Notify()
	return c.JSON(fiber.Map{"status": "accepted"})
}

// togglPing answers a PING. While a subscription is not validated the PING carries a
// validation_code; echoing it validates synchronously (docs/api/toggl.md §2.1).
func (h *Handler) togglPing(c *fiber.Ctx, conn connection.Target, signer string, ev togglevent.Event, audit store.Audit) error {
	ctx := c.UserContext()
	audit.Status, audit.Entity = "ping", "subscription:"+signer
	audit.Message = "ping answered"
	if ev.ValidationCode != "" {
		// Kept for provisioning's fallback: if Toggl misses our echo, the code opens the
		// validate endpoint (docs/api/toggl.md §2.1 asynchronous validation).
		provision.ValidationCodes.Remember(conn.ID, ev.SubscriptionID, ev.ValidationCode)
		subID, _ := strconv.ParseInt(signer, 10, 64)
		if err := h.Connections.MarkTogglValidated(ctx, conn.ID, subID); err != nil {
			return err
		}
		audit.Message = "ping answered with its validation code: subscription validated"
	}
	if _, err := h.Store.AddAudit(ctx, audit, h.Now()); err != nil {
		return err
	}
	if ev.ValidationCode == "" {
		return c.JSON(fiber.Map{"status": "ok"})
	}
	return c.JSON(fiber.Map{"validation_code": ev.ValidationCode})
}
