package resync

import (
	"context"
	"io"
	"net/http"
	"time"

	"toggl-attio-sync/internal/toggl"
)

// RunCLI runs the command with an environment, a transport and Toggl client options, for
// tests that point it at the emulators.
func RunCLI(ctx context.Context, args []string, env map[string]string, stdout io.Writer, transport http.RoundTripper, togglOpts func(*toggl.Options), service func(*Service)) error {
	return runCLI(ctx, args, func(k string) string { return env[k] }, stdout,
		cliHooks{transport: transport, toggl: togglOpts, service: service, follow: 100 * time.Millisecond})
}

// RunCLIAfterLook is RunCLI with looked run right after the command looked for a running
// service, so a test can start one in between.
func RunCLIAfterLook(ctx context.Context, args []string, env map[string]string, stdout io.Writer, transport http.RoundTripper, togglOpts func(*toggl.Options), service func(*Service), looked func()) error {
	return runCLI(ctx, args, func(k string) string { return env[k] }, stdout,
		cliHooks{transport: transport, toggl: togglOpts, service: service, follow: 100 * time.Millisecond, looked: looked})
}

// Scheduler is a schedule's memory (when it first looked at each connection) kept by a test.
type Scheduler struct{ sc scheduler }

// ScheduleAt looks for due scheduled runs as the service's loop does, at now.
func (s *Service) ScheduleAt(ctx context.Context, sc *Scheduler, now time.Time) {
	sc.sc.checked = time.Time{}
	s.schedule(ctx, &sc.sc, now)
}
