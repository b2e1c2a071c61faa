package inbound_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/testrig"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// A Toggl 429 is a wait, not a failure (docs/api/toggl.md §5): the job resumes when the client's
// pause ends and spends no attempt. With two attempts allowed, three 429s in a row while the job
// reads its project still end in the Attio entry, never in a dead letter.
func TestTogglRateLimitSpendsNoAttempt(t *testing.T) {
	o := testrig.WorldOptions{Options: testrig.Options{App: []app.Option{fastRetry,
		// The client gives up on the first 429 so that the queue sees each one; a short
		// back-off keeps the pauses it reports short.
		app.WithTogglOptions(func(o *toggl.Options) {
			o.MaxRetries, o.RetryBaseDelay, o.RetryMaxDelay = -1, 20*time.Millisecond, 100*time.Millisecond
		}),
	}}}
	f := newFixture(t, o)
	f.settings(t, func(s *connection.Settings) { s.MaxAttempts = 2 })
	const project = 20300001
	f.Toggl.InjectFault(togglsim.Fault{Kind: togglsim.FaultStatus, Status: http.StatusTooManyRequests, Method: http.MethodGet,
		PathPrefix: fmt.Sprintf("/api/v9/workspaces/%d/projects/%d", wid, project), Times: 3})
	te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(project, "after three 429s"))
	must(t, err)
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 1 {
		t.Fatalf("%d Attio entries after three Toggl 429s, want 1\n%s", n, f.audit(t))
	}
	var waits, dead int
	f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE status = 'waiting'").Scan(&waits)
	f.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE status = 'dead'").Scan(&dead)
	if waits != 3 || dead != 0 {
		t.Fatalf("%d waits and %d dead letters, want 3 and 0\n%s", waits, dead, f.audit(t))
	}
}
