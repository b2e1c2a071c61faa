package auditmirror_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
)

func TestWanted(t *testing.T) {
	cases := []struct {
		setting, status string
		want            bool
	}{
		{connection.MirrorOff, "dead", false},
		{connection.MirrorProblems, "dead", true},
		{connection.MirrorProblems, "rejected", false},
		{connection.MirrorAll, "rejected", false},
		{connection.MirrorProblems, "written", false},
		{connection.MirrorProblems, "accepted", false},
		{connection.MirrorAll, "accepted", true},
	}
	for _, c := range cases {
		if got := auditmirror.Wanted(c.setting, c.status); got != c.want {
			t.Errorf("Wanted(%s, %s) = %v", c.setting, c.status, got)
		}
	}
}

// Problems go to Attio's toggl_webhook_audit list under the workspace's record; accepted
// deliveries do not, until the setting says all; rejected requests never do. Nothing secret
// is copied.
func TestMirrorFollowsTheSetting(t *testing.T) {
	w := testrig.StartWorld(t, testrig.WorldOptions{})
	conn := w.Connect(t)
	ctx := context.Background()
	problem := func(status, msg string) {
		if _, err := w.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Entity: "time_entry:9", Status: status, Message: msg}, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	later := func() time.Time { return time.Now().Add(2 * time.Minute) } // the minute has ended
	for range 20 {
		postToggl(t, w, conn.Slug, "sha256="+strings.Repeat("0", 64)) // rejected: wrong signature
		postToggl(t, w, conn.Slug, "")                                // rejected: no signature
	}
	problem("dead", "gave up after 12 attempts: attio 400")
	if err := w.App.Mirror.PassAt(ctx, later()); err != nil {
		t.Fatal(err)
	}
	entries := w.Attio.Entries("toggl_webhook_audit")
	if len(entries) != 1 || value(entries[0], "status") != "dead" {
		t.Fatalf("mirrored %d entries %v, want the one dead letter and none of the 40 rejected requests", len(entries), entries)
	}
	before := len(entries)
	s := conn.Settings
	s.AuditMirror = connection.MirrorOff
	if err := w.App.Conns.SaveSettings(ctx, conn, s); err != nil {
		t.Fatal(err)
	}
	problem("dead", "while off")
	w.App.Mirror.PassAt(ctx, later())
	if n := len(w.Attio.Entries("toggl_webhook_audit")); n != before {
		t.Fatalf("mirrored %d rows while off", n-before)
	}
	s.AuditMirror = connection.MirrorAll
	w.App.Conns.SaveSettings(ctx, conn, s)
	problem("written", "entry written")
	w.App.Mirror.PassAt(ctx, later())
	if n := len(w.Attio.Entries("toggl_webhook_audit")); n != before+1 {
		t.Fatalf("after turning it on: %d new rows, want 1 (rows from while it was off stay local)", n-before)
	}
	for _, e := range w.Attio.Entries("toggl_webhook_audit") {
		for slug := range e.Values {
			if strings.Contains(slug, "header") || strings.Contains(slug, "body") {
				t.Fatalf("unexpected attribute %s mirrored", slug)
			}
		}
	}

	// The console reads what is in the list, newest first.
	got := auditmirror.Newest(ctx, w.App.Mirror.Attio, conn, 20)
	if got.Problem != "" || len(got.Entries) != before+1 || got.List != "toggl_webhook_audit" {
		t.Fatalf("newest entries: %+v", got)
	}
	if e := got.Entries[0]; e.Status != "written" || e.Source != "toggl" || e.Entity != "time_entry:9" || e.OccurredAt.IsZero() ||
		!strings.Contains(e.Message, "entry written") || got.Entries[1].Status != "dead" {
		t.Fatalf("newest entries in order: %+v", got.Entries)
	}
	if got := auditmirror.Newest(ctx, w.App.Mirror.Attio, conn, 1); len(got.Entries) != 1 {
		t.Fatalf("%d entries for a limit of 1", len(got.Entries))
	}
	unprovisioned := *conn
	unprovisioned.Settings.Schema.AuditList = "no_such_list"
	if got := auditmirror.Newest(ctx, w.App.Mirror.Attio, &unprovisioned, 20); !strings.Contains(got.Problem, "Attio has no no_such_list list yet") {
		t.Fatalf("missing list: %+v", got)
	}
	if got := auditmirror.Newest(ctx, nil, conn, 20); got.Problem != "Attio could not be read: this console was started without Attio access" {
		t.Fatalf("without Attio: %+v", got)
	}
}

func TestExplainAndCopied(t *testing.T) {
	conn := &connection.Connection{Settings: connection.Settings{AuditMirror: connection.MirrorProblems, Schema: connection.DefaultSchema}}
	for _, c := range []struct {
		conn   *connection.Connection
		status string
		want   string
	}{
		{nil, "dead", "No: the delivery named no known connection."},
		{conn, "rejected", "No: refused requests are never copied"},
		{conn, "dead", `Yes: the setting is "problems", so dead rows are copied to Attio's toggl_webhook_audit list`},
		{conn, "written", `No: the setting is "problems", which does not copy written rows.`},
	} {
		if got := auditmirror.Explain(c.conn, c.status); !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want %q…", c.status, got, c.want)
		}
	}
	all := []string{"accepted", "rejected", "written", "failed", "dead", "unroutable", "retrying", "waiting"}
	if got := strings.Join(auditmirror.Copied(connection.MirrorProblems, all), ","); got != "failed,dead,unroutable,retrying,waiting" {
		t.Errorf("problems copy %s", got)
	}
	if got := auditmirror.Copied(connection.MirrorOff, all); got != nil {
		t.Errorf("off copies %v", got)
	}
	if got := strings.Join(auditmirror.Copied(connection.MirrorAll, all), ","); strings.Contains(got, "rejected") || !strings.Contains(got, "accepted") {
		t.Errorf("all copies %s", got)
	}
}

// Many rows of one cause in one minute are one entry with their count; while Attio fails
// the mirror pauses (no write attempt until the pause ends) and then catches up.
func TestMirrorCoalescesAndPausesWhileAttioFails(t *testing.T) {
	w := testrig.StartWorld(t, testrig.WorldOptions{})
	conn := w.Connect(t)
	ctx := context.Background()
	// An hour ahead: the service's own mirror loop (real time) sees this minute as unfinished
	// and leaves it to the passes this test makes.
	minute := time.Now().Add(time.Hour).Truncate(time.Minute)
	for i := range 30 {
		if _, err := w.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Entity: "time_entry:" + strconv.Itoa(i),
			Status: "retrying", Message: "attempt " + strconv.Itoa(i%5+1) + " failed, retrying in 2s: attio 503"}, minute.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Status: "unroutable", Message: "no Project for client 7"}, minute.Add(2*time.Second)); err != nil {
		t.Fatal(err)
	}
	// Attio fails every write: one attempt, then a pause.
	w.Attio.SetFaults([]attiosim.Fault{{Kind: attiosim.FaultStatus, Method: "POST", PathPrefix: "/v2/lists/"}})
	now := minute.Add(2 * time.Minute)
	attempts := func() int64 { return w.Attio.Stats().Faults[attiosim.FaultStatus] }
	before := attempts()
	if err := w.App.Mirror.PassAt(ctx, now); err == nil {
		t.Fatal("a pass against a failing Attio reported no error")
	}
	if err := w.App.Mirror.PassAt(ctx, now.Add(10*time.Second)); err != nil {
		t.Fatalf("a pass during the pause tried Attio: %v", err)
	}
	if n := attempts() - before; n != 1 {
		t.Fatalf("%d write attempts while Attio failed, want 1 before the pause", n)
	}
	w.Attio.SetFaults(nil)
	if err := w.App.Mirror.PassAt(ctx, now.Add(31*time.Second)); err != nil {
		t.Fatal(err)
	}
	entries := w.Attio.Entries("toggl_webhook_audit")
	if len(entries) != 2 {
		t.Fatalf("%d entries for 31 rows of two causes, want 2: %v", len(entries), entries)
	}
	if msg := value(entries[0], "message"); !strings.Contains(msg, "(30 like it in this minute)") {
		t.Fatalf("coalesced entry says %q", msg)
	}
}

func postToggl(t *testing.T, w *testrig.World, slug, sig string) {
	t.Helper()
	req, _ := http.NewRequest("POST", w.URL+"/webhooks/toggl/"+slug, strings.NewReader(`{"event_id":1}`))
	if sig != "" {
		req.Header.Set(signature.TogglHeader, sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// value is an entry attribute's active value as text.
func value(e attiosim.Entry, slug string) string {
	for _, v := range e.Values[slug] {
		if v["active_until"] == nil {
			if s, ok := v["value"].(string); ok {
				return s
			}
		}
	}
	return ""
}
