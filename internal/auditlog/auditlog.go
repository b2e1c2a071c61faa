// Package auditlog is the audit history as the console reads it: pages of rows under a filter
// that stay put while new rows arrive, the dead letters behind the rows a filter matches, one
// row with its delivery and the delivery's other rows, and replays of finished deliveries.
// The rows themselves are written by the intake, the workers and resync (store.AddAudit).
package auditlog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
)

// PageSize is how many rows one page shows.
const PageSize = 50

// MaxBulkReplay bounds one bulk replay; the page says when more remain.
const MaxBulkReplay = 500

// ErrNotFound means no audit row has that id.
var ErrNotFound = errors.New("audit row not found")

// Filter selects audit rows; zero values mean "any". Entity matches exactly or as a kind
// prefix ("time_entry" matches "time_entry:42"); Text is a case-insensitive substring of the
// message; Job is the status of the row's delivery now.
type Filter struct {
	Conn                              int64
	Source, Status, Job, Entity, Text string
	FromMs, ToMs                      int64 // created at or after / before, unix ms
}

func (f Filter) pageParams(top int64, lim, off int) store.ConsoleAuditPageParams {
	return store.ConsoleAuditPageParams{ConnectionID: f.Conn, Source: f.Source, Status: f.Status, JobStatus: f.Job,
		Entity: f.Entity, FromMs: f.FromMs, ToMs: f.ToMs, Text: f.Text, TopID: top, Off: int64(off), Lim: int64(lim)}
}

// History reads and replays the audit history.
type History struct {
	Store *store.Store
	Conns *connection.Service
}

// Page is one page of rows.
type Page struct {
	Rows []store.ConsoleAuditPageRow // newest first
	More bool                        // older rows follow
	// Top is the newest id the first page showed: later pages stay put while rows arrive, and
	// the first page polls for rows above it.
	Top   int64
	Names map[int64]string // connection names by id
}

// List is the audit page: every connection, a page of rows, the dead letters behind the rows
// the filter matches, and the connection whose mirror setting the page shows.
type List struct {
	Conns   []*connection.Connection
	Nothing bool // no connection and no row: nothing to show yet
	Page
	DeadMatching int  // dead letters behind the matching rows, at most MaxBulkReplay
	DeadCapped   bool // more than MaxBulkReplay
	Mirror       *connection.Connection
}

// List reads page number page (0 the newest) of the rows f matches; top is the Top the first
// page returned (ignored on page 0).
func (h *History) List(ctx context.Context, f Filter, page int, top int64) (List, error) {
	var l List
	var err error
	if l.Conns, l.Names, err = h.names(ctx); err != nil {
		return l, err
	}
	if len(l.Conns) == 0 {
		n, err := h.Store.ConsoleAuditCount(ctx)
		if err != nil || n == 0 {
			l.Nothing = err == nil
			return l, err
		}
	}
	if l.Page, err = h.page(ctx, f, page, top, l.Names); err != nil {
		return l, err
	}
	dead, err := h.deadLetters(ctx, f, MaxBulkReplay+1)
	if err != nil {
		return l, err
	}
	l.DeadMatching, l.DeadCapped = min(len(dead), MaxBulkReplay), len(dead) > MaxBulkReplay
	if len(l.Conns) > 0 {
		l.Mirror = l.Conns[0]
		for _, c := range l.Conns {
			if c.ID == f.Conn {
				l.Mirror = c
			}
		}
	}
	return l, nil
}

// Newer reads the first page when a row newer than since matches f; ok is false (and nothing
// else is read) while none does.
func (h *History) Newer(ctx context.Context, f Filter, since int64) (p Page, ok bool, err error) {
	newest, err := h.Store.ConsoleAuditPage(ctx, f.pageParams(0, 1, 0))
	if err != nil || len(newest) == 0 || newest[0].ID <= since {
		return Page{}, false, err
	}
	_, names, err := h.names(ctx)
	if err != nil {
		return Page{}, false, err
	}
	p, err = h.page(ctx, f, 0, 0, names)
	return p, err == nil, err
}

func (h *History) names(ctx context.Context) ([]*connection.Connection, map[int64]string, error) {
	all, err := h.Conns.List(ctx)
	if err != nil {
		return nil, nil, err
	}
	names := make(map[int64]string, len(all))
	for _, c := range all {
		names[c.ID] = c.Name
	}
	return all, names, nil
}

func (h *History) page(ctx context.Context, f Filter, page int, top int64, names map[int64]string) (Page, error) {
	if page == 0 {
		top = 0
	}
	rows, err := h.Store.ConsoleAuditPage(ctx, f.pageParams(top, PageSize+1, page*PageSize))
	if err != nil {
		return Page{}, err
	}
	p := Page{Names: names, Top: top}
	if len(rows) > PageSize {
		rows, p.More = rows[:PageSize], true
	}
	if page == 0 && len(rows) > 0 {
		p.Top = rows[0].ID
	}
	p.Rows = rows
	return p, nil
}

// deadLetters lists the dead jobs behind the rows f matches (at most lim), oldest first.
func (h *History) deadLetters(ctx context.Context, f Filter, lim int) ([]int64, error) {
	if f.Job != "" && f.Job != store.StatusDead {
		return nil, nil
	}
	return h.Store.ConsoleAuditDeadLetters(ctx, store.ConsoleAuditDeadLettersParams{ConnectionID: f.Conn, Source: f.Source,
		Status: f.Status, Entity: f.Entity, FromMs: f.FromMs, ToMs: f.ToMs, Text: f.Text, Lim: int64(lim)})
}

// Detail is one audit row with everything known about its delivery.
type Detail struct {
	Row      store.AuditRow
	Names    map[int64]string       // connection names by id
	Conn     *connection.Connection // nil when the row names no known connection
	Job      *store.Job             // the delivery; nil when the row has none or it is no longer kept
	JobGone  bool                   // the row had a delivery, no longer kept
	Timeline []store.AuditRow       // every row of the delivery, oldest first
}

// Detail reads audit row id; ErrNotFound when there is none.
func (h *History) Detail(ctx context.Context, id int64) (Detail, error) {
	var d Detail
	var err error
	if d.Row, err = h.row(ctx, id); err != nil {
		return d, err
	}
	if _, d.Names, err = h.names(ctx); err != nil {
		return d, err
	}
	if d.Row.ConnectionID.Valid {
		if d.Conn, err = h.Conns.Get(ctx, d.Row.ConnectionID.Int64); err != nil && !errors.Is(err, connection.ErrNotFound) {
			return d, err
		}
	}
	if !d.Row.InboxID.Valid {
		return d, nil
	}
	job, err := h.Store.GetInbox(ctx, d.Row.InboxID.Int64)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		d.JobGone = true
	case err != nil:
		return d, err
	default:
		d.Job = &job
	}
	d.Timeline, err = h.Store.ListAuditForInbox(ctx, d.Row.InboxID)
	return d, err
}

func (h *History) row(ctx context.Context, id int64) (store.AuditRow, error) {
	row, err := h.Store.ConsoleGetAudit(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return row, ErrNotFound
	}
	return row, err
}

// ReplayRow queues the delivery behind audit row id again with fresh attempts and its
// "replayed" row (store.ReplayFromConsole); replayed is false when the row has no delivery
// or it is not finished. ErrNotFound when there is no such row.
func (h *History) ReplayRow(ctx context.Context, id int64, now time.Time) (inboxID int64, replayed bool, err error) {
	row, err := h.row(ctx, id)
	if err != nil || !row.InboxID.Valid {
		return 0, false, err
	}
	replayed, err = h.Store.ReplayFromConsole(ctx, row.InboxID.Int64, now)
	return row.InboxID.Int64, replayed, err
}

// ReplayMatching queues again the dead letters behind the rows f matches, oldest first, up to
// MaxBulkReplay; it returns how many were queued.
func (h *History) ReplayMatching(ctx context.Context, f Filter, now time.Time) (int, error) {
	ids, err := h.deadLetters(ctx, f, MaxBulkReplay)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		ok, err := h.Store.ReplayFromConsole(ctx, id, now)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
