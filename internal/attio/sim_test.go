package attio

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/contract"
)

// simEnv is a seeded emulator on loopback and a client whose every exchange is validated
// against Attio's OpenAPI file by contract.Transport.
type simEnv struct {
	sim  *attiosim.Sim
	seed attiosim.SeedInfo
	srv  *httptest.Server
	c    *Client
}

func newSimEnv(t *testing.T, cfg attiosim.Config) *simEnv {
	t.Helper()
	sim := attiosim.New(cfg)
	seed := attiosim.Seed(sim)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	t.Cleanup(sim.Close)
	env := &simEnv{sim: sim, seed: seed, srv: srv}
	env.c = env.client(t, seed.Token, Limits{})
	return env
}

// client builds a client for token on its own pacer (real clock) with the given limits.
func (e *simEnv) client(t *testing.T, token string, l Limits) *Client {
	t.Helper()
	c, err := New(Options{
		BaseURL:     e.srv.URL,
		AccessToken: token,
		Transport:   contract.Transport(t, http.DefaultTransport),
		Pacer:       NewPacer(l, nil),
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestSimulator runs the client against the seeded emulator, every exchange checked against
// Attio's OpenAPI file, then prints which Attio operations were validated in this test binary
// and checks that every operation the client offers was among them.
func TestSimulator(t *testing.T) {
	scenarios := []struct {
		name string
		run  func(*testing.T)
	}{
		{"self and scopes", simSelfAndScopes},
		{"schema", simSchema},
		{"lists", simLists},
		{"records", simRecords},
		{"entries", simEntries},
		{"webhooks", simWebhooks},
		{"rate limit retry", simRateLimitRetry},
		{"pacing", simPacing},
	}
	ran := 0
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			ran++
			sc.run(t)
		})
	}

	var attio []string
	for _, op := range contract.Covered() {
		if rest, ok := strings.CutPrefix(op, "attio "); ok {
			attio = append(attio, rest)
		}
	}
	t.Logf("contract.Covered() for Attio (%d operations):\n  %s", len(attio), strings.Join(attio, "\n  "))
	if ran < len(scenarios) {
		return // filtered run: coverage is partial by design
	}
	for _, op := range clientOperations {
		if !slices.Contains(attio, op) {
			t.Errorf("client operation %s was not exercised against the emulator", op)
		}
	}
}

// clientOperations are the spec operations this package calls, in the spec's template form.
var clientOperations = []string{
	"GET /v2/self",
	"GET /v2/objects", "POST /v2/objects", "GET /v2/objects/{object}",
	"GET /v2/{target}/{identifier}/attributes", "POST /v2/{target}/{identifier}/attributes",
	"GET /v2/{target}/{identifier}/attributes/{attribute}/options",
	"POST /v2/{target}/{identifier}/attributes/{attribute}/options",
	"GET /v2/{target}/{identifier}/attributes/{attribute}/statuses",
	"POST /v2/{target}/{identifier}/attributes/{attribute}/statuses",
	"POST /v2/objects/{object}/records", "PUT /v2/objects/{object}/records",
	"GET /v2/objects/{object}/records/{record_id}", "PATCH /v2/objects/{object}/records/{record_id}",
	"PUT /v2/objects/{object}/records/{record_id}", "DELETE /v2/objects/{object}/records/{record_id}",
	"POST /v2/objects/{object}/records/query",
	"GET /v2/lists", "POST /v2/lists", "GET /v2/lists/{list}",
	"POST /v2/lists/{list}/entries", "PUT /v2/lists/{list}/entries",
	"GET /v2/lists/{list}/entries/{entry_id}", "PATCH /v2/lists/{list}/entries/{entry_id}",
	"PUT /v2/lists/{list}/entries/{entry_id}", "DELETE /v2/lists/{list}/entries/{entry_id}",
	"POST /v2/lists/{list}/entries/query",
	"GET /v2/webhooks", "POST /v2/webhooks", "GET /v2/webhooks/{webhook_id}",
	"PATCH /v2/webhooks/{webhook_id}", "DELETE /v2/webhooks/{webhook_id}",
}
