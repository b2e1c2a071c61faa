package attiosim

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"toggl-attio-sync/internal/contract"
)

const testToken = "test-token"

var epoch = time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)

// fixture serves one Sim twice: checked validates every exchange against Attio's OpenAPI file
// (internal/contract); bare is for requests that are invalid on purpose or answers the spec does
// not declare (uniqueness_conflict, 403, 429…).
type fixture struct {
	t       *testing.T
	sim     *Sim
	clock   *ManualClock
	checked *httptest.Server
	bare    *httptest.Server
	token   Token
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	clock := NewManualClock(epoch)
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.New(rand.NewPCG(1, 2))
	}
	if cfg.Limits.ReadsPerSecond == 0 && cfg.Limits.WritesPerSecond == 0 {
		cfg.Limits.ReadsPerSecond, cfg.Limits.WritesPerSecond = -1, -1 // most tests are not about limits
	}
	s := New(cfg)
	f := &fixture{t: t, sim: s, clock: clock}
	f.checked = httptest.NewServer(contract.Middleware(t, s))
	f.bare = httptest.NewServer(s)
	t.Cleanup(func() {
		f.checked.Close()
		f.bare.Close()
		s.Close()
	})
	f.token = s.AddToken(testToken, AllScopes()...)
	return f
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
	raw    []byte
}

func (r reply) data() map[string]any {
	d, _ := r.body["data"].(map[string]any)
	return d
}

func (r reply) list() []map[string]any {
	items, _ := r.body["data"].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		out = append(out, it.(map[string]any))
	}
	return out
}

func send(t *testing.T, base, method, path string, body any, header map[string]string) reply {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %s", method, path, raw)
		}
	}
	return r
}

func bearer(token string) map[string]string {
	return map[string]string{"Authorization": "Bearer " + token}
}

// do sends a spec-valid request through the contract-checked server.
func (f *fixture) do(method, path string, body any) reply {
	f.t.Helper()
	return send(f.t, f.checked.URL, method, path, body, bearer(testToken))
}

// ok is do plus a 200 check.
func (f *fixture) ok(method, path string, body any) reply {
	f.t.Helper()
	r := f.do(method, path, body)
	if r.status != http.StatusOK {
		f.t.Fatalf("%s %s = %d %s, want 200", method, path, r.status, r.raw)
	}
	return r
}

// bareDo sends through the unchecked server.
func (f *fixture) bareDo(method, path string, body any) reply {
	f.t.Helper()
	return send(f.t, f.bare.URL, method, path, body, bearer(testToken))
}

// wantError checks status and Attio's error body {status_code, type, code, message}.
func wantError(t *testing.T, r reply, status int, typ, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d (%s), want %d", r.status, r.raw, status)
	}
	if got := r.body["status_code"]; got != float64(status) {
		t.Errorf("status_code = %v, want %d", got, status)
	}
	if r.body["type"] != typ || r.body["code"] != code {
		t.Errorf("type/code = %v/%v, want %s/%s (%s)", r.body["type"], r.body["code"], typ, code, r.raw)
	}
	if m, _ := r.body["message"].(string); m == "" {
		t.Errorf("error without message: %s", r.raw)
	}
}

func data(values map[string]any) map[string]any {
	return map[string]any{"data": map[string]any{"values": values}}
}

// first returns the first value object of slug in a record or entry JSON.
func first(t *testing.T, rec map[string]any, slug string) map[string]any {
	t.Helper()
	vals, _ := rec["values"].(map[string]any)
	if vals == nil {
		vals, _ = rec["entry_values"].(map[string]any)
	}
	list, _ := vals[slug].([]any)
	if len(list) == 0 {
		t.Fatalf("%s has no value in %v", slug, vals)
	}
	return list[0].(map[string]any)
}

func valuesOf(rec map[string]any, slug string) []any {
	vals, _ := rec["values"].(map[string]any)
	if vals == nil {
		vals, _ = rec["entry_values"].(map[string]any)
	}
	list, _ := vals[slug].([]any)
	return list
}

func recordID(rec map[string]any) string {
	return rec["id"].(map[string]any)["record_id"].(string)
}

// projectsSchema creates a custom object like the sync service's: name (required), company,
// type (select), stage (status), toggl_project_id (unique), budget (currency), tags (multiselect).
func (f *fixture) projectsSchema() {
	f.t.Helper()
	s := f.sim
	must := func(err error) {
		f.t.Helper()
		if err != nil {
			f.t.Fatal(err)
		}
	}
	_, err := s.CreateObject("projects", "Project", "Projects")
	must(err)
	for _, sp := range []AttributeSpec{
		{Slug: "name", Title: "Name", Type: "text", Required: true},
		{Slug: "company", Title: "Company", Type: "record-reference", AllowedObjects: []string{"companies"}},
		{Slug: "type", Title: "Type", Type: "select", Options: []string{"retainer", "fixed", "hourly"}},
		{Slug: "stage", Title: "Stage", Type: "status", Statuses: []string{"active", "complete"}},
		{Slug: "toggl_project_id", Title: "Toggl project", Type: "text", Unique: true},
		{Slug: "budget", Title: "Budget", Type: "currency", CurrencyCode: "EUR"},
		{Slug: "tags", Title: "Tags", Type: "select", Multiselect: true, Options: []string{"a", "b", "c"}},
		{Slug: "hours", Title: "Hours", Type: "number"},
		{Slug: "billable", Title: "Billable", Type: "checkbox"},
		{Slug: "starts", Title: "Starts", Type: "date"},
		{Slug: "synced_at", Title: "Synced at", Type: "timestamp"},
	} {
		_, err := s.CreateAttribute("objects", "projects", sp)
		must(err)
	}
}
