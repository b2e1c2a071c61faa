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
	h := a.Pool.Handlers["toggl"].(*inbound.Handler)
	s := &resync.Service{Store: a.Store, Conns: a.Conns, Inbound: h, Toggl: a.clients.TogglFailFast, Logger: logger}
	if a.resyncOpts != nil {
		a.resyncOpts(s)
	}
	// The workers hold back a connection's deliveries while the resync command runs it in
	// another process.
	h.ApplyGate = s.ApplyGate
	return s
}

// runResync runs the resync service until ctx ends; the returned channel closes once its
// runs have stopped at their checkpoints, before the database may close.
func (a *App) runResync(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if err := a.Resync.TakeServiceLock(ctx); err != nil {
		a.Logger.Error("resync: service lock", "err", err) // Run tries again
	}
	go func() { a.Resync.Run(ctx); close(done) }()
	return done
}
