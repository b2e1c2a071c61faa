// Package auditmirror copies audit rows into Attio's toggl_webhook_audit list, as each
// connection's audit setting says: off, problems only, or all. It runs beside the workers,
// behind a per-connection watermark, so a slow or failing Attio never delays the sync itself.
// Only status, source, entity, message and time are copied: never headers, bodies or secrets.
package auditmirror

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"toggl-attio-sync/db"
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
var problemStatuses = map[string]bool{"rejected": true, "failed": true, "dead": true, "unroutable": true, "retrying": true, "waiting": true}

// Wanted reports whether an audit row of status goes to Attio under setting.
func Wanted(setting, status string) bool {
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
}

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
func (m *Mirror) Pass(ctx context.Context) error {
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
		if err := m.connection(ctx, c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func watermarkKey(id int64) string { return "audit_mirror_watermark:" + strconv.FormatInt(id, 10) }

func (m *Mirror) connection(ctx context.Context, c *connection.Connection) error {
	setting := c.Settings.AuditMirror
	mark, err := m.watermark(ctx, c.ID)
	if err != nil {
		return err
	}
	if setting == connection.MirrorOff {
		// Nothing goes out while off; turning it on later mirrors from then on.
		top, err := m.Store.RQ.MaxAuditID(ctx, sql.NullInt64{Int64: c.ID, Valid: true})
		if err != nil || top == mark {
			return err
		}
		return m.setWatermark(ctx, c.ID, top)
	}
	batch := m.Batch
	if batch <= 0 {
		batch = 50
	}
	rows, err := m.Store.RQ.ListAuditAfter(ctx, db.ListAuditAfterParams{ConnectionID: sql.NullInt64{Int64: c.ID, Valid: true}, ID: mark, Limit: int64(batch)})
	if err != nil || len(rows) == 0 {
		return err
	}
	var client *attio.Client
	var parent string
	for _, r := range rows {
		if Wanted(setting, r.Status) {
			if client == nil {
				if client, err = m.Attio(ctx, c); err != nil {
					return err
				}
				if parent, err = m.parent(ctx, client, c); err != nil {
					return err
				}
			}
			_, err := client.CreateEntry(ctx, c.Settings.Schema.AuditList, attio.EntryInput{
				ParentRecordID: parent, ParentObject: ParentObject,
				EntryValues: attio.Values{}.
					Set("audit_id", attio.Number(float64(r.ID))).
					Set("occurred_at", attio.Timestamp(time.UnixMilli(r.CreatedAt))).
					Set("source", attio.Text(r.Source)).
					Set("entity", attio.Text(r.Entity)).
					Set("status", attio.Text(r.Status)).
					Set("message", attio.Text(r.Message)),
			})
			if err != nil {
				return err
			}
		}
		if err := m.setWatermark(ctx, c.ID, r.ID); err != nil {
			return err
		}
	}
	return nil
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
	v, err := m.Store.RQ.GetSetting(ctx, watermarkKey(connID))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

func (m *Mirror) setWatermark(ctx context.Context, connID, id int64) error {
	return m.Store.Q.PutSetting(ctx, db.PutSettingParams{Key: watermarkKey(connID), Value: strconv.FormatInt(id, 10), UpdatedAt: m.Now().UnixMilli()})
}
