package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/testrig"
)

// pollReadyz polls /readyz until it answers want, returning the body.
func pollReadyz(t *testing.T, url string, want int) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == want {
			return string(body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz never answered %d: last %d %s", want, resp.StatusCode, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// An orchestrator stops routing to a service whose database cannot take writes, and routes
// again once it can, without a restart.
func TestReadyzIs503WhileTheDatabaseCannotTakeWrites(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	pollReadyz(t, rig.URL, 200)
	ctx := context.Background()
	// query_only on the single writer connection answers every write as a read-only file would.
	if _, err := rig.App.Store.ExecRaw(ctx, "PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	body := pollReadyz(t, rig.URL, 503)
	if !strings.Contains(body, "cannot take writes") || !strings.Contains(body, "readonly") {
		t.Fatalf("503 body = %q", body)
	}
	if _, err := rig.App.Store.ExecRaw(ctx, "PRAGMA query_only = 0"); err != nil {
		t.Fatal(err)
	}
	if body := pollReadyz(t, rig.URL, 200); body != "ready" {
		t.Fatalf("recovered body = %q", body)
	}
}
