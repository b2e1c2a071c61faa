package contract

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// attioHandler plays an Attio emulator: it answers POST …/records with the configured status and
// body, and hands the request body it read to the test.
func attioHandler(status int, body string, seen chan<- string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ := io.ReadAll(r.Body)
		seen <- string(got)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Emulator", "attio")
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
}

func TestMiddleware(t *testing.T) {
	created := attioRecord("null")
	cases := []struct {
		name, reqBody, auth string
		status              int
		respBody            string
		wantReports         [][]string
	}{
		{name: "valid exchange", reqBody: attioCreateBody, auth: attioAuth, status: 200, respBody: created},
		{name: "request without data wrapper", reqBody: `{"values":{"name":["X"]}}`, auth: attioAuth,
			status: 200, respBody: created,
			wantReports: [][]string{{"POST /v2/objects/people/records → 200", "attio", "missing property 'data'"}}},
		{name: "response with bare scalar values", reqBody: attioCreateBody, auth: attioAuth, status: 200,
			respBody:    `{"data":{"values":{"name":"X"}}}`,
			wantReports: [][]string{{"POST /v2/objects/people/records → 200", "response body"}}},
		{name: "missing bearer and undeclared status", reqBody: attioCreateBody, status: 422,
			respBody:    `{"status_code":422}`,
			wantReports: [][]string{{"→ 422", "Authorization: Bearer", "status 422 is not declared"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep := &fakeReporter{}
			seen := make(chan string, 1)
			srv := httptest.NewServer(Middleware(rep, attioHandler(tc.status, tc.respBody, seen)))
			defer srv.Close()

			req, err := http.NewRequest("POST", srv.URL+"/v2/objects/people/records", strings.NewReader(tc.reqBody))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			if body := <-seen; body != tc.reqBody {
				t.Errorf("handler read %q, want %q", body, tc.reqBody)
			}
			// the response goes out unchanged, valid or not
			if resp.StatusCode != tc.status || string(got) != tc.respBody || resp.Header.Get("X-Emulator") != "attio" {
				t.Errorf("client got %d %q (X-Emulator %q), want %d %q",
					resp.StatusCode, got, resp.Header.Get("X-Emulator"), tc.status, tc.respBody)
			}
			rep.expectReports(t, tc.wantReports...)
		})
	}
}
