package auditlog_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/auditlog"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func history(t *testing.T) (*auditlog.History, *store.Store, *connection.Service) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "db.sqlite"))
	must(t, err)
	t.Cleanup(func() { st.Close() })
	box, err := secrets.New(make([]byte, 32))
	must(t, err)
	conns := connection.NewService(st, box, time.Now)
	return &auditlog.History{Store: st, Conns: conns}, st, conns
}

// deadJob stores a delivery and leaves it dead, as the workers do after its last attempt.
func deadJob(t *testing.T, st *store.Store, connID int64, key string) int64 {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	id, _, err := st.Enqueue(ctx, store.NewEvent{ConnectionID: connID, Source: "toggl", DedupeKey: key, EntityKey: "time_entry:" + key,
		Kind: "time_entry.updated", Body: []byte(`{}`), HeadersJSON: `{}`}, now, store.Audit{ConnectionID: connID, Source: "toggl", Entity: "time_entry:" + key, Status: "accepted"})
	must(t, err)
	job, err := st.Lease(ctx, "test", now.Add(time.Hour), time.Minute)
	must(t, err)
	if job == nil || job.ID != id {
		t.Fatalf("leased %+v, want job %d", job, id)
	}
	must(t, st.Finish(ctx, job, store.StatusDead, "gave up", now))
	_, err = st.AddAudit(ctx, store.Audit{ConnectionID: connID, InboxID: id, Source: "toggl", Entity: "time_entry:" + key, Status: "dead", Message: "gave up"}, now)
	must(t, err)
	return id
}

func TestHistoryPagesStayPutAndReplay(t *testing.T) {
	h, st, conns := history(t)
	ctx, now := context.Background(), time.Now()
	l, err := h.List(ctx, auditlog.Filter{}, 0, 0)
	must(t, err)
	if !l.Nothing {
		t.Fatalf("an empty history has something: %+v", l)
	}
	conn, err := conns.Create(ctx, "Acme")
	must(t, err)
	for i := range auditlog.PageSize + 5 {
		_, err := st.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "attio", Entity: "record:x", Status: "ignored", Message: fmt.Sprint("row ", i)}, now)
		must(t, err)
	}
	first, err := h.List(ctx, auditlog.Filter{}, 0, 0)
	must(t, err)
	if first.Nothing || len(first.Rows) != auditlog.PageSize || !first.More || first.Top != first.Rows[0].ID || first.Mirror == nil || first.Mirror.ID != conn.ID || first.Names[conn.ID] != "Acme" {
		t.Fatalf("first page: %d rows, more %v, top %d, mirror %v", len(first.Rows), first.More, first.Top, first.Mirror)
	}
	if _, ok, err := h.Newer(ctx, auditlog.Filter{}, first.Top); ok || err != nil {
		t.Fatalf("nothing newer than the top: %v %v", ok, err)
	}

	// A row arrives: the second page stays where it was under the old top, the live check sees it.
	dead := deadJob(t, st, conn.ID, "7")
	second, err := h.List(ctx, auditlog.Filter{}, 1, first.Top)
	must(t, err)
	if len(second.Rows) != 5 || second.More || second.Rows[0].ID != first.Rows[auditlog.PageSize-1].ID-1 {
		t.Fatalf("second page moved: %d rows, first %d", len(second.Rows), second.Rows[0].ID)
	}
	newer, ok, err := h.Newer(ctx, auditlog.Filter{}, first.Top)
	must(t, err)
	if !ok || newer.Top <= first.Top {
		t.Fatalf("the new rows are not seen: %v top %d", ok, newer.Top)
	}

	deadOnly := auditlog.Filter{Conn: conn.ID, Job: store.StatusDead}
	l, err = h.List(ctx, deadOnly, 0, 0)
	must(t, err)
	if l.DeadMatching != 1 || l.DeadCapped || len(l.Rows) != 2 {
		t.Fatalf("dead letters: %d (capped %v), %d rows", l.DeadMatching, l.DeadCapped, len(l.Rows))
	}
	if l, err := h.List(ctx, auditlog.Filter{Job: store.StatusDone}, 0, 0); err != nil || l.DeadMatching != 0 {
		t.Fatalf("a filter on done jobs matches dead letters: %d %v", l.DeadMatching, err)
	}

	d, err := h.Detail(ctx, l.Rows[0].ID)
	must(t, err)
	if d.Conn == nil || d.Conn.ID != conn.ID || d.Job == nil || d.Job.ID != dead || d.JobGone || len(d.Timeline) != 2 {
		t.Fatalf("detail: conn %v job %v gone %v timeline %d", d.Conn, d.Job, d.JobGone, len(d.Timeline))
	}
	if _, err := h.Detail(ctx, 999999); !errors.Is(err, auditlog.ErrNotFound) {
		t.Fatalf("detail of a missing row: %v", err)
	}

	if _, replayed, err := h.ReplayRow(ctx, first.Rows[0].ID, now); replayed || err != nil {
		t.Fatalf("replaying a row without a delivery: %v %v", replayed, err)
	}
	if _, _, err := h.ReplayRow(ctx, 999999, now); !errors.Is(err, auditlog.ErrNotFound) {
		t.Fatalf("replaying a missing row: %v", err)
	}
	n, err := h.ReplayMatching(ctx, deadOnly, now)
	must(t, err)
	if n != 1 {
		t.Fatalf("replayed %d dead letters, want 1", n)
	}
	if n, err := h.ReplayMatching(ctx, deadOnly, now); n != 0 || err != nil {
		t.Fatalf("replayed again: %d %v", n, err)
	}
	if inbox, replayed, err := h.ReplayRow(ctx, l.Rows[0].ID, now); replayed || inbox != dead || err != nil {
		t.Fatalf("replaying a queued delivery: %d %v %v", inbox, replayed, err)
	}
}
