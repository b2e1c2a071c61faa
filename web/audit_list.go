package web

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/views"
)

// auditList is the audit history: filters, a page of rows that stays live on the first page,
// the bulk replay of matching dead letters, and the Attio mirror setting.
func (h *console) auditList(c *fiber.Ctx) error {
	ctx := c.UserContext()
	names, conns, err := h.connNames(c)
	if err != nil {
		return err
	}
	if len(conns) == 0 {
		n, err := h.Store.ConsoleAuditCount(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			return h.notConfigured(c, "Audit", "audit")
		}
	}
	f := parseAuditFilter(func(k string) string { return c.Query(k) })
	res, _, err := h.results(ctx, f, names)
	if err != nil {
		return err
	}
	a := views.AuditPage{Conns: conns, Filter: f.view, Results: res}
	dead, err := h.deadLetters(ctx, f, maxBulkReplay+1)
	if err != nil {
		return err
	}
	a.DeadMatching, a.DeadCapped = min(len(dead), maxBulkReplay), len(dead) > maxBulkReplay
	if n := c.Query("replayed"); n != "" {
		a.Saved = "Queued " + n + " delivery(ies) again; their new outcome appears below as the workers finish."
	}
	if c.Query("mirror") == "saved" {
		a.Saved = "Mirror setting saved."
	}
	if len(conns) > 0 {
		mc, err := h.Connections.Get(ctx, mirrorConn(f.view.Conn, conns))
		if err != nil {
			return err
		}
		m := mirrorView(mc)
		a.Mirror = &m
	}
	return render(c, fiber.StatusOK, views.Audit(h.page(c, "Audit", "audit"), a))
}

// mirrorConn is the connection the mirror panel shows: the filtered one, else the first.
func mirrorConn(filtered int64, conns []views.ConnOption) int64 {
	for _, c := range conns {
		if c.ID == filtered {
			return c.ID
		}
	}
	return conns[0].ID
}

// mirrorOptions describe the audit mirror settings, naming the statuses each one copies.
func mirrorOptions() []views.MirrorOption {
	var problems []string
	for _, s := range views.AuditStatuses {
		if auditmirror.Wanted(connection.MirrorProblems, s) {
			problems = append(problems, s)
		}
	}
	return []views.MirrorOption{
		{Value: connection.MirrorOff, Label: "Off", Help: "nothing is copied to Attio"},
		{Value: connection.MirrorProblems, Label: "Problems", Help: "rows with status " + joinOr(problems)},
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

// mirrorNote says whether an audit row is copied to Attio under its connection's setting.
func mirrorNote(conn *connection.Connection, status string) string {
	if conn == nil {
		return "No: the delivery named no known connection."
	}
	setting := conn.Settings.AuditMirror
	if status == "rejected" {
		return "No: refused requests are never copied to Attio (anyone can send them); they stay here, at most 20 rows a minute."
	}
	if auditmirror.Wanted(setting, status) {
		return "Yes: the setting is " + strconv.Quote(setting) + ", so " + status + " rows are copied to Attio's " + conn.Settings.Schema.AuditList + " list, one row per cause and minute."
	}
	return "No: the setting is " + strconv.Quote(setting) + ", which does not copy " + status + " rows."
}
