package app

import (
	"context"
	"log/slog"

	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/resync"
)

// WithResync adjusts the resync service (tests: more workers, a short poll interval).
func WithResync(f func(*resync.Service)) Option { return func(a *App) { a.resyncOpts = f } }

// newResync builds the service that executes resync runs queued from the console or the CLI,
// applying entries through the workers' own inbound handler. Its Toggl client fails fast on
// an exhausted quota, so a run pauses where the console shows it.
func (a *App) newResync(logger *slog.Logger) *resync.Service {
	s := &resync.Service{Store: a.Store, Conns: a.Conns, Inbound: a.Pool.Handlers["toggl"].(*inbound.Handler),
		Toggl: a.clients.TogglFailFast, Logger: logger}
	if a.resyncOpts != nil {
		a.resyncOpts(s)
	}
	return s
}

// runResync runs the resync service until ctx ends; the returned channel closes once its
// runs have stopped at their checkpoints, before the database may close.
func (a *App) runResync(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	go func() { a.Resync.Run(ctx); close(done) }()
	return done
}
