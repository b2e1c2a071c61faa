package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/views"
)

// rulesSimulate routes a recent or pasted time entry with the saved rules and explains the
// decision step by step (inbound.RulesConsole.Simulate: the worker's own gathering and Decide).
func (h *console) rulesSimulate(c *fiber.Ctx) error {
	conn, all, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	paste := c.FormValue("paste")
	job, _ := strconv.ParseInt(c.FormValue("job"), 10, 64)
	v := h.rules.Simulate(c.UserContext(), conn, job, paste)
	r := rulesPage(conn, all, v)
	r.SimPaste, r.SimJob = paste, job
	status := fiber.StatusOK
	switch {
	case v.Sim.Refused:
		status = fiber.StatusUnprocessableEntity
	case v.Sim.Unavailable:
		status = fiber.StatusServiceUnavailable
	}
	return render(c, status, views.Rules(h.page(c, "Rules", "rules"), r))
}
