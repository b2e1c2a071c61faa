package resync_test

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/toggl"
)

// The command on the service's DATA_DIR while the service runs: -plan shows the estimate
// with Toggl's quota; a run is handed to the running service and followed to its summary;
// -here is refused while the service runs; a second run finds nothing to write.
func TestCommandWhileServiceRuns(t *testing.T) {
	w := startWorld(t, options{})
	now := time.Now()
	want := w.seedEntries(120, 30, 10, now)
	win := window(30, 10, now)
	env := map[string]string{"DATA_DIR": w.DataDir, "TOGGL_API_URL": w.TogglURL, "ATTIO_API_URL": w.AttioURL}
	reg := toggl.NewRegistry(5*time.Millisecond, 1)
	run := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		args = append(args, "-from", win.Start.Format(time.DateOnly), "-to", win.End.Format(time.DateOnly))
		err := resync.RunCLI(context.Background(), args, env, &out, contract.Transport(t, http.DefaultTransport),
			func(o *toggl.Options) { o.Registry = reg },
			func(s *resync.Service) {
				s.Backoff = backoff.Exponential{Base: 10 * time.Millisecond, Max: 100 * time.Millisecond}
			})
		if err != nil {
			t.Fatalf("resync %v: %v\n%s", args, err, out.String())
		}
		t.Logf("resync %v:\n%s", args, out.String())
		return out.String()
	}

	out := run("-plan")
	if !strings.Contains(out, "Toggl requests: 5 workspace") || !strings.Contains(out, "of 600 left") {
		t.Errorf("estimate: %s", out)
	}

	out = run()
	if !strings.Contains(out, "The running service executes run") || !strings.Contains(out, "120 created") {
		t.Fatalf("handed to the service: %s", out)
	}
	w.checkExactly(t, want)

	// -here would apply entries beside the service's own workers: refused while it runs.
	var refused bytes.Buffer
	err := resync.RunCLI(context.Background(), []string{"-here", "-from", win.Start.Format(time.DateOnly), "-to", win.End.Format(time.DateOnly)},
		env, &refused, contract.Transport(t, http.DefaultTransport), func(o *toggl.Options) { o.Registry = reg }, nil)
	if err == nil || !strings.Contains(err.Error(), "without -here") {
		t.Fatalf("-here while the service runs: %v\n%s", err, refused.String())
	}

	writes := w.Attio.Stats().Writes
	out = run()
	if !strings.Contains(out, "120 unchanged") {
		t.Fatalf("second run: %s", out)
	}
	if n := w.Attio.Stats().Writes - writes; n != 0 {
		t.Errorf("second run wrote %d times", n)
	}
}
