// Package auditmirror copies audit rows into Attio's toggl_webhook_audit list, as each
// connection's audit setting says: off, problems only, or all. It runs beside the workers,
// behind a per-connection watermark, so a slow or failing Attio never delays the sync itself.
// Only status, source, entity, message and time are copied: never headers, bodies or secrets.
//
// What it writes is bounded, so nobody outside can turn requests into Attio writes: rejected
// requests (no valid signature, unreadable bodies) are never mirrored; rows of one cause in
// one minute become one entry that says how many there were (a minute is mirrored once it has
// ended); and while Attio fails the mirror pauses, with a growing pause, instead of adding
// its own failing writes to Attio's load.
package auditmirror

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
)

// ParentObject and ParentMatch name the per-workspace record the audit entries hang under
// (created by provisioning).
const (
	ParentObject = "toggl_connections"
	ParentMatch  = "toggl_workspace_id"
)

// problemStatuses are mirrored under the "problems" setting.
var problemStatuses = map[string]bool{"failed": true, "dead": true, "unroutable": true, "retrying": true, "waiting": true}

// Wanted reports whether an audit row of status goes to Attio under setting. A rejected
// request never does: anyone can send one.
func Wanted(setting, status string) bool {
	if status == "rejected" {
		return false
	}
	switch setting {
	case connection.MirrorAll:
		return true
	case connection.MirrorProblems:
		return problemStatuses[status]
	}
	return false
}

// Mirror copies audit rows of every active connection.
type Mirror struct {
	Store  *store.Store
	Conns  *connection.Service
	Attio  func(ctx context.Context, c *connection.Connection) (*attio.Client, error)
	Now    func() time.Time
	Logger *slog.Logger
	Batch  int // rows per pass and connection (0: 50)

	mu      sync.Mutex // one pass at a time: the watermark is read, then advanced
	parents map[int64]string
	paused  map[int64]pause // connections whose Attio failed, until when
}

// pause holds a connection's mirror back after Attio failed; each failure in a row doubles it.
type pause struct {
	until time.Time
	next  time.Duration
}

const (
	firstPause = 30 * time.Second
	maxPause   = 10 * time.Minute
)

// Run passes every interval until ctx ends.
func (m *Mirror) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := m.Pass(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Warn("audit mirror", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Pass mirrors what is pending for each connection; a failing connection does not stop the others.
func (m *Mirror) Pass(ctx context.Context) error { return m.PassAt(ctx, m.Now()) }

// PassAt is Pass as of now: minutes before now's are complete and mirrored.
func (m *Mirror) PassAt(ctx context.Context, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	conns, err := m.Conns.List(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range conns {
		if c.Status != "active" {
			continue
		}
		if p, ok := m.paused[c.ID]; ok && now.Before(p.until) {
			continue
		}
		if err := m.connection(ctx, c, now); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (m *Mirror) connection(ctx context.Context, c *connection.Connection, now time.Time) error {
	setting := c.Settings.AuditMirror
	mark, err := m.watermark(ctx, c.ID)
	if err != nil {
		return err
	}
	if setting == connection.MirrorOff {
		// Nothing goes out while off; turning it on later mirrors from then on.
		top, err := m.Store.MaxAuditID(ctx, sql.NullInt64{Int64: c.ID, Valid: true})
		if err != nil || top == mark {
			return err
		}
		return m.setWatermark(ctx, c.ID, top)
	}
	batch := m.Batch
	if batch <= 0 {
		batch = 500
	}
	rows, err := m.Store.ListAuditAfter(ctx, store.ListAuditAfterParams{ConnectionID: sql.NullInt64{Int64: c.ID, Valid: true}, ID: mark, Limit: int64(batch)})
	if err != nil || len(rows) == 0 {
		return err
	}
	var client *attio.Client
	var parent string
	pending := make([]row, len(rows))
	for i, r := range rows {
		pending[i] = row{ID: r.ID, Source: r.Source, Entity: r.Entity, Status: r.Status, Message: r.Message, CreatedAt: r.CreatedAt}
	}
	for _, minute := range completeMinutes(pending, now) {
		for _, g := range coalesce(minute, setting) {
			if client == nil {
				if client, err = m.Attio(ctx, c); err != nil {
					return err
				}
				if parent, err = m.parent(ctx, client, c); err != nil {
					return m.failed(c.ID, now, err)
				}
			}
			if _, err := client.CreateEntry(ctx, c.Settings.Schema.AuditList, g.entry(parent)); err != nil {
				return m.failed(c.ID, now, err)
			}
		}
		delete(m.paused, c.ID)
		if err := m.setWatermark(ctx, c.ID, minute[len(minute)-1].ID); err != nil {
			return err
		}
	}
	return nil
}

// failed pauses the connection's mirror after an Attio failure, doubling the pause each time.
func (m *Mirror) failed(connID int64, now time.Time, err error) error {
	if m.paused == nil {
		m.paused = map[int64]pause{}
	}
	p := m.paused[connID]
	if p.next == 0 {
		p.next = firstPause
	}
	p.until = now.Add(p.next)
	p.next = min(2*p.next, maxPause)
	m.paused[connID] = p
	m.Logger.Warn("audit mirror paused: Attio failed", "connection", connID, "until", p.until.UTC().Format(time.RFC3339), "err", err)
	return err
}

// parent finds the connection's toggl_connections record (once per process).
func (m *Mirror) parent(ctx context.Context, client *attio.Client, c *connection.Connection) (string, error) {
	if m.parents == nil {
		m.parents = map[int64]string{}
	}
	if id, ok := m.parents[c.ID]; ok {
		return id, nil
	}
	recs, err := client.QueryRecords(ctx, ParentObject, attio.Query{Filter: attio.Filter{ParentMatch: strconv.FormatInt(c.TogglWorkspaceID, 10)}, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(recs) == 0 {
		return "", errors.New("no toggl_connections record for this workspace: provision the connection")
	}
	m.parents[c.ID] = recs[0].ID.RecordID
	return recs[0].ID.RecordID, nil
}

func (m *Mirror) watermark(ctx context.Context, connID int64) (int64, error) {
	return m.Store.MirrorWatermark(ctx, connID)
}

func (m *Mirror) setWatermark(ctx context.Context, connID, id int64) error {
	return m.Store.SetMirrorWatermark(ctx, connID, id, m.Now())
}
