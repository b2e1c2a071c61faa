package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/auditlog"
	"toggl-attio-sync/views"
)

// auditFilter is the audit history's filter, from the query string or a posted form.
type auditFilter struct {
	view views.AuditFilter
	q    auditlog.Filter
	page int
	top  int64 // newest id when page 0 was shown: later pages stay put while rows arrive
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
	}{{"from", f.view.From, &f.q.FromMs}, {"to", f.view.To, &f.q.ToMs}} {
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
	v := f.view
	f.q.Conn, f.q.Source, f.q.Status, f.q.Job, f.q.Entity, f.q.Text = v.Conn, v.Source, v.Status, v.Job, v.Entity, v.Text
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
	if f.q.FromMs != 0 {
		add("from", f.view.From)
	}
	if f.q.ToMs != 0 {
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

// resultsView lays out one page of rows with the links to the pages around it; the first page
// polls for rows above its top.
func resultsView(f auditFilter, p auditlog.Page) views.AuditResults {
	r := views.AuditResults{Page: f.page, Empty: "No audit rows match these filters."}
	for _, row := range p.Rows {
		r.Rows = append(r.Rows, auditRowView(row.ID, row.ConnectionID.Int64, row.InboxID.Int64, row.Source, row.Entity,
			row.Status, row.Message, row.CreatedAt, row.JobStatus, p.Names))
	}
	topText := strconv.FormatInt(p.Top, 10)
	if p.More {
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
	return r
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
