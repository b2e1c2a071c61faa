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
