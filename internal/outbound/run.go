package outbound

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/failure"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// run is the state of one job's attempt.
type run struct {
	h     *Handler
	conn  *connection.Connection
	job   *store.Job
	ev    event
	attio *attio.Client
	toggl *toggl.Client
	calls []string // Attio and Toggl calls made, for the audit rows
}

// projectRecord is what the flow needs of an Attio Project.
type projectRecord struct {
	RecordID, Name, CompanyID, TogglProjectID string
}

// apply runs the flow for the event's Project.
func (r *run) apply(ctx context.Context) error {
	p, err := r.readProject(ctx)
	if err != nil {
		return err
	}
	if p == nil {
		return worker.Skip(fmt.Sprintf("Project %s no longer exists in Attio", r.ev.RecordID))
	}
	if p.TogglProjectID != "" {
		if err := r.dropStaleIntent(ctx, "project", p.RecordID); err != nil {
			return err
		}
		return worker.Skip(fmt.Sprintf("Project %q already carries toggl_project_id %s", p.Name, p.TogglProjectID))
	}
	if p.CompanyID == "" {
		return r.audit(ctx, "no_company", fmt.Sprintf("Project %q has no Company yet: waiting for a Company; its Toggl project is made when one is linked", p.Name), nil)
	}
	if strings.TrimSpace(p.Name) == "" {
		return worker.Skip(fmt.Sprintf("Project %s has no name; Toggl needs one", p.RecordID))
	}
	if r.toggl, err = r.h.Toggl(ctx, r.conn); err != nil {
		return err
	}
	// An exhausted quota known from an earlier answer: wait without spending Attio reads or
	// taking the lock.
	if q := r.toggl.Quota(); q.Blocked(r.h.now()) {
		return worker.Wait(q.BlockedUntil, failure.TogglQuotaReason, nil)
	}
	lock, lctx, err := r.lockCompany(ctx, p.CompanyID)
	if err != nil {
		return err
	}
	defer lock.release(r.h)
	client, err := r.ensureClient(lctx, p.CompanyID)
	if err != nil {
		return lost(lctx, err)
	}
	if err := r.ensureProject(lctx, p, client); err != nil {
		return lost(lctx, err)
	}
	return nil
}

// readProject fetches the Project (events carry ids only); nil when it is gone.
func (r *run) readProject(ctx context.Context) (*projectRecord, error) {
	s := r.conn.Settings.Schema
	r.call("attio GET %s %s", s.ProjectsObject, r.ev.RecordID)
	rec, err := r.attio.GetRecord(ctx, s.ProjectsObject, r.ev.RecordID)
	if attio.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	p := &projectRecord{RecordID: rec.ID.RecordID, Name: strings.TrimSpace(text(rec.Values, s.ProjectNameAttr)),
		TogglProjectID: strings.TrimSpace(text(rec.Values, "toggl_project_id"))}
	if ref, ok := rec.Values.RecordRef(s.ProjectCompanyAttr); ok {
		p.CompanyID = ref.RecordID
	}
	return p, nil
}

func (r *run) call(format string, args ...any) {
	r.calls = append(r.calls, fmt.Sprintf(format, args...))
}

// audit writes one audit row for this job with the calls made so far, then starts a new list.
func (r *run) audit(ctx context.Context, status, message string, detail map[string]any) error {
	_, err := r.h.Store.AddAudit(ctx, r.auditRow(status, message, detail), r.h.now())
	return err
}

func (r *run) auditRow(status, message string, detail map[string]any) store.Audit {
	if detail == nil {
		detail = map[string]any{}
	}
	detail["event"] = r.ev.Type
	if len(r.calls) > 0 {
		detail["calls"] = r.calls
	}
	r.calls = nil
	return store.Audit{ConnectionID: r.conn.ID, InboxID: r.job.ID, Source: "attio", Entity: r.job.EntityKey,
		Status: status, Message: message, Detail: detail}
}

// finishStep ends a step whose ids are written back to Attio: its intent is cleared and its
// "written" audit row stored in one transaction (one commit on the single writer).
func (r *run) finishStep(ctx context.Context, kind, recordID, message string, detail map[string]any) error {
	a := r.auditRow("written", message, detail)
	return r.h.Store.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.ClearOutboundIntent(ctx, r.conn.ID, kind, recordID); err != nil {
			return err
		}
		_, err := tx.AddAudit(ctx, a, r.h.now())
		return err
	})
}

// text reads an attribute as text: a text value, or a number (ids written by older tools).
func text(vals attio.ValueMap, slug string) string {
	v, ok := vals.Current(slug)
	if !ok {
		return ""
	}
	if s, ok := v.Text(); ok {
		return s
	}
	if f, ok := v.Number(); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return ""
}

// parseID reads a Toggl id written on an Attio record.
func parseID(s string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// sameName compares names as Toggl does for its uniqueness and its name filter.
func sameName(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }

// nameTaken reports Toggl's 400 for a name already in use (the emulator's wording is
// UNCONFIRMED, docs/api/toggl.md §4.3; both spellings seen in Toggl clients are accepted).
func nameTaken(err error) bool {
	var e *toggl.APIError
	if !errors.As(err, &e) || e.Status != 400 {
		return false
	}
	msg := strings.ToLower(e.Message())
	return strings.Contains(msg, "already been taken") || strings.Contains(msg, "already exists")
}
