package testrig

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/app"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/togglsim"
)

// WorldOptions adjust a World.
type WorldOptions struct {
	Options
	Toggl togglsim.Config // HTTPClient defaults to a loopback client
	Attio attiosim.Config
	// NoSeed leaves both emulators empty (the shared demo seed otherwise).
	NoSeed bool
	// HTTPS puts the service behind a TLS-terminating reverse proxy, as in production, and
	// sets PUBLIC_URL to it: Attio only delivers webhooks to https targets. The emulators
	// trust the proxy's certificate. Cookies become Secure, so use the proxy URL (w.PublicURL)
	// for cookie-based clients.
	HTTPS bool
}

// World is the service plus both emulators on loopback, every call between the service and
// the emulators validated against the official specs (contract.Transport).
type World struct {
	*Rig
	Toggl     *togglsim.Sim
	TogglURL  string
	Attio     *attiosim.Sim
	AttioURL  string
	TogglSeed togglsim.SeedInfo
	AttioSeed attiosim.SeedInfo
	// PublicURL is what Toggl and Attio call: the proxy with HTTPS, else the service itself.
	PublicURL string

	opts Options
}

// StartWorld starts both emulators and the service pointed at them.
func StartWorld(t testing.TB, o WorldOptions) *World {
	t.Helper()
	loopback := &http.Client{Timeout: 30 * time.Second}
	var proxyURL string
	if o.HTTPS {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		target, _ := url.Parse("http://" + ln.Addr().String())
		proxy := httptest.NewUnstartedServer(httputil.NewSingleHostReverseProxy(target))
		proxy.StartTLS()
		t.Cleanup(proxy.Close)
		o.Listener, proxyURL = ln, proxy.URL
		loopback = proxy.Client()
		loopback.Timeout = 30 * time.Second
	}
	if o.Toggl.HTTPClient == nil {
		o.Toggl.HTTPClient = loopback
	}
	if o.Attio.HTTPClient == nil {
		o.Attio.HTTPClient = loopback
	}
	w := &World{Toggl: togglsim.New(o.Toggl), Attio: attiosim.New(o.Attio)}
	ts := httptest.NewServer(w.Toggl)
	as := httptest.NewServer(w.Attio)
	t.Cleanup(func() {
		ts.Close()
		as.Close()
		w.Toggl.Close()
		w.Attio.Close()
	})
	w.TogglURL, w.AttioURL = ts.URL, as.URL
	if !o.NoSeed {
		w.TogglSeed = togglsim.Seed(w.Toggl, time.Now())
		w.AttioSeed = attiosim.Seed(w.Attio)
	}
	env := map[string]string{"TOGGL_API_URL": ts.URL, "ATTIO_API_URL": as.URL}
	if proxyURL != "" {
		env["PUBLIC_URL"] = proxyURL
	}
	for k, v := range o.Env {
		env[k] = v
	}
	o.Env = env
	o.App = append([]app.Option{app.WithTransport(contract.Transport(t, http.DefaultTransport))}, o.App...)
	w.opts = o.Options
	w.Rig = Start(t, o.Options)
	w.PublicURL = w.Rig.URL
	if proxyURL != "" {
		w.PublicURL = proxyURL
	}
	return w
}

// Restart stops the service (if running) and starts it again on the same address and
// database, as after a crash or an upgrade, with extra app options added.
func (w *World) Restart(t testing.TB, extra ...app.Option) {
	t.Helper()
	w.Rig.Stop(t)
	ln, err := net.Listen("tcp", strings.TrimPrefix(w.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	o := w.opts
	o.Listener, o.DataDir = ln, w.DataDir
	o.App = append(append([]app.Option(nil), o.App...), extra...)
	w.Rig = Start(t, o)
}
