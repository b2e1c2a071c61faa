package web

import (
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/views"
)

// resyncRoutes registers the Resync page: the window form with its estimate, starting a run
// (executed by the service's resync loop, not by the request), its live progress and cancel.
func (h *Handler) resyncRoutes(r fiber.Router) {
	r.Get("/resync", h.resyncShow)
	r.Post("/resync/plan", h.resyncPlan)
	r.Post("/resync/start", h.resyncStart)
	r.Get("/resync/runs/:id<int>", h.resyncRunShow)
	r.Get("/resync/runs/:id<int>/progress", h.resyncProgress)
	r.Post("/resync/runs/:id<int>/cancel", h.resyncCancel)
	r.Post("/resync/runs/:id<int>/confirm", h.resyncAnswer(true))
	r.Post("/resync/runs/:id<int>/decline", h.resyncAnswer(false))
	r.Post("/resync/schedule", h.resyncScheduleSave)
}

// resyncFirstFindings is how many differences a run's panel lists in full.
const resyncFirstFindings = 20

// resyncDefaultDays is the window the form proposes: the last 30 days.
const resyncDefaultDays = 30

func resyncPick(conn *connection.Connection, all []*connection.Connection) views.ConnPick {
	p := views.ConnPick{Current: conn.ID, Path: "/resync"}
	for _, c := range all {
		p.All = append(p.All, views.ConnOption{ID: c.ID, Name: c.Name, Status: c.Status})
	}
	return p
}

// runID is the run named by :id; a malformed one is 404.
func runID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

// notFoundRun turns a missing run into 404.
func notFoundRun(err error) error {
	if errors.Is(err, resync.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// runView is progressView with the run's first findings in full, each linked to its audit:
// the repair's own row, or (a drift check writes none) the time entry's history.
func runView(r resync.Run, now time.Time) views.ResyncProgress {
	v := progressView(r.Progress, now)
	for _, f := range r.First {
		row := views.FindingRow{Kind: f.Kind, Label: f.Label, TimeEntryID: f.TimeEntryID, AttioEntryID: f.AttioEntryID, Lines: f.Lines}
		if f.AuditID != 0 {
			row.AuditURL = "/audit/" + strconv.FormatInt(f.AuditID, 10)
		} else {
			q := url.Values{"conn": {strconv.FormatInt(r.ConnectionID, 10)}, "entity": {"time_entry:" + strconv.FormatInt(f.TimeEntryID, 10)}}
			row.AuditURL = "/audit?" + q.Encode()
		}
		v.First = append(v.First, row)
	}
	return v
}

// progressView turns a run's progress into what the panel shows.
func progressView(p resync.Progress, now time.Time) views.ResyncProgress {
	v := views.ResyncProgress{
		RunID: p.RunID, ConnID: p.ConnectionID, Window: p.Window.String(), Status: p.Status, Phase: p.Phase,
		Source: p.Source, Note: p.Note, Names: p.Names, Error: p.Error, Percent: p.Percent(),
		Created: p.Counts.Created, Updated: p.Counts.Updated, Unchanged: p.Counts.Unchanged,
		Deleted: p.Counts.Deleted, Unroutable: p.Counts.Unroutable, Failed: p.Counts.Failed,
		Requests: p.TogglRequests, Estimate: p.EstimateRequests, QuotaLeft: p.QuotaRemaining,
		Started: views.FmtTime(p.StartedAt), Finished: p.Finished(),
		CanCancel: !p.Finished() && p.Status != resync.StatusCancelling,
		Check:     p.Mode == resync.ModeCheck, Waiting: p.Waiting(), AttioReads: p.AttioReads, AttioEntries: p.AttioEntries,
		Differences: p.Differences(),
	}
	for _, k := range resync.FindingKinds {
		if n := p.Findings[k]; n > 0 {
			v.Findings = append(v.Findings, views.FindingCount{Kind: k, Label: resync.FindingLabels[k], N: n})
		}
	}
	if p.StartedAt.IsZero() {
		v.Started = "queued " + views.FmtTime(p.CreatedAt)
	}
	if p.ETAKnown && !p.Finished() {
		v.ETA = p.ETA.String()
	}
	if p.Status == resync.StatusPaused && p.PausedUntil.After(now) {
		v.PausedUntil = views.FmtTime(p.PausedUntil)
	}
	return v
}
