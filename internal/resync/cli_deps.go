package resync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
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
	clients *cliClients
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
	cl := &cliClients{attioURL: cfg.AttioAPIURL.String(), togglURL: cfg.TogglAPIURL.String(), conns: conns,
		http: &http.Client{Transport: transport, Timeout: 60 * time.Second}, togglOpts: togglOpts}
	h := &inbound.Handler{Store: st, Conns: conns, Attio: cl.attio, Toggl: cl.togglWaiting, Now: time.Now, Logger: logger}
	return &cliDeps{store: st, conns: conns, inbound: h, clients: cl}, nil
}

func (d *cliDeps) close() error { return d.store.Close() }

// cliClients makes one client of each kind per connection. Toggl clients of one token share
// the toggl package's registry (1 request a second); Attio clients share the token's pacer.
type cliClients struct {
	attioURL, togglURL string
	http               *http.Client
	conns              *connection.Service
	togglOpts          func(*toggl.Options) // tests: pacing

	mu    sync.Mutex
	cache map[string]any
}

func (c *cliClients) get(key string, make func() (any, error)) (any, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cache[key]; ok {
		return v, nil
	}
	v, err := make()
	if err != nil {
		return nil, err
	}
	if c.cache == nil {
		c.cache = map[string]any{}
	}
	c.cache[key] = v
	return v, nil
}

func (c *cliClients) attio(_ context.Context, conn *connection.Connection) (*attio.Client, error) {
	_, token, err := c.conns.Tokens(conn)
	if err != nil {
		return nil, err
	}
	v, err := c.get("attio\x00"+token, func() (any, error) {
		return attio.New(attio.Options{BaseURL: c.attioURL, AccessToken: token, HTTPClient: c.http})
	})
	if err != nil {
		return nil, err
	}
	return v.(*attio.Client), nil
}

func (c *cliClients) toggl(conn *connection.Connection, failFast bool) (*toggl.Client, error) {
	token, _, err := c.conns.Tokens(conn)
	if err != nil {
		return nil, err
	}
	if token == "" {
		return nil, errors.New("the connection has no Toggl token")
	}
	v, err := c.get(fmt.Sprintf("toggl\x00%t\x00%s", failFast, token), func() (any, error) {
		o := toggl.Options{BaseURL: c.togglURL, APIToken: token, HTTPClient: c.http}
		if c.togglOpts != nil {
			c.togglOpts(&o)
		}
		o.FailFastOnQuota = failFast
		return toggl.New(o)
	})
	if err != nil {
		return nil, err
	}
	return v.(*toggl.Client), nil
}

// togglFailFast is the run's own client: a quota 402 pauses the run visibly.
func (c *cliClients) togglFailFast(_ context.Context, conn *connection.Connection) (*toggl.Client, error) {
	return c.toggl(conn, true)
}

// togglWaiting serves the rare name lookups inside an entry's apply, which wait for a reset.
func (c *cliClients) togglWaiting(_ context.Context, conn *connection.Connection) (*toggl.Client, error) {
	return c.toggl(conn, false)
}
