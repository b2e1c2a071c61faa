package toggl_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/contract"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/togglsim"
)

var simEpoch = time.Date(2025, 9, 10, 12, 0, 0, 0, time.UTC)

type simEnv struct {
	sim *togglsim.Sim
	srv *httptest.Server
	// clock drives both the emulator and the client: the client's sleeps move the
	// emulator's clock, so pacing, back-off and quota waits cost no real time.
	clock *togglsim.ManualClock
	info  togglsim.SeedInfo
	// statuses counts the answers the client received, by status code.
	mu       sync.Mutex
	statuses map[int]int
}

// newSimEnv starts a seeded emulator on loopback.
func newSimEnv(t *testing.T, cfg togglsim.Config) *simEnv {
	t.Helper()
	clock := togglsim.NewManualClock(simEpoch)
	cfg.Clock = clock.Now
	sim := togglsim.New(cfg)
	env := &simEnv{sim: sim, clock: clock, statuses: map[int]int{}}
	env.info = togglsim.Seed(sim, clock.Now())
	env.srv = httptest.NewServer(sim)
	t.Cleanup(func() {
		env.srv.Close()
		sim.Close()
	})
	return env
}

// client builds a toggl.Client on the emulator whose traffic is checked against the official
// specs by contract.Transport. Options left zero get the seeded admin token, a private
// registry at the real 1 request/second, and the shared clock.
func (e *simEnv) client(t *testing.T, o toggl.Options) *toggl.Client {
	t.Helper()
	o.BaseURL = e.srv.URL
	if o.APIToken == "" {
		o.APIToken = togglsim.SeedAdaToken
	}
	if o.Registry == nil {
		o.Registry = toggl.NewRegistry(time.Second, 1)
	}
	o.Clock = e.clock
	if o.Random == nil {
		o.Random = func() float64 { return 0 }
	}
	o.Transport = countingTransport{env: e, next: contract.Transport(t, nil)}
	c, err := toggl.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (e *simEnv) count(status int) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.statuses[status]
}

type countingTransport struct {
	env  *simEnv
	next http.RoundTripper
}

func (c countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil {
		c.env.mu.Lock()
		c.env.statuses[resp.StatusCode]++
		c.env.mu.Unlock()
	}
	return resp, err
}

// callbackServer stands in for our webhook receiver: it records PING bodies and, when echo is
// set, answers with the validation code (synchronous validation, docs/api/toggl.md §2.1).
type callbackServer struct {
	mu     sync.Mutex
	echo   bool
	bodies [][]byte
	srv    *httptest.Server
}

func newCallbackServer(t *testing.T, echo bool) *callbackServer {
	cb := &callbackServer{echo: echo}
	cb.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Payload        any    `json:"payload"`
			ValidationCode string `json:"validation_code"`
		}
		raw, _ := io.ReadAll(r.Body)
		cb.mu.Lock()
		cb.bodies = append(cb.bodies, raw)
		echo := cb.echo
		cb.mu.Unlock()
		_ = json.Unmarshal(raw, &body)
		w.Header().Set("Content-Type", "application/json")
		if echo && body.ValidationCode != "" {
			_ = json.NewEncoder(w).Encode(map[string]string{"validation_code": body.ValidationCode})
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(cb.srv.Close)
	return cb
}

// lastValidationCode returns the validation_code of the latest PING that carried one.
func (cb *callbackServer) lastValidationCode() string {
	cb.mu.Lock()
	defer cb.mu.Unlock()
	for i := len(cb.bodies) - 1; i >= 0; i-- {
		var b struct {
			ValidationCode string `json:"validation_code"`
		}
		if json.Unmarshal(cb.bodies[i], &b) == nil && b.ValidationCode != "" {
			return b.ValidationCode
		}
	}
	return ""
}
