package auditmirror_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/testrig"
)

func TestWanted(t *testing.T) {
	cases := []struct {
		setting, status string
		want            bool
	}{
		{connection.MirrorOff, "dead", false},
		{connection.MirrorProblems, "dead", true},
		{connection.MirrorProblems, "rejected", true},
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
// deliveries do not, until the setting says all. Nothing secret is copied.
func TestMirrorFollowsTheSetting(t *testing.T) {
	w := testrig.StartWorld(t, testrig.WorldOptions{})
	conn := w.Connect(t)
	ctx := context.Background()
	post := func(sig string) {
		req, _ := http.NewRequest("POST", w.URL+"/webhooks/toggl/"+conn.Slug, strings.NewReader(`{"event_id":1}`))
		if sig != "" {
			req.Header.Set(signature.TogglHeader, sig)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	post("sha256=" + strings.Repeat("0", 64)) // rejected: wrong signature
	if err := w.App.Mirror.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	entries := w.Attio.Entries("toggl_webhook_audit")
	if len(entries) == 0 {
		t.Fatal("rejected delivery not mirrored under the default 'problems' setting")
	}
	for _, e := range entries {
		for _, v := range e.Values["status"] {
			if v["active_until"] == nil && v["value"] != "rejected" {
				t.Fatalf("a non-problem row was mirrored: %v", v["value"])
			}
		}
	}
	before := len(entries)
	s := conn.Settings
	s.AuditMirror = connection.MirrorOff
	if err := w.App.Conns.SaveSettings(ctx, conn, s); err != nil {
		t.Fatal(err)
	}
	post("")
	w.App.Mirror.Pass(ctx)
	if n := len(w.Attio.Entries("toggl_webhook_audit")); n != before {
		t.Fatalf("mirrored %d rows while off", n-before)
	}
	s.AuditMirror = connection.MirrorAll
	w.App.Conns.SaveSettings(ctx, conn, s)
	post("sha256=" + strings.Repeat("1", 64))
	w.App.Mirror.Pass(ctx)
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
}
