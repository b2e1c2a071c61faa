// Package testrig runs the whole service in-process for tests, GoToSocial-style: a real
// SQLite file in t.TempDir(), the real Fiber app on a random loopback port, logs captured.
package testrig

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/config"
)

// Options adjust one rig.
type Options struct {
	Env  map[string]string // extra environment (e.g. ADMIN_PASSWORD)
	Args []string          // extra flags
	App  []app.Option      // e.g. app.WithTransport
	// Listener, when set, is used instead of a fresh random port (a restart on the same
	// address keeps the URL that emulators deliver to).
	Listener net.Listener
	// DataDir, when set, is reused (a restart on the same database).
	DataDir string
}

// Rig is one running service.
type Rig struct {
	URL     string
	DataDir string
	App     *app.App
	Logs    *SyncBuffer

	cancel  context.CancelFunc
	done    chan error
	stopped bool
}

// Stop shuts the service down gracefully (idempotent).
func (r *Rig) Stop(t testing.TB) {
	if r.stopped {
		return
	}
	r.stopped = true
	r.cancel()
	select {
	case err := <-r.done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Error("service did not shut down")
	}
}

// Start runs the service until the test ends.
func Start(t testing.TB, opts Options) *Rig {
	t.Helper()
	dir := opts.DataDir
	if dir == "" {
		dir = t.TempDir()
	}
	ln := opts.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{"DATA_DIR": dir, "LISTEN_ADDR": ln.Addr().String(), "LOG_LEVEL": "debug"}
	for k, v := range opts.Env {
		env[k] = v
	}
	cfg, err := config.Load(opts.Args, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	logs := &SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	appOpts := append([]app.Option{app.WithPasswordCost(1000)}, opts.App...)
	a, err := app.New(ctx, cfg, app.NewLogger(logs, "text", cfg.LogLevel), appOpts...)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	r := &Rig{URL: "http://" + ln.Addr().String(), DataDir: dir, App: a, Logs: logs, cancel: cancel, done: done}
	t.Cleanup(func() { r.Stop(t) })
	return r
}

// Browser is an HTTP client with a cookie jar that does not follow redirects, so tests see
// each 303.
func (r *Rig) Browser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Jar:           jar,
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// CSRF returns the CSRF cookie the browser holds for the rig, fetching a page if needed.
func (r *Rig) CSRF(t testing.TB, c *http.Client) string {
	t.Helper()
	u, _ := url.Parse(r.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "tas_csrf" || ck.Name == "__Host-tas_csrf" {
			return ck.Value
		}
	}
	resp, err := c.Get(r.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "tas_csrf" || ck.Name == "__Host-tas_csrf" {
			return ck.Value
		}
	}
	t.Fatal("no CSRF cookie issued")
	return ""
}

// PostForm posts form values with the browser's CSRF token unless the caller set _csrf.
func (r *Rig) PostForm(t testing.TB, c *http.Client, path string, form url.Values) *http.Response {
	t.Helper()
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", r.CSRF(t, c))
	}
	resp, err := c.Post(r.URL+path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// SyncBuffer is a goroutine-safe log sink.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Serve runs h on a random loopback port until the test ends and returns its base URL.
func Serve(t testing.TB, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}
