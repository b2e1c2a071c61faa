package opsmetrics_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/togglsim"
)

// After real traffic /metrics carries each operator figure with the connection's labels, and
// a dead letter shows in both the queue and the dead-letter gauge.
func TestMetricsPerConnection(t *testing.T) {
	w := testrig.StartWorld(t, testrig.WorldOptions{})
	conn := w.Connect(t)
	wid := togglsim.SeedWorkspaceID
	if _, err := w.Toggl.CreateTimeEntry(togglsim.SeedAdaToken, wid, map[string]any{
		"created_with": "metrics test", "workspace_id": wid, "project_id": 20300003, "description": "metered",
		"start": time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339), "duration": 1800,
	}); err != nil {
		t.Fatal(err)
	}
	labels := regexp.QuoteMeta(`connection="Acme Agency",connection_id="` + strconv.FormatInt(conn.ID, 10) + `"`)
	// The time entry's job is done (it reached Attio), none is left queued.
	waitFor(t, w.URL+"/metrics", []string{
		`tas_queue_jobs\{` + labels + `,status="done"\} [1-9]`,
		`tas_queue_jobs\{` + labels + `,status="queued"\} 0`,
		`tas_queue_jobs\{` + labels + `,status="dead"\} 0`,
		`tas_dead_letters\{` + labels + `\} 0`,
		`tas_queue_oldest_age_seconds\{` + labels + `\} 0`,
		`tas_last_event_age_seconds\{` + labels + `,source="toggl"\} [0-9]`,
		`tas_toggl_quota_exhausted\{` + labels + `\} 0`,
		`tas_attio_rate_limited_total\{` + labels + `\} 0`,
		`tas_ops_scrape_errors\{` + labels + `\} 0`,
	})

	// A dead letter: stored as the workers leave one after their last attempt.
	ctx := context.Background()
	st := w.App.Store
	if _, _, err := st.Enqueue(ctx, store.NewEvent{ConnectionID: conn.ID, Source: "toggl", DedupeKey: "dead-1", EntityKey: "time_entry:1", Kind: "time_entry.updated", Body: []byte(`{}`)},
		time.Now(), store.Audit{ConnectionID: conn.ID, Source: "toggl", Status: "accepted"}); err != nil {
		t.Fatal(err)
	}
	job, err := st.Lease(ctx, "metrics-test", time.Now().Add(time.Hour), time.Minute)
	for err == nil && job != nil && job.DedupeKey.String != "dead-1" {
		job, err = st.Lease(ctx, "metrics-test", time.Now().Add(time.Hour), time.Minute)
	}
	if err != nil || job == nil {
		t.Fatalf("lease the job: %v %v", job, err)
	}
	if err := st.Finish(ctx, job, store.StatusDead, "gave up", time.Now()); err != nil {
		t.Fatal(err)
	}
	waitFor(t, w.URL+"/metrics", []string{`tas_dead_letters\{` + labels + `\} 1`, `tas_queue_jobs\{` + labels + `,status="dead"\} 1`})
}

// waitFor polls url until every pattern matches a line of it.
func waitFor(t *testing.T, url string, patterns []string) {
	t.Helper()
	var want []*regexp.Regexp
	for _, p := range patterns {
		want = append(want, regexp.MustCompile(`(?m)^`+p))
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		missing := ""
		for _, s := range want {
			if !s.MatchString(body) {
				missing = s.String()
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %q:\n%s", missing, grep(body, "tas_"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func grep(body, prefix string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
