package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/togglevent"
	"toggl-attio-sync/views"
)

// maxPasteBytes bounds a pasted time entry.
const maxPasteBytes = 64 << 10

// rulesSimulate routes a recent or pasted time entry with the saved rules and explains the
// decision step by step (inbound.Handler.Simulate: the worker's own gathering and Decide).
func (h *console) rulesSimulate(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	ctx := c.UserContext()
	rc := h.loadRulesContext(ctx, conn)
	r := h.rulesPage(ctx, conn, all, rc, conn.Settings.Rules)
	r.SimPaste = c.FormValue("paste")
	r.SimJob, _ = strconv.ParseInt(c.FormValue("job"), 10, 64)

	te, label, problem := h.simulationInput(ctx, conn, r.SimJob, r.SimPaste)
	if problem != "" {
		r.SimError = problem
		return render(c, fiber.StatusUnprocessableEntity, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	if h.sim == nil {
		r.SimError = "This console was started without Attio access, so it cannot route."
		return render(c, fiber.StatusServiceUnavailable, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	simCtx, cancel := context.WithTimeout(ctx, 2*attioTimeout)
	defer cancel()
	res, err := h.sim.Simulate(simCtx, conn, te)
	if err != nil {
		r.SimError = "The routing data could not be gathered: " + err.Error()
		return render(c, fiber.StatusOK, views.Rules(h.page(c, "Rules", "rules"), r))
	}
	r.Sim = simResult(label, res.Decision, res.Calls, conn.Settings.Fallback)
	return render(c, fiber.StatusOK, views.Rules(h.page(c, "Rules", "rules"), r))
}

// simulationInput picks the time entry: a pasted one wins over a chosen recent delivery.
func (h *console) simulationInput(ctx context.Context, conn *connection.Connection, jobID int64, paste string) (*togglevent.TimeEntry, string, string) {
	if strings.TrimSpace(paste) != "" {
		if len(paste) > maxPasteBytes {
			return nil, "", fmt.Sprintf("The pasted text is longer than %d KiB.", maxPasteBytes>>10)
		}
		te, err := pastedTimeEntry(paste, conn)
		if err != nil {
			return nil, "", "This cannot be routed: " + err.Error()
		}
		return te, fmt.Sprintf("Pasted time entry %d", te.ID), ""
	}
	if jobID == 0 {
		return nil, "", "Choose a recent time entry or paste one."
	}
	job, err := h.Store.ConsoleGetInboxInConnection(ctx, store.ConsoleGetInboxInConnectionParams{ID: jobID, ConnectionID: conn.ID})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", "That delivery is no longer kept; choose another."
	}
	if err != nil {
		return nil, "", err.Error()
	}
	ev, err := togglevent.Parse(job.Body)
	if err != nil || ev.TimeEntry == nil {
		return nil, "", "That delivery is not a time entry."
	}
	return ev.TimeEntry, fmt.Sprintf("Time entry %d from delivery #%d (%s)", ev.TimeEntry.ID, job.ID, views.FmtMs(job.ReceivedAt)), ""
}

func simResult(label string, d routing.Decision, calls []string, fb *connection.ProjectRef) *views.SimResult {
	s := &views.SimResult{Entry: label, Branch: string(d.Branch), Cause: string(d.Cause), Reason: d.Reason, Calls: calls}
	for _, st := range d.Steps {
		s.Steps = append(s.Steps, st.Text)
	}
	switch d.Branch {
	case routing.BranchAuditOnly:
		s.Landed, s.Problem = "Would be recorded in the audit list only: nothing is written to Attio.", true
	case routing.BranchFallback:
		name := d.ProjectRecordID
		if fb != nil && fb.RecordID == d.ProjectRecordID && fb.Name != "" {
			name = fb.Name
		}
		s.Landed = "Would land on the fallback Project " + name + "."
	default:
		s.Landed = "Would land on Attio Project " + d.ProjectRecordID + "."
	}
	return s
}
