package resync

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// cliDeps is what the command needs from the service's data: the same DATA_DIR and
// environment, the database opened as the service opens it (WAL, one writer, busy_timeout),
// and API clients built as the service builds them.
type cliDeps struct {
	store   *store.Store
	conns   *connection.Service
	inbound *inbound.Handler
	clients *connection.Clients
}

func openDeps(ctx context.Context, cfg config.Config, logger *slog.Logger, transport http.RoundTripper, togglOpts func(*toggl.Options)) (*cliDeps, error) {
	if _, err := os.Stat(cfg.DatabasePath()); err != nil {
		return nil, fmt.Errorf("no database at %s: set DATA_DIR (or -data-dir) to the service's data directory", cfg.DatabasePath())
	}
	key, err := secrets.LoadOrCreateKey(cfg.SecretKey, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	box, err := secrets.New(key)
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DatabasePath())
	if err != nil {
		return nil, err
	}
	conns := connection.NewService(st, box, time.Now)
	// The run's own Toggl client fails fast (a quota 402 pauses the run visibly); the rare name
	// lookups inside an entry's apply wait for a reset.
	cl := connection.NewClients(conns, connection.ClientsConfig{
		AttioURL: cfg.AttioAPIURL.String(), TogglURL: cfg.TogglAPIURL.String(), Transport: transport, TogglOptions: togglOpts,
	})
	h := &inbound.Handler{Store: st, Conns: conns, Attio: cl.Attio, Toggl: cl.Toggl, Now: time.Now, Logger: logger}
	return &cliDeps{store: st, conns: conns, inbound: h, clients: cl}, nil
}

func (d *cliDeps) close() error { return d.store.Close() }
