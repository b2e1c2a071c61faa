package provision

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// attioEnv is a seeded Attio emulator and a client whose calls are checked against the spec.
type attioEnv struct {
	sim  *attiosim.Sim
	seed attiosim.SeedInfo
	url  string
	c    *attio.Client
}

func newAttioEnv(t testing.TB, cfg attiosim.Config, seed bool) *attioEnv {
	t.Helper()
	sim := attiosim.New(cfg)
	e := &attioEnv{sim: sim}
	if seed {
		e.seed = attiosim.Seed(sim)
	} else {
		sim.AddToken(attiosim.SeedToken, attiosim.AllScopes()...)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close)
	e.url = srv.URL
	c, err := attio.New(attio.Options{BaseURL: srv.URL, AccessToken: attiosim.SeedToken,
		Transport: contract.Transport(t, http.DefaultTransport), Pacer: attio.NewPacer(attio.Limits{}, nil)})
	noErr(t, err)
	e.c = c
	return e
}

// togglEnv is a seeded Toggl emulator without rate limits and a client on its own registry.
type togglEnv struct {
	sim  *togglsim.Sim
	seed togglsim.SeedInfo
	url  string
	c    *toggl.Client
}

func newTogglEnv(t testing.TB, cfg togglsim.Config) *togglEnv {
	t.Helper()
	cfg.DisableLimits = true
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	sim := togglsim.New(cfg)
	e := &togglEnv{sim: sim, seed: togglsim.Seed(sim, time.Now())}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close)
	e.url = srv.URL
	e.c = e.client(t, togglsim.SeedAdaToken)
	return e
}

func (e *togglEnv) client(t testing.TB, token string) *toggl.Client {
	t.Helper()
	c, err := toggl.New(toggl.Options{BaseURL: e.url, APIToken: token, Registry: toggl.NewRegistry(0, 1),
		Transport: contract.Transport(t, http.DefaultTransport), MaxRetries: -1})
	noErr(t, err)
	return c
}

// newConns is a connection service on a fresh database.
func newConns(t testing.TB) *connection.Service {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir()+"/test.db")
	noErr(t, err)
	t.Cleanup(func() { st.Close() })
	box, err := secrets.New(make([]byte, 32))
	noErr(t, err)
	return connection.NewService(st, box, time.Now)
}
