package attiosim

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWriteLimitAnswers429WithRetryAfter(t *testing.T) {
	f := newFixture(t, Config{Limits: Limits{WritesPerSecond: 3, ReadsPerSecond: 5}})
	f.clock.Set(time.Date(2025, 6, 2, 9, 0, 0, 400_000_000, time.UTC))
	body := data(map[string]any{"name": []any{"X"}})
	for i := 0; i < 3; i++ {
		if r := f.bareDo("POST", "/v2/objects/companies/records", body); r.status != 200 {
			t.Fatalf("write %d = %d", i, r.status)
		}
	}
	r := f.bareDo("POST", "/v2/objects/companies/records", body)
	wantError(t, r, http.StatusTooManyRequests, "rate_limit_error", "rate_limit_exceeded")
	if r.body["message"] != "Rate limit exceeded, please try again later" {
		t.Errorf("message = %v", r.body["message"])
	}
	if _, has := r.body["retry_after"]; has {
		t.Error("retry_after is not in the documented body")
	}
	retry, err := http.ParseTime(r.header.Get("Retry-After"))
	if err != nil || !retry.Equal(time.Date(2025, 6, 2, 9, 0, 1, 0, time.UTC)) {
		t.Errorf("Retry-After = %q, want the next second as an HTTP date", r.header.Get("Retry-After"))
	}
	if date, err := http.ParseTime(r.header.Get("Date")); err != nil || !date.Equal(time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("Date = %q, want the Sim's clock so it agrees with Retry-After", r.header.Get("Date"))
	}
	if n := len(f.sim.Records("companies")); n != 3 {
		t.Errorf("a limited request must not be processed: %d records", n)
	}
	// reads have their own budget; queries count as reads by default
	for i := 0; i < 5; i++ {
		if r := f.bareDo("POST", "/v2/objects/companies/records/query", map[string]any{}); r.status != 200 {
			t.Fatalf("query %d = %d", i, r.status)
		}
	}
	wantError(t, f.bareDo("GET", "/v2/objects", nil), 429, "rate_limit_error", "rate_limit_exceeded")
	// the next second has a fresh budget
	f.clock.Advance(time.Second)
	if r := f.bareDo("POST", "/v2/objects/companies/records", body); r.status != 200 {
		t.Fatalf("write in the next second = %d", r.status)
	}
	st := f.sim.Stats()
	sec := epoch.Unix()
	if st.WritesPerSecond[sec] != 3 || st.WritesPerSecond[sec+1] != 1 || st.PeakWritesPerSecond() != 3 {
		t.Errorf("writes per second = %v", st.WritesPerSecond)
	}
	if st.RateLimited != 2 || st.Statuses[429] != 2 || st.Requests["POST"] != 10 || st.Requests["GET"] != 1 {
		t.Errorf("stats = %+v", st)
	}
	f.sim.ResetStats()
	if st := f.sim.Stats(); st.Writes != 0 || len(st.Requests) != 0 {
		t.Errorf("reset stats = %+v", st)
	}
}

func TestLimitsAreConfigurable(t *testing.T) {
	// per-token budgets by default
	f := newFixture(t, Config{Limits: Limits{WritesPerSecond: 1, ReadsPerSecond: 1}})
	f.sim.AddToken("other", AllScopes()...)
	body := data(map[string]any{"name": []any{"X"}})
	if r := f.bareDo("POST", "/v2/objects/companies/records", body); r.status != 200 {
		t.Fatal(r.status)
	}
	if r := send(t, f.bare.URL, "POST", "/v2/objects/companies/records", body, bearer("other")); r.status != 200 {
		t.Errorf("another token has its own budget: %d", r.status)
	}
	// shared workspace budget, query as write, scale
	g := newFixture(t, Config{Limits: Limits{WritesPerSecond: 10, ReadsPerSecond: 1, Scale: 0.1, PerWorkspace: true, QueryIsWrite: true}})
	g.sim.AddToken("other", AllScopes()...)
	if r := g.bareDo("POST", "/v2/objects/companies/records/query", map[string]any{}); r.status != 200 {
		t.Fatal(r.status)
	}
	r := send(t, g.bare.URL, "POST", "/v2/objects/companies/records", body, bearer("other"))
	wantError(t, r, 429, "rate_limit_error", "rate_limit_exceeded")
	if st := g.sim.Stats(); st.Writes != 1 || st.Reads != 0 {
		t.Errorf("query counted as write: %+v", st)
	}
	// the documented defaults: 25 writes a second
	h := newFixture(t, Config{Limits: Limits{ReadsPerSecond: 0, WritesPerSecond: 0}})
	h.sim.SetLimits(Limits{})
	n := 0
	for ; n < 40; n++ {
		if r := h.bareDo("POST", "/v2/objects/companies/records", body); r.status == 429 {
			break
		}
	}
	if n != 25 {
		t.Errorf("default write budget admitted %d, want 25", n)
	}
	k := newFixture(t, Config{Limits: Limits{WritesPerSecond: 1}, Compat: Compat{RateLimitBodyRetryAfter: true}})
	k.bareDo("POST", "/v2/objects/companies/records", body)
	if r := k.bareDo("POST", "/v2/objects/companies/records", body); r.body["retry_after"] != r.header.Get("Retry-After") {
		t.Errorf("retry_after body field = %v", r.body["retry_after"])
	}
}

// scriptedRand returns the given Float64 values in turn (then 0.99).
type scriptedRand struct{ values []float64 }

func (r *scriptedRand) Float64() float64 {
	if len(r.values) == 0 {
		return 0.99
	}
	v := r.values[0]
	r.values = r.values[1:]
	return v
}
func (r *scriptedRand) Uint64() uint64 { return 0x9e3779b97f4a7c15 }

func TestFaultInjection(t *testing.T) {
	t.Run("status by rate and path", func(t *testing.T) {
		f := newFixture(t, Config{Faults: []Fault{{Kind: FaultStatus, PathPrefix: "/v2/objects/companies", Rate: 0.5, Status: 502}}})
		// ids come from Uint64, fault draws from Float64: 0.1 fires, 0.7 does not
		f.sim.rnd.r = &scriptedRand{values: []float64{0.1, 0.7}}
		if r := f.bareDo("GET", "/v2/objects/companies", nil); r.status != 502 {
			t.Errorf("first = %d, want the injected 502", r.status)
		}
		if r := f.bareDo("GET", "/v2/objects/companies", nil); r.status != 200 {
			t.Errorf("second = %d", r.status)
		}
		if r := f.bareDo("GET", "/v2/objects/people", nil); r.status != 200 {
			t.Errorf("other path = %d", r.status)
		}
		if f.sim.Stats().Faults[FaultStatus] != 1 {
			t.Errorf("fault count = %v", f.sim.Stats().Faults)
		}
	})
	t.Run("times and 429", func(t *testing.T) {
		f := newFixture(t, Config{Faults: []Fault{{Kind: FaultRateLimit, Method: "POST", Times: 2}}})
		body := data(map[string]any{"name": []any{"X"}})
		for i := 0; i < 2; i++ {
			r := f.bareDo("POST", "/v2/objects/companies/records", body)
			wantError(t, r, 429, "rate_limit_error", "rate_limit_exceeded")
			if r.header.Get("Retry-After") == "" {
				t.Error("Retry-After missing")
			}
		}
		if r := f.bareDo("POST", "/v2/objects/companies/records", body); r.status != 200 {
			t.Errorf("after Times = %d", r.status)
		}
	})
	t.Run("after write", func(t *testing.T) {
		f := newFixture(t, Config{})
		f.sim.SetFaults([]Fault{{Kind: FaultStatus, Method: "POST", AfterWrite: true, Times: 1}})
		r := f.bareDo("POST", "/v2/objects/companies/records", data(map[string]any{"name": []any{"X"}}))
		if r.status != 503 {
			t.Fatalf("status = %d", r.status)
		}
		if n := len(f.sim.Records("companies")); n != 1 {
			t.Errorf("the write should have happened before the fault: %d records", n)
		}
	})
	t.Run("latency", func(t *testing.T) {
		f := newFixture(t, Config{Faults: []Fault{{Kind: FaultLatency, Latency: 3 * time.Second}}})
		if r := f.bareDo("GET", "/v2/objects", nil); r.status != 200 {
			t.Fatal(r.status)
		}
		if waited := f.clock.Now().Sub(epoch); waited != 3*time.Second {
			t.Errorf("latency advanced the clock by %v", waited)
		}
	})
	t.Run("drop", func(t *testing.T) {
		f := newFixture(t, Config{Faults: []Fault{{Kind: FaultDrop}}})
		req, _ := http.NewRequest("GET", f.bare.URL+"/v2/objects", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("dropped connection answered %d", resp.StatusCode)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		f := newFixture(t, Config{Faults: []Fault{{Kind: FaultTimeout}}})
		ctx, cancel := context.WithCancel(context.Background())
		req, _ := http.NewRequestWithContext(ctx, "GET", f.bare.URL+"/v2/objects", nil)
		req.Header.Set("Authorization", "Bearer "+testToken)
		done := make(chan error, 1)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			done <- err
		}()
		// the request hangs until the client gives up
		waitFor(t, func() bool { return f.sim.Stats().Faults[FaultTimeout] == 1 })
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want the client's cancellation", err)
		}
	})
}

// waitFor polls cond; it is a synchronisation aid, not a timing assertion.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestHandlerWorksWithoutContractWrapper(t *testing.T) {
	// a plain httptest server around New(Config{}) with real time, as `go run . sim` uses it
	s := New(Config{})
	defer s.Close()
	srv := httptest.NewServer(s)
	defer srv.Close()
	info := Seed(s)
	r := send(t, srv.URL, "POST", "/v2/objects/projects/records/query", map[string]any{"filter": map[string]any{"toggl_project_id": "20300001"}}, bearer(info.Token))
	if r.status != 200 || len(r.list()) != 1 {
		t.Fatalf("query = %d %s", r.status, r.raw)
	}
}
