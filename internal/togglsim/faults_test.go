package togglsim

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFaultStatuses(t *testing.T) {
	e := newEnv(t)
	e.sim.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusServiceUnavailable, PathPrefix: "/api/v9/me", Times: 1})
	wantErr(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusServiceUnavailable, "Service Unavailable")
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)

	remove := e.sim.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusTooManyRequests, Method: "POST"})
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK) // method does not match
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05"}), http.StatusTooManyRequests, "Too Many Requests")
	remove()
	want(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05"}), http.StatusOK)

	e.sim.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusPaymentRequired, QuotaExceeded: true, Times: 1})
	r := e.call(ada, "GET", "/api/v9/workspaces/7435584/projects", nil)
	wantErr(t, r, http.StatusPaymentRequired, "Quota exceeded")
	if r.header.Get("X-Toggl-Quota-Remaining") != "0" || r.header.Get("X-Toggl-Quota-Resets-In") != "3600" {
		t.Fatalf("quota fault headers %v", r.header)
	}
	e.sim.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusPaymentRequired, PathPrefix: "/reports/", Times: 1})
	wantErr(t, e.call(ada, "POST", searchPath, map[string]any{"start_date": "2025-03-05"}), http.StatusPaymentRequired,
		"Workspace needs to have this feature enabled")
	// Faults hit before authentication and are bypassed by in-process calls.
	e.sim.InjectFault(Fault{Kind: FaultStatus, Status: http.StatusBadGateway, Body: "upstream"})
	wantErr(t, e.callRaw(anon, "GET", "/api/v9/me", nil), http.StatusBadGateway, "upstream")
	if status, _, _ := e.sim.Call(SeedAdaToken, "GET", "/api/v9/me", nil); status != http.StatusOK {
		t.Fatalf("Call saw the fault: %d", status)
	}
	e.sim.ClearFaults()
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
}

func TestFaultLatencyStillAnswers(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Faults = []Fault{{Kind: FaultLatency, Latency: 20 * time.Millisecond, Times: 1}} })
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
}

func TestFaultHangUntilClientGivesUp(t *testing.T) {
	e := newEnv(t)
	e.sim.InjectFault(Fault{Kind: FaultHang, PathPrefix: "/api/v9/me", Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.srv.URL+"/api/v9/me", nil)
	req.SetBasicAuth(SeedAdaToken, "api_token")
	_, err := http.DefaultClient.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung request ended with %v", err)
	}
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
}

func TestFaultDropConnection(t *testing.T) {
	e := newEnv(t)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for _, base := range []string{e.raw.URL, e.srv.URL} { // hijacked, and aborted behind the contract recorder
		e.sim.InjectFault(Fault{Kind: FaultDrop, Times: 1})
		req, _ := http.NewRequest("GET", base+"/api/v9/me", nil)
		req.SetBasicAuth(SeedAdaToken, "api_token")
		res, err := client.Do(req)
		if err == nil {
			res.Body.Close()
			t.Fatalf("dropped connection answered %d", res.StatusCode)
		}
		if !strings.Contains(err.Error(), "EOF") {
			t.Fatalf("error %v", err)
		}
	}
	want(t, e.call(ada, "GET", "/api/v9/me", nil), http.StatusOK)
}
