package web

import (
	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/views"
)

// auditList is the audit history (auditlog.History.List): filters, a page of rows that stays
// live on the first page, the bulk replay of matching dead letters, and the Attio mirror
// setting.
func (h *console) auditList(c *fiber.Ctx) error {
	f := parseAuditFilter(func(k string) string { return c.Query(k) })
	l, err := h.audit.List(c.UserContext(), f.q, f.page, f.top)
	if err != nil {
		return err
	}
	if l.Nothing {
		return h.notConfigured(c, "Audit", "audit")
	}
	a := views.AuditPage{Conns: connOptions(l.Conns), Filter: f.view, Results: resultsView(f, l.Page),
		DeadMatching: l.DeadMatching, DeadCapped: l.DeadCapped}
	if n := c.Query("replayed"); n != "" {
		a.Saved = "Queued " + n + " delivery(ies) again; their new outcome appears below as the workers finish."
	}
	if c.Query("mirror") == "saved" {
		a.Saved = "Mirror setting saved."
	}
	if l.Mirror != nil {
		m := mirrorView(l.Mirror)
		a.Mirror = &m
	}
	return render(c, fiber.StatusOK, views.Audit(h.page(c, "Audit", "audit"), a))
}

// mirrorOptions describe the audit mirror settings, naming the statuses each one copies.
func mirrorOptions() []views.MirrorOption {
	return []views.MirrorOption{
		{Value: connection.MirrorOff, Label: "Off", Help: "nothing is copied to Attio"},
		{Value: connection.MirrorProblems, Label: "Problems", Help: "rows with status " + joinOr(auditmirror.Copied(connection.MirrorProblems, views.AuditStatuses))},
		{Value: connection.MirrorAll, Label: "All", Help: "every audit row of the connection"},
	}
}

func mirrorView(conn *connection.Connection) views.MirrorView {
	return views.MirrorView{Conn: conn.ID, ConnName: conn.Name, List: conn.Settings.Schema.AuditList,
		Setting: conn.Settings.AuditMirror, Options: mirrorOptions()}
}

// joinOr words a list: "a, b or c".
func joinOr(ss []string) string {
	switch len(ss) {
	case 0:
		return "(none)"
	case 1:
		return ss[0]
	}
	out := ""
	for i, s := range ss[:len(ss)-1] {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out + " or " + ss[len(ss)-1]
}
