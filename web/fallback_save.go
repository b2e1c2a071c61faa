package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/views"
)

// fallbackSave sets the fallback Project (re-read from Attio, so only a real Project with its
// current name is stored) or clears it.
func (h *console) fallbackSave(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	ctx := c.UserContext()
	next := conn.Settings
	if c.FormValue("action") == "clear" {
		next.Fallback = nil
	} else {
		ref, problem := h.projectRef(ctx, conn, strings.TrimSpace(c.FormValue("record_id")))
		if problem != "" {
			rc := h.loadRulesContext(ctx, conn)
			r := h.rulesPage(ctx, conn, all, rc, conn.Settings.Rules)
			r.Search.Error = problem
			r.Problem = "The fallback Project was not changed."
			return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), r))
		}
		next.Fallback = ref
	}
	if err := h.Connections.SaveSettings(ctx, conn, next); err != nil {
		return err
	}
	h.Logger.Info("fallback saved", "request_id", requestIDOf(c), "connection", conn.ID, "set", next.Fallback != nil)
	return redirect(c, fmt.Sprintf("/rules?conn=%d&saved=fallback", conn.ID))
}

// projectRef reads a Project from Attio; problem says why it cannot be the fallback.
func (h *console) projectRef(ctx context.Context, conn *connection.Connection, recordID string) (*connection.ProjectRef, string) {
	if recordID == "" {
		return nil, "Choose a Project from the search results."
	}
	ac, err := h.attioClient(ctx, conn)
	if err != nil {
		return nil, err.Error()
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	schema := conn.Settings.Schema
	rec, err := ac.GetRecord(ctx, schema.ProjectsObject, recordID)
	if attio.IsNotFound(err) {
		return nil, fmt.Sprintf("Attio has no Project %q (deleted meanwhile?).", recordID)
	}
	if err != nil {
		return nil, "Attio could not be read: " + err.Error()
	}
	return &connection.ProjectRef{RecordID: rec.ID.RecordID, Name: valueText(rec.Values, schema.ProjectNameAttr)}, ""
}
