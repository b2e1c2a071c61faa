package chaos

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/provision"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

// setUp starts the emulators and the service, connects Toggl to Attio through it and turns
// Attio's faults on.
func (r *run) setUp() error {
	togglURL, attioURL, err := r.startEmulators()
	if err != nil {
		return err
	}
	r.dataDir = filepath.Join(r.opts.WorkDir, "data")
	if err := os.MkdirAll(r.dataDir, 0o700); err != nil {
		return err
	}
	key := strings.Repeat("c4", 32)
	publicURL, err := r.startService(key, togglURL, attioURL)
	if err != nil {
		return err
	}
	if r.sub, err = connect(r.ctx, r.dataDir, key, publicURL, togglURL, attioURL); err != nil {
		return err
	}
	r.as.SetFaults([]attiosim.Fault{
		{Kind: attiosim.FaultStatus, Status: 503, PathPrefix: "/v2/lists", Rate: 0.3},
		{Kind: attiosim.FaultRateLimit, PathPrefix: "/v2/lists", Rate: 0.1},
		{Kind: attiosim.FaultLatency, Latency: 5 * time.Millisecond, PathPrefix: "/v2/", Rate: 0.5},
	})
	r.url = publicURL + "/webhooks/toggl/" + r.sub.slug
	return nil
}

// startEmulators serves both emulators in this process; Attio misbehaves (once setUp has
// connected) on the list it is written through.
func (r *run) startEmulators() (togglURL, attioURL string, err error) {
	loop := &http.Client{Timeout: 30 * time.Second}
	ts := togglsim.New(togglsim.Config{HTTPClient: loop, DisableLimits: true})
	r.as = attiosim.New(attiosim.Config{HTTPClient: loop, Limits: attiosim.Limits{WritesPerSecond: 1000, ReadsPerSecond: 1000}})
	r.onClose(ts.Close)
	r.onClose(r.as.Close)
	togglsim.Seed(ts, time.Now())
	attiosim.Seed(r.as)
	togglURL, stopT, err := serve(ts)
	if err != nil {
		return "", "", err
	}
	r.onClose(stopT)
	attioURL, stopA, err := serve(r.as)
	if err != nil {
		return "", "", err
	}
	r.onClose(stopA)
	return togglURL, attioURL, nil
}

// startService starts the service as a child process on a free loopback port and returns its
// public URL.
func (r *run) startService(key, togglURL, attioURL string) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	ln.Close()
	publicURL := "http://" + addr
	env := []string{"DATA_DIR=" + r.dataDir, "LISTEN_ADDR=" + addr, "PUBLIC_URL=" + publicURL, "SECRET_KEY=" + key, "LOG_LEVEL=warn",
		"RETRY_BASE_DELAY=50ms", "RETRY_MAX_DELAY=1s",
		"TOGGL_API_URL=" + togglURL, "ATTIO_API_URL=" + attioURL}
	r.svc = &service{opts: r.opts, env: env, addr: addr}
	if err := r.svc.start(r.ctx); err != nil {
		return "", err
	}
	r.onClose(r.svc.kill)
	return publicURL, nil
}

// subscription is what the driver needs to deliver as Toggl does: the connection's URL slug
// and its Toggl subscription, whose secret signs every delivery.
type subscription struct {
	slug, secret string
	id           int64
}

// connect runs the console's connect sequence (provision.Connect) on the running service's
// database, so Toggl validates the new subscription through the service's own endpoint. The
// Attio webhook is left out (PUBLIC_URL is http): the suite drives Toggl → Attio only.
func connect(ctx context.Context, dataDir, key, publicURL, togglURL, attioURL string) (subscription, error) {
	var sub subscription
	st, err := store.Open(ctx, filepath.Join(dataDir, "toggl-attio-sync.db"))
	if err != nil {
		return sub, err
	}
	defer st.Close()
	k, _ := secrets.ParseKey(key)
	box, _ := secrets.New(k)
	conns := connection.NewService(st, box, time.Now)
	clients := connection.NewClients(conns, connection.ClientsConfig{TogglURL: togglURL, AttioURL: attioURL,
		TogglOptions: func(o *toggl.Options) { o.Registry = toggl.NewRegistry(0, 1) }})
	res, err := provision.Connect(ctx, provision.ConnectDeps{Conns: conns, Toggl: clients.TogglForToken, Attio: clients.AttioForToken, PublicURL: publicURL},
		provision.ConnectInput{Name: "chaos", TogglToken: togglsim.SeedAdaToken, AttioToken: attiosim.SeedToken, TogglWorkspaceID: togglsim.SeedWorkspaceID})
	if err == nil {
		err = res.InboundErr()
	}
	if err != nil {
		return sub, fmt.Errorf("connect: %s", provision.Explain(err))
	}
	stored, err := conns.TogglSubscriptions(ctx, res.Connection.ID)
	if err != nil {
		return sub, err
	}
	for _, s := range stored {
		if s.ID > 0 {
			sub = subscription{slug: res.Connection.Slug, secret: s.Secret, id: s.ID}
		}
	}
	if sub.secret == "" {
		return sub, fmt.Errorf("connect: no Toggl subscription stored")
	}
	return sub, nil
}

func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Close() }, nil
}

// service is the child process under test.
type service struct {
	opts Options
	env  []string
	addr string
	cmd  *exec.Cmd
}

func (s *service) start(ctx context.Context) error {
	var cmd *exec.Cmd
	if s.opts.Service != nil {
		cmd = s.opts.Service()
	} else {
		exe, err := os.Executable()
		if err != nil {
			return err
		}
		cmd = exec.Command(exe)
	}
	cmd.Env = append(append(os.Environ(), cmd.Env...), s.env...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return err
	}
	s.cmd = cmd
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + s.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return fmt.Errorf("service not ready after restart")
}

func (s *service) kill() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGKILL)
	s.cmd.Wait()
	s.cmd = nil
}
