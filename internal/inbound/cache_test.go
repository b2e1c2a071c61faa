package inbound

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

func openCacheTest(t *testing.T) (*store.Store, *Handler, *connection.Connection) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	box, _ := secrets.New(make([]byte, 32))
	conns := connection.NewService(st, box, time.Now)
	conn, err := conns.Create(ctx, "c")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, &Handler{Store: st, Conns: conns}, conn
}

var routeP1 = store.AttioRoute{Kind: store.RouteProject, Key: "p1"}

// A read that was in flight when the cache was cleared (fetched before the clear, stored
// after it) is not served: the clear wins. Both ways of clearing: all routes, one route.
func TestCacheClearBeatsInFlightRead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		clear func(ctx context.Context, st *store.Store, connID int64, at time.Time) error
	}{
		{"all routes", InvalidateAllRoutes},
		{"the Project's route", func(ctx context.Context, st *store.Store, connID int64, at time.Time) error {
			return InvalidateRoutes(ctx, st, connID, RecordChange{Object: ProjectsObject, RecordID: "p1"}, at)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { clearBeatsInFlightRead(t, tc.clear) })
	}
}

func clearBeatsInFlightRead(t *testing.T, clear func(context.Context, *store.Store, int64, time.Time) error) {
	ctx := context.Background()
	st, h, conn := openCacheTest(t)
	t0 := time.Now().Add(-time.Minute)
	inFlight := &apply{h: h, conn: conn, now: t0} // started reading Attio at t0
	if err := clear(ctx, st, conn.ID, t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := inFlight.remember(ctx, routeP1, projectInfo{RecordID: "p1", Status: "old"}); err != nil {
		t.Fatal(err)
	}
	var p projectInfo
	later := &apply{h: h, conn: conn, now: t0.Add(2 * time.Second)}
	if later.cached(ctx, routeP1, &p) {
		t.Fatalf("served %+v, read before the clear", p)
	}
	fresh := &apply{h: h, conn: conn, now: t0.Add(3 * time.Second)}
	if err := fresh.remember(ctx, routeP1, projectInfo{RecordID: "p1", Status: "new"}); err != nil {
		t.Fatal(err)
	}
	reader := &apply{h: h, conn: conn, now: t0.Add(4 * time.Second)}
	if !reader.cached(ctx, routeP1, &p) || p.Status != "new" {
		t.Fatalf("a read after the clear is not served: %+v", p)
	}
}

// A change invalidates the routes it can affect and no others.
func TestInvalidateRoutesTargetsTheChange(t *testing.T) {
	routeP2 := store.AttioRoute{Kind: store.RouteProject, Key: "p2"}
	listC1 := store.AttioRoute{Kind: store.RouteCompanyProjects, Key: "c1"} // holds p1
	listC2 := store.AttioRoute{Kind: store.RouteCompanyProjects, Key: "c2"} // holds p2
	noProject := store.AttioRoute{Kind: store.RouteProjectByToggl, Key: "77"}
	clientK1 := store.AttioRoute{Kind: store.RouteClientByToggl, Key: "5"} // record k1
	clientK2 := store.AttioRoute{Kind: store.RouteClientByToggl, Key: "6"} // record k2
	noClient := store.AttioRoute{Kind: store.RouteClientByToggl, Key: "7"} // no record
	all := []store.AttioRoute{routeP1, routeP2, listC1, listC2, noProject, clientK1, clientK2, noClient}
	for _, tc := range []struct {
		name   string
		change RecordChange
		stale  []store.AttioRoute
	}{
		{"a person edits Project p1", RecordChange{Object: ProjectsObject, RecordID: "p1"},
			[]store.AttioRoute{routeP1, listC1, listC2, noProject}},
		{"this service writes Project p1", RecordChange{Object: ProjectsObject, RecordID: "p1", Ours: true},
			[]store.AttioRoute{routeP1, listC1}},
		{"a toggl_clients record k1 changes", RecordChange{Object: ClientsObject, RecordID: "k1"},
			[]store.AttioRoute{clientK1, noClient}},
		{"a Company changes", RecordChange{Object: OtherObject, RecordID: "c1"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st, h, conn := openCacheTest(t)
			t0 := time.Now().Add(-time.Minute)
			filler := &apply{h: h, conn: conn, now: t0}
			values := map[store.AttioRoute]any{
				routeP1: projectInfo{RecordID: "p1"}, routeP2: projectInfo{RecordID: "p2"},
				listC1: []projectInfo{{RecordID: "p1"}}, listC2: []projectInfo{{RecordID: "p2"}},
				noProject: true, clientK1: clientRecord{RecordID: "k1"}, clientK2: clientRecord{RecordID: "k2"},
				noClient: clientRecord{},
			}
			for _, r := range all {
				if err := filler.remember(ctx, r, values[r]); err != nil {
					t.Fatal(err)
				}
			}
			if err := InvalidateRoutes(ctx, st, conn.ID, tc.change, t0.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			reader := &apply{h: h, conn: conn, now: t0.Add(2 * time.Second)}
			for _, r := range all {
				var v any
				want := !slices.Contains(tc.stale, r)
				if got := reader.cached(ctx, r, &v); got != want {
					t.Errorf("%s:%s served=%v, want %v", r.Kind, r.Key, got, want)
				}
			}
		})
	}
}
