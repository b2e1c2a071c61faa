// Package app assembles the service from its parts (config, store, secrets, web) and runs
// it until its context ends, then shuts down in order: stop accepting, finish in-flight
// requests and jobs, close the database.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"toggl-attio-sync/internal/auditmirror"
	"toggl-attio-sync/internal/auth"
	"toggl-attio-sync/internal/backoff"
	"toggl-attio-sync/internal/buildinfo"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/inbound"
	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/internal/outbound"
	"toggl-attio-sync/internal/resync"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
	"toggl-attio-sync/web"
)

// App is one running service.
type App struct {
	Config config.Config
	Logger *slog.Logger
	Store  *store.Store
	Box    *secrets.Box
	Auth   *auth.Service
	Conns  *connection.Service
	// SetupCode guards first-run setup while no admin password exists (nil afterwards or
	// when ADMIN_PASSWORD set one).
	SetupCode *auth.SetupCode
	Web       *fiber.App
	Pool      *worker.Pool
	Mirror    *auditmirror.Mirror
	Resync    *resync.Service // executes resync runs queued from the console and the CLI
	Now       func() time.Time

	transport http.RoundTripper
	togglOpts func(*toggl.Options)
	backoff   backoff.Exponential
	clients   *connection.Clients

	resyncOpts func(*resync.Service) // WithResync
}

// Option adjusts an App for tests.
type Option func(*App)

// WithTransport routes every outbound Toggl and Attio call through rt (tests: a
// contract-checking or fault-injecting transport).
func WithTransport(rt http.RoundTripper) Option { return func(a *App) { a.transport = rt } }

// WithBackoff sets the workers' retry backoff (tests: milliseconds instead of seconds).
func WithBackoff(b backoff.Exponential) Option { return func(a *App) { a.backoff = b } }

// WithTogglOptions adjusts every Toggl client (tests: a scaled rate limit or registry).
func WithTogglOptions(f func(*toggl.Options)) Option { return func(a *App) { a.togglOpts = f } }

// WithPasswordCost sets the PBKDF2 iteration count for new password hashes.
func WithPasswordCost(iterations int) Option { return func(a *App) { a.Auth.Iterations = iterations } }

// New opens everything the service needs. Every failure is one line.
func New(ctx context.Context, cfg config.Config, logger *slog.Logger, opts ...Option) (*App, error) {
	if err := config.PrepareDataDir(cfg.DataDir); err != nil {
		return nil, err
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
	a := &App{Config: cfg, Logger: logger, Store: st, Box: box, Now: time.Now}
	if err := a.checkKey(ctx); err != nil {
		st.Close()
		return nil, err
	}
	a.Auth = &auth.Service{Store: st, Now: a.Now}
	for _, o := range opts {
		o(a)
	}
	if err := a.applyAdminPassword(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if has, err := a.Auth.HasPassword(ctx); err != nil {
		st.Close()
		return nil, err
	} else if !has {
		if a.SetupCode, err = auth.NewSetupCode(cfg.DataDir); err != nil {
			st.Close()
			return nil, fmt.Errorf("first run: cannot write the setup code into DATA_DIR: %v", err)
		}
		logger.Warn("first run: open the console and set the admin password with the setup code stored in " + a.SetupCode.Path() + " (or start with ADMIN_PASSWORD)")
	}
	var reg *prometheus.Registry
	if cfg.Metrics {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}), buildInfoGauge())
	}
	a.Conns = connection.NewService(st, box, a.Now)
	if a.transport == nil {
		a.transport = http.DefaultTransport
	}
	a.clients = connection.NewClients(a.Conns, connection.ClientsConfig{
		AttioURL: cfg.AttioAPIURL.String(), TogglURL: cfg.TogglAPIURL.String(), Transport: a.transport, TogglOptions: a.togglOpts,
	})
	if reg != nil {
		reg.MustRegister(&opsmetrics.Collector{Store: st, Conns: a.Conns, Attio: a.clients.Attio, Toggl: a.clients.Toggl, Now: a.Now})
	}
	a.Mirror = &auditmirror.Mirror{Store: st, Conns: a.Conns, Attio: a.clients.Attio, Now: a.Now, Logger: logger}
	a.Pool = &worker.Pool{
		Store:  st,
		Logger: logger,
		Now:    a.Now,
		Handlers: map[string]worker.Handler{
			"toggl": &inbound.Handler{Store: st, Conns: a.Conns, Attio: a.clients.Attio, Toggl: a.clients.Toggl, Now: a.Now, Logger: logger},
			"attio": &outbound.Handler{Store: st, Conns: a.Conns, Attio: a.clients.Attio, Toggl: a.clients.TogglFailFast, Now: a.Now, Logger: logger},
		},
		MaxAttempts: a.maxAttempts,
		Backoff:     a.backoffOr(backoff.Exponential{Base: cfg.RetryBase, Max: cfg.RetryMax}),
	}
	a.Resync = a.newResync(logger)
	a.Web = web.New(web.Deps{
		Store: st, Auth: a.Auth, SetupCode: a.SetupCode, Connections: a.Conns, Notify: a.Pool.Notify, Throttle: auth.NewThrottle(5, 15*time.Minute), Backoff: auth.NewAccountBackoff(), TrustedProxies: cfg.TrustedProxies, Logger: logger,
		SecureCookies: cfg.SecurePublicURL(), Registry: reg, MetricsToken: cfg.MetricsToken, Now: a.Now,
		PublicURL: cfg.PublicURL.String(),
		Attio:     a.clients.Attio, Toggl: a.clients.TogglFailFast, Clients: a.clients,
	})
	return a, nil
}

const keyCheckSetting = "secret_key_check"

// checkKey proves at start that the key opens what earlier runs sealed, so a changed
// SECRET_KEY is one clear error now instead of failures later.
func (a *App) checkKey(ctx context.Context) error {
	const purpose, marker = "key-check", "toggl-attio-sync"
	sealed, err := a.Store.GetSetting(ctx, keyCheckSetting)
	if errors.Is(err, sql.ErrNoRows) {
		v, err := a.Box.Seal(purpose, marker)
		if err != nil {
			return err
		}
		return a.Store.PutSetting(ctx, store.PutSettingParams{Key: keyCheckSetting, Value: v, UpdatedAt: a.Now().UnixMilli()})
	}
	if err != nil {
		return err
	}
	if got, err := a.Box.Open(purpose, sealed); err != nil || got != marker {
		return errors.New("secrets: the secret key (SECRET_KEY or DATA_DIR/secret.key) is not the one this database's tokens were encrypted with; restore the original key")
	}
	return nil
}

// applyAdminPassword stores ADMIN_PASSWORD when no password exists yet.
func (a *App) applyAdminPassword(ctx context.Context) error {
	if a.Config.AdminPassword == "" {
		return nil
	}
	has, err := a.Auth.HasPassword(ctx)
	if err != nil || has {
		return err
	}
	err = a.Auth.SetInitialPassword(ctx, a.Config.AdminPassword)
	if errors.Is(err, auth.ErrPasswordAlreadySet) {
		return nil
	}
	if err == nil {
		a.Logger.Info("admin password set from ADMIN_PASSWORD")
	}
	return err
}

// Listen opens the configured address, reporting failure in one line.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on LISTEN_ADDR %s: %v", addr, errors.Unwrap(err))
	}
	return ln, nil
}

func (a *App) backoffOr(b backoff.Exponential) backoff.Exponential {
	if a.backoff.Base > 0 {
		return a.backoff
	}
	return b
}

func (a *App) maxAttempts(connID int64) int {
	c, err := a.Conns.Get(context.Background(), connID)
	if err != nil {
		return connection.DefaultMaxAttempts
	}
	return c.Settings.MaxAttempts
}

// Serve runs the web server and the workers until ctx ends, then shuts down gracefully:
// stop accepting, finish in-flight requests and jobs, close the database.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- a.Web.Listener(ln) }()
	workCtx, stopWork := context.WithCancel(context.Background())
	// Everything that writes to the database runs in this group; the database closes only
	// after all of it has stopped.
	var background sync.WaitGroup
	// The service lock is taken before the workers start: their first delivery needs it
	// (resync.Service.ApplyGate).
	resyncDone := a.runResync(workCtx)
	background.Add(3)
	go func() { defer background.Done(); a.Pool.Run(workCtx) }()
	go func() { defer background.Done(); a.maintain(workCtx) }()
	go func() { defer background.Done(); a.Mirror.Run(workCtx, 2*time.Second) }()
	stopBackground := func() {
		stopWork()
		background.Wait()
		<-resyncDone
	}
	a.Logger.Info("listening", "addr", ln.Addr().String(), "public_url", a.Config.PublicURL.String())
	select {
	case err := <-errc:
		stopBackground()
		a.Close()
		return err
	case <-ctx.Done():
	}
	a.Logger.Info("shutting down")
	err := a.Web.ShutdownWithTimeout(10 * time.Second)
	stopBackground()
	return errors.Join(err, a.Close())
}

// maintain prunes the dedupe window, old audit rows and expired sessions every hour.
func (a *App) maintain(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := a.Store.Prune(ctx, a.Now()); err != nil && ctx.Err() == nil {
			a.Logger.Error("prune", "err", err)
		} else if n > 0 {
			a.Logger.Info("pruned finished deliveries past the dedupe window", "rows", n)
		}
		a.Auth.PruneSessions(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Close releases the database.
func (a *App) Close() error { return a.Store.Close() }

// buildInfoGauge is the constant 1 labelled with the running build, so dashboards can show
// (and alerts compare) which version each instance runs.
func buildInfoGauge() prometheus.Collector {
	b := buildinfo.Read()
	g := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "tas_build_info",
		Help:        "The running build: version, commit, commit time and Go version as labels; always 1.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "build_time": b.BuildTime, "goversion": b.GoVersion},
	})
	g.Set(1)
	return g
}
