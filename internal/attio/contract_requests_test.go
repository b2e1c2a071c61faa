package attio

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"toggl-attio-sync/internal/contract"
)

// TestRequestsMatchSpec validates every request of requestCases against Attio's OpenAPI file,
// independent of any emulator: path and query parameters, security header and body schema
// (record values as arrays, the data wrapper, the unwrapped query bodies).
func TestRequestsMatchSpec(t *testing.T) {
	v, err := contract.Load(contract.Attio)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range requestCases() {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, 200, tc.response) })
			c := newTestClient(t, rec.srv.URL, newFakeClock())
			if err := tc.call(context.Background(), c); err != nil {
				t.Fatal(err)
			}
			got := rec.requests()[0]
			target := rec.srv.URL + got.Path
			if got.RawQuery != "" {
				target += "?" + got.RawQuery
			}
			var body io.Reader
			if len(got.Body) > 0 {
				body = bytes.NewReader(got.Body)
			}
			req, err := http.NewRequest(got.Method, target, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header = got.Header
			if problems := v.CheckRequest(req); len(problems) > 0 {
				t.Errorf("%s %s: %s", got.Method, got.Path, strings.Join(problems, "; "))
			}
		})
	}
}

// TestSpecRejectsUnwrappedBody proves the check above can fail: a record body without the data
// wrapper, and a bare (non-array) value, are both reported.
func TestSpecRejectsUnwrappedBody(t *testing.T) {
	v, err := contract.Load(contract.Attio)
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`{"values":{"name":[{"value":"X"}]}}`, `{"data":{"values":{"name":{"value":"X"}}}}`} {
		req, _ := http.NewRequest("POST", "http://127.0.0.1/v2/objects/projects/records", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer t")
		if problems := v.CheckRequest(req); len(problems) == 0 {
			t.Errorf("body %s passed the spec check", body)
		}
	}
}
