package inbound

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

// A read that was in flight when the cache was cleared (fetched before the clear, stored
// after it) is not served: the clear wins.
func TestCacheClearBeatsInFlightRead(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	box, _ := secrets.New(make([]byte, 32))
	conns := connection.NewService(st, box, time.Now)
	conn, err := conns.Create(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	h := &Handler{Store: st, Conns: conns}
	t0 := time.Now().Add(-time.Minute)
	inFlight := &apply{h: h, conn: conn, now: t0} // started reading Attio at t0
	if err := st.ClearAttioCache(ctx, conn.ID, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := inFlight.remember(ctx, "project:p1", projectInfo{RecordID: "p1", Status: "old"}); err != nil {
		t.Fatal(err)
	}
	var p projectInfo
	later := &apply{h: h, conn: conn, now: t0.Add(2 * time.Second)}
	if later.cached(ctx, "project:p1", &p) {
		t.Fatalf("served %+v, read before the clear", p)
	}
	fresh := &apply{h: h, conn: conn, now: t0.Add(3 * time.Second)}
	if err := fresh.remember(ctx, "project:p1", projectInfo{RecordID: "p1", Status: "new"}); err != nil {
		t.Fatal(err)
	}
	reader := &apply{h: h, conn: conn, now: t0.Add(4 * time.Second)}
	if !reader.cached(ctx, "project:p1", &p) || p.Status != "new" {
		t.Fatalf("a read after the clear is not served: %+v", p)
	}
}
