package togglsim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"toggl-attio-sync/internal/contract"
)

// t0 is the fixed "now" of the tests.
var t0 = time.Date(2025, 3, 12, 12, 0, 0, 0, time.UTC)

// env is one emulator with seed data behind two loopback servers: srv validates every request
// and response against the vendor specs (contract.Middleware); raw is the bare handler, for
// requests that are invalid on purpose or answers the specs do not declare.
type env struct {
	t     *testing.T
	sim   *Sim
	clock *ManualClock
	seed  SeedInfo
	srv   *httptest.Server
	raw   *httptest.Server
}

// newEnv builds an env. Limits are off unless a tweak turns them on; retries are fast.
func newEnv(t *testing.T, tweaks ...func(*Config)) *env {
	t.Helper()
	clock := NewManualClock(t0)
	cfg := Config{
		Clock:         clock.Now,
		Rand:          rand.New(rand.NewPCG(1, 2)),
		DisableLimits: true,
		Delivery:      DeliveryConfig{RetrySchedule: []time.Duration{time.Millisecond, time.Millisecond}},
	}
	for _, tw := range tweaks {
		tw(&cfg)
	}
	s := New(cfg)
	e := &env{t: t, sim: s, clock: clock, seed: Seed(s, t0)}
	e.srv = httptest.NewServer(contract.Middleware(t, s))
	e.raw = httptest.NewServer(s)
	t.Cleanup(func() {
		e.srv.Close()
		e.raw.Close()
		s.Close()
	})
	return e
}

// resp is a finished HTTP exchange.
type resp struct {
	status int
	header http.Header
	body   []byte
}

// str decodes a JSON-string error body.
func (r resp) str(t *testing.T) string {
	t.Helper()
	var s string
	if err := json.Unmarshal(r.body, &s); err != nil {
		t.Fatalf("body %q is not a JSON string: %v", r.body, err)
	}
	return s
}

// decode decodes the body into v.
func (r resp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %q: %v", r.body, err)
	}
}

type auth struct{ user, pass string }

func token(tok string) auth { return auth{tok, "api_token"} }

var (
	ada   = token(SeedAdaToken)
	ben   = token(SeedBenToken)
	chloe = token(SeedChloeToken)
	anon  = auth{}
)

// call sends one request through the contract-checked server.
func (e *env) call(a auth, method, path string, body any) resp {
	e.t.Helper()
	return e.send(e.srv.URL, a, method, path, body)
}

// callRaw sends one request to the bare handler.
func (e *env) callRaw(a auth, method, path string, body any) resp {
	e.t.Helper()
	return e.send(e.raw.URL, a, method, path, body)
}

func (e *env) send(base string, a auth, method, path string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.user != "" {
		req.SetBasicAuth(a.user, a.pass)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp{status: res.StatusCode, header: res.Header, body: out}
}

// want fails unless r has the status.
func want(t *testing.T, r resp, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

// wantErr fails unless r is status with the JSON-string message msg.
func wantErr(t *testing.T, r resp, status int, msg string) {
	t.Helper()
	want(t, r, status)
	if got := r.str(t); got != msg {
		t.Fatalf("message %q, want %q", got, msg)
	}
}

// waitIdle waits for deliveries; the timeout only guards against a hang.
func (e *env) waitIdle() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := e.sim.WaitIdle(ctx); err != nil {
		e.t.Fatalf("deliveries did not finish: %v", err)
	}
}

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
}

// receiver is a webhook endpoint. By default it answers 200 and echoes validation codes
// (synchronous validation); fail makes the next n requests answer status 500.
type receiver struct {
	srv *httptest.Server

	mu     sync.Mutex
	got    []received
	echo   bool
	status int
	fail   int
}

func newReceiver(t *testing.T) *receiver {
	rc := &receiver{echo: true, status: http.StatusOK}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.got = append(rc.got, received{header: r.Header.Clone(), body: body})
		status, echo := rc.status, rc.echo
		if rc.fail > 0 {
			rc.fail--
			status = http.StatusInternalServerError
		}
		rc.mu.Unlock()
		var ping struct {
			ValidationCode string `json:"validation_code"`
		}
		w.WriteHeader(status)
		if echo && json.Unmarshal(body, &ping) == nil && ping.ValidationCode != "" {
			json.NewEncoder(w).Encode(map[string]string{"validation_code": ping.ValidationCode})
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) set(f func(rc *receiver)) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	f(rc)
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// events returns the non-PING bodies received, decoded.
func (rc *receiver) events(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, r := range rc.requests() {
		var m map[string]any
		if err := json.Unmarshal(r.body, &m); err != nil {
			t.Fatalf("delivery %q is not JSON: %v", r.body, err)
		}
		if m["payload"] != "ping" {
			out = append(out, m)
		}
	}
	return out
}

// subscribe creates a validated subscription through the API (synchronous validation).
func (e *env) subscribe(a auth, rc *receiver, desc string, filters ...EventFilter) subscriptionJSON {
	e.t.Helper()
	if len(filters) == 0 {
		filters = []EventFilter{{"*", "*"}}
	}
	r := e.call(a, "POST", "/webhooks/api/v1/subscriptions/7435584", map[string]any{
		"url_callback": rc.srv.URL, "event_filters": filters, "enabled": true, "description": desc,
	})
	want(e.t, r, http.StatusOK)
	var sub subscriptionJSON
	r.decode(e.t, &sub)
	if sub.ValidatedAt == nil {
		e.t.Fatalf("subscription not validated by the echo: %s", r.body)
	}
	return sub
}
