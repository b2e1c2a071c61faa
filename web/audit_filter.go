package web

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// auditPageSize is how many audit rows one page shows.
const auditPageSize = 50

// maxBulkReplay bounds one bulk replay; the button says when more remain.
const maxBulkReplay = 500

// auditFilter is the audit history's filter, from the query string or a posted form.
type auditFilter struct {
	view   views.AuditFilter
	fromMs int64
	toMs   int64
	page   int
	top    int64 // newest id when page 0 was shown: later pages stay put while rows arrive
}

// datetimeLayouts are what <input type="datetime-local"> sends (with or without seconds),
// and a bare date.
var datetimeLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"}

func parseUTC(v string) (time.Time, bool) {
	for _, l := range datetimeLayouts {
		if t, err := time.ParseInLocation(l, v, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseAuditFilter reads the filter; get reads a form or query value by name.
func parseAuditFilter(get func(string) string) auditFilter {
	f := auditFilter{view: views.AuditFilter{
		Source: strings.TrimSpace(get("source")), Status: strings.TrimSpace(get("status")),
		Job: strings.TrimSpace(get("job")), Entity: strings.TrimSpace(get("entity")),
		Text: strings.TrimSpace(get("q")), From: strings.TrimSpace(get("from")), To: strings.TrimSpace(get("to")),
		Errors: views.FormErrors{},
	}}
	f.view.Conn, _ = strconv.ParseInt(get("conn"), 10, 64)
	for _, t := range []struct {
		field, value string
		into         *int64
	}{{"from", f.view.From, &f.fromMs}, {"to", f.view.To, &f.toMs}} {
		if t.value == "" {
			continue
		}
		if at, ok := parseUTC(t.value); ok {
			*t.into = at.UnixMilli()
		} else {
			f.view.Errors[t.field] = "\"" + t.value + "\" is not a date and time (YYYY-MM-DDThh:mm, UTC); ignored."
		}
	}
	f.page, _ = strconv.Atoi(get("page"))
	f.page = max(f.page, 0)
	f.top, _ = strconv.ParseInt(get("top"), 10, 64)
	f.view.Hidden = f.pairs()
	return f
}

// pairs is the filter as query pairs (without paging), in a stable order.
func (f auditFilter) pairs() [][2]string {
	var out [][2]string
	add := func(k, v string) {
		if v != "" {
			out = append(out, [2]string{k, v})
		}
	}
	if f.view.Conn != 0 {
		add("conn", strconv.FormatInt(f.view.Conn, 10))
	}
	add("source", f.view.Source)
	add("status", f.view.Status)
	add("job", f.view.Job)
	add("entity", f.view.Entity)
	if f.fromMs != 0 {
		add("from", f.view.From)
	}
	if f.toMs != 0 {
		add("to", f.view.To)
	}
	add("q", f.view.Text)
	return out
}

// url builds a link to the audit page (or its live fragment) with this filter and extra pairs.
func (f auditFilter) url(path string, extra ...string) string {
	q := url.Values{}
	for _, kv := range f.pairs() {
		q.Set(kv[0], kv[1])
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

func (f auditFilter) pageParams(top int64, lim, off int) store.ConsoleAuditPageParams {
	v := f.view
	return store.ConsoleAuditPageParams{ConnectionID: v.Conn, Source: v.Source, Status: v.Status, JobStatus: v.Job,
		Entity: v.Entity, FromMs: f.fromMs, ToMs: f.toMs, Text: v.Text, TopID: top, Off: int64(off), Lim: int64(lim)}
}

// deadLetters lists the dead jobs behind the rows this filter matches (at most lim).
func (h *console) deadLetters(ctx context.Context, f auditFilter, lim int) ([]int64, error) {
	v := f.view
	if v.Job != "" && v.Job != "dead" {
		return nil, nil
	}
	return h.Store.ConsoleAuditDeadLetters(ctx, store.ConsoleAuditDeadLettersParams{ConnectionID: v.Conn, Source: v.Source,
		Status: v.Status, Entity: v.Entity, FromMs: f.fromMs, ToMs: f.toMs, Text: v.Text, Lim: int64(lim)})
}

// results reads one page of rows. On the first page the newest matching id becomes the page's
// top, and the page polls for rows above it.
func (h *console) results(ctx context.Context, f auditFilter, connNames map[int64]string) (views.AuditResults, int64, error) {
	top := f.top
	if f.page == 0 {
		top = 0
	}
	rows, err := h.Store.ConsoleAuditPage(ctx, f.pageParams(top, auditPageSize+1, f.page*auditPageSize))
	if err != nil {
		return views.AuditResults{}, 0, err
	}
	r := views.AuditResults{Page: f.page, Empty: "No audit rows match these filters."}
	if len(rows) > auditPageSize {
		rows = rows[:auditPageSize]
		r.OlderURL = "more"
	}
	if f.page == 0 && len(rows) > 0 {
		top = rows[0].ID
	}
	for _, row := range rows {
		r.Rows = append(r.Rows, auditRowView(row.ID, row.ConnectionID.Int64, row.InboxID.Int64, row.Source, row.Entity,
			row.Status, row.Message, row.CreatedAt, row.JobStatus, connNames))
	}
	topText := strconv.FormatInt(top, 10)
	if r.OlderURL != "" {
		r.OlderURL = f.url("/audit", "page", strconv.Itoa(f.page+1), "top", topText)
	}
	switch {
	case f.page == 1:
		r.NewerURL = f.url("/audit")
	case f.page > 1:
		r.NewerURL = f.url("/audit", "page", strconv.Itoa(f.page-1), "top", topText)
	}
	if f.page == 0 {
		r.LiveURL = f.url("/audit/rows", "since", topText)
	}
	return r, top, nil
}

func auditRowView(id, connID, inboxID int64, source, entity, status, message string, at int64, job string, connNames map[int64]string) views.AuditRow {
	conn := "(unknown connection)"
	if connID != 0 {
		conn = connNames[connID]
		if conn == "" {
			conn = "connection " + strconv.FormatInt(connID, 10)
		}
	}
	return views.AuditRow{ID: id, When: views.FmtMs(at), Conn: conn, Source: source, Entity: entity, Status: status,
		Message: message, JobStatus: job, InboxID: inboxID}
}

// connNames maps connection ids to names for the audit pages.
func (h *console) connNames(c *fiber.Ctx) (map[int64]string, []views.ConnOption, error) {
	all, err := h.Connections.List(c.UserContext())
	if err != nil {
		return nil, nil, err
	}
	names := make(map[int64]string, len(all))
	for _, conn := range all {
		names[conn.ID] = conn.Name
	}
	return names, connOptions(all), nil
}
