// Package demo runs the service with both emulators on loopback (`toggl-attio-sync -demo`):
// the seed data of `sim`, a connection made by the console wizard's own connect sequence
// (provision.Connect), and a stream of made-up activity, so a newcomer sees live sync in the
// console within a minute and without any account.
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/config"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/simserver"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// Options adjust a demo; the zero value is what `-demo` runs.
type Options struct {
	TogglAddr, AttioAddr string        // default: the `sim` addresses 127.0.0.1:9081 and :9082
	Every                time.Duration // pause between generated actions; default 5 s
	Listener             net.Listener  // the service's listener; default LISTEN_ADDR
	Rand                 *rand.Rand    // activity choices; default time-seeded
	// TogglOptions adjusts every Toggl client, the service's included (tests: no pacing).
	TogglOptions func(*toggl.Options)
}

// Demo is a running demo.
type Demo struct {
	App        *app.App
	Toggl      *togglsim.Sim
	Attio      *attiosim.Sim
	Connection *connection.Connection
	URL        string

	proxy   *httptest.Server
	servers []*http.Server
	served  chan error // the service's Serve result, once it runs
	stop    context.CancelFunc
	act     *activity
	every   time.Duration
	logger  *slog.Logger
	dataDir string
}

// Run is `-demo`: start, then generate activity until ctx ends.
func Run(ctx context.Context, cfg config.Config, logger *slog.Logger) error {
	d, err := Start(ctx, cfg, logger, Options{})
	if err != nil {
		return err
	}
	return d.Wait(ctx)
}

// Start brings up the emulators and the service, and connects and provisions them. The
// service's data lives in a fresh directory (the emulators forget everything on exit, so old
// mappings would only mislead) that Wait removes.
func Start(ctx context.Context, cfg config.Config, logger *slog.Logger, o Options) (d *Demo, err error) {
	if o.TogglAddr == "" {
		o.TogglAddr = simserver.DefaultTogglAddr
	}
	if o.AttioAddr == "" {
		o.AttioAddr = simserver.DefaultAttioAddr
	}
	if o.Every <= 0 {
		o.Every = 5 * time.Second
	}
	if o.Rand == nil {
		seed := uint64(time.Now().UnixNano())
		o.Rand = rand.New(rand.NewPCG(seed, seed>>3|1))
	}
	d = &Demo{served: make(chan error, 1), every: o.Every, logger: logger}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	ln := o.Listener
	if ln == nil {
		if ln, err = app.Listen(cfg.ListenAddr); err != nil {
			return nil, err
		}
	}
	d.URL = "http://" + ln.Addr().String()
	// Attio delivers webhooks to https only (docs/api/attio.md §5), so Toggl and Attio call the service
	// through a local TLS proxy in front of LISTEN_ADDR, as a reverse proxy would in
	// production. The emulators trust its certificate; PUBLIC_URL is the proxy.
	target, _ := url.Parse(d.URL)
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ErrorLog = slog.NewLogLogger(logger.Handler(), slog.LevelDebug)
	d.proxy = httptest.NewUnstartedServer(rp)
	d.proxy.StartTLS()
	togglURL, attioURL, err := d.startEmulators(o.TogglAddr, o.AttioAddr, d.proxy.Client())
	if err != nil {
		ln.Close()
		return nil, err
	}
	if d.dataDir, err = os.MkdirTemp("", "toggl-attio-sync-demo-"); err != nil {
		ln.Close()
		return nil, err
	}
	cfg.DataDir = d.dataDir
	cfg.PublicURL, _ = url.Parse(d.proxy.URL)
	cfg.TogglAPIURL, _ = url.Parse(togglURL)
	cfg.AttioAPIURL, _ = url.Parse(attioURL)
	var appOpts []app.Option
	if o.TogglOptions != nil {
		appOpts = append(appOpts, app.WithTogglOptions(o.TogglOptions))
	}
	if d.App, err = app.New(ctx, cfg, logger, appOpts...); err != nil {
		ln.Close()
		return nil, err
	}
	appCtx, stop := context.WithCancel(ctx)
	d.stop = stop
	go func() { d.served <- d.App.Serve(appCtx, ln) }()

	if d.Connection, err = d.connect(ctx, togglURL, attioURL, o.TogglOptions); err != nil {
		return nil, fmt.Errorf("demo: connect: %s", provision.Explain(err))
	}
	d.act = newActivity(d.Toggl, d.Attio, o.Rand, logger)
	// The member token is the emulator's fixed demo credential, not a secret: a person trying
	// the demo uses it to edit Projects in the Attio emulator as a workspace member would.
	logger.Info("demo running: open the console; Toggl and Attio emulators seeded, connection provisioned",
		"console", d.URL, "public_url", d.proxy.URL, "toggl_emulator", togglURL, "attio_emulator", attioURL, "connection", d.Connection.Name,
		"attio_member_token", simserver.AttioMemberToken, "toggl_delivery_faults", togglURL+togglsim.DeliveryFaultsPath)
	return d, nil
}

func (d *Demo) startEmulators(togglAddr, attioAddr string, client *http.Client) (string, string, error) {
	tl, err := net.Listen("tcp", togglAddr)
	if err != nil {
		return "", "", fmt.Errorf("demo: Toggl emulator cannot listen on %s: %v", togglAddr, errors.Unwrap(err))
	}
	al, err := net.Listen("tcp", attioAddr)
	if err != nil {
		tl.Close()
		return "", "", fmt.Errorf("demo: Attio emulator cannot listen on %s: %v", attioAddr, errors.Unwrap(err))
	}
	togglURL, attioURL := "http://"+tl.Addr().String(), "http://"+al.Addr().String()
	client.Timeout = 30 * time.Second
	// Limits off: the activity below and the service share Ada's token, and a demo should
	// show sync, not quota waits.
	d.Toggl = togglsim.New(togglsim.Config{HTTPClient: client, BaseURL: togglURL, DisableLimits: true})
	d.Attio = attiosim.New(attiosim.Config{HTTPClient: client})
	togglsim.Seed(d.Toggl, time.Now())
	attiosim.Seed(d.Attio)
	for _, srv := range []struct {
		h  http.Handler
		ln net.Listener
	}{{d.Toggl, tl}, {d.Attio, al}} {
		s := &http.Server{Handler: srv.h, ReadHeaderTimeout: 10 * time.Second}
		d.servers = append(d.servers, s)
		go s.Serve(srv.ln)
	}
	return togglURL, attioURL, nil
}

// connect is the wizard's sequence (provision.Connect) with the seed tokens: check both
// tokens, refuse a workspace pair already connected, store them, provision the Attio schema,
// the Toggl subscription and the Attio webhook, and record the outcome in the audit history.
// The connection is active only when the subscription is live.
func (d *Demo) connect(ctx context.Context, togglURL, attioURL string, adjust func(*toggl.Options)) (*connection.Connection, error) {
	clients := connection.NewClients(d.App.Conns, connection.ClientsConfig{TogglURL: togglURL, AttioURL: attioURL, TogglOptions: adjust})
	res, err := provision.Connect(ctx, provision.ConnectDeps{Conns: d.App.Conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken,
		PublicURL: d.App.Config.PublicURL.String()}, provision.ConnectInput{TogglToken: simserver.TogglToken, AttioToken: simserver.AttioToken,
		TogglWorkspaceID: togglsim.SeedWorkspaceID, CreateProjectsObject: true})
	if err == nil {
		err = res.Err()
	}
	if err != nil {
		return nil, err
	}
	return res.Connection, nil
}

// Wait generates activity until ctx ends, then stops everything.
func (d *Demo) Wait(ctx context.Context) error {
	t := time.NewTicker(d.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return d.close()
		case err := <-d.served:
			d.stop = nil // already returned
			d.close()
			return err
		case <-t.C:
			if what, err := d.act.step(); err != nil {
				d.logger.Warn("demo activity", "err", err)
			} else {
				d.logger.Info("demo activity", "did", what)
			}
		}
	}
}

// close stops the emulators (no more deliveries), then the service (waiting for it), then
// the proxy, and removes the data.
func (d *Demo) close() error {
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, s := range d.servers {
		s.Shutdown(sctx)
	}
	if d.Toggl != nil {
		d.Toggl.Close()
	}
	if d.Attio != nil {
		d.Attio.Close()
	}
	var err error
	if d.stop != nil {
		d.stop()
		err = <-d.served
	}
	if d.proxy != nil {
		d.proxy.Close()
	}
	if d.dataDir != "" {
		os.RemoveAll(d.dataDir)
	}
	return err
}
