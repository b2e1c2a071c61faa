package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/auditlog"
	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// auditDetail shows one audit row with its delivery (auditlog.History.Detail): safe headers,
// the body pretty-printed, the routing decision, and every audit row of that delivery with the
// calls each step made.
func (h *console) auditDetail(c *fiber.Ctx) error {
	id, _ := c.ParamsInt("id")
	a, err := h.audit.Detail(c.UserContext(), int64(id))
	if errors.Is(err, auditlog.ErrNotFound) {
		return h.notFound(c)
	}
	if err != nil {
		return err
	}
	d := views.AuditDetail{Row: detailRow(a.Row, a.Names), Mirror: auditmirror.Explain(a.Conn, a.Row.Status)}
	d.Decision, d.Calls, d.Extra = splitDetail(a.Row.DetailJson)
	if a.JobGone {
		d.Problem = "The delivery behind this row is no longer kept (finished deliveries are kept 8 days)."
	}
	if job := a.Job; job != nil {
		d.Row.JobStatus = job.Status
		d.Job = jobView(*job)
		d.Live = job.Status == store.StatusQueued || job.Status == store.StatusRunning
	}
	for _, t := range a.Timeline {
		_, calls, _ := splitDetail(t.DetailJson)
		d.Timeline = append(d.Timeline, views.TimelineItem{Row: detailRow(t, a.Names), Calls: calls, Current: t.ID == a.Row.ID})
	}
	switch c.Query("replayed") {
	case "1":
		d.Saved = "Queued again with fresh attempts; this page follows it until it finishes."
	case "0":
		d.Problem = "Not replayed: the delivery is not finished (it is queued or running)."
	}
	return render(c, fiber.StatusOK, views.AuditDetailPage(h.page(c, "Audit row", "audit"), d))
}

func detailRow(a store.AuditRow, names map[int64]string) views.AuditRow {
	return auditRowView(a.ID, a.ConnectionID.Int64, a.InboxID.Int64, a.Source, a.Entity, a.Status, a.Message, a.CreatedAt, "", names)
}

// splitDetail is auditlog.SplitDetail with the decision as the page shows it.
func splitDetail(detailJSON string) (*views.DecisionView, []string, string) {
	d, calls, rest := auditlog.SplitDetail(detailJSON)
	if d == nil {
		return nil, calls, rest
	}
	dv := &views.DecisionView{Branch: string(d.Branch), Cause: string(d.Cause), Reason: d.Reason, ProjectRecordID: d.ProjectRecordID}
	for _, s := range d.Steps {
		dv.Steps = append(dv.Steps, s.Text)
	}
	return dv, calls, rest
}

func jobView(j store.Job) *views.JobView {
	v := &views.JobView{ID: j.ID, Source: j.Source, Kind: j.Kind, Entity: j.EntityKey, Status: j.Status,
		Attempts: j.Attempts, LastError: j.LastError, WaitReason: j.WaitReason,
		NextAttempt: views.FmtMs(j.NextAttemptAt), Received: views.FmtMs(j.ReceivedAt), Finished: "not yet",
		Body: auditlog.PrettyJSON(j.Body), Headers: auditlog.SafeHeaders(j.HeadersJson),
		CanReplay: j.Status == store.StatusDead || j.Status == store.StatusDone || j.Status == store.StatusSkipped}
	if j.FinishedAt.Valid {
		v.Finished = views.FmtMs(j.FinishedAt.Int64)
	}
	return v
}
