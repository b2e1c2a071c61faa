package attio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// TestTypedErrors: each error body from docs/api/attio.md §3/§4/§6 maps to the right helper.
func TestTypedErrors(t *testing.T) {
	type flags struct{ notFound, conflict, unique, validation, unauthorized, retryable bool }
	cases := []struct {
		name   string
		status int
		body   string
		code   string
		want   flags
	}{
		{"object not found", 404, `{"status_code":404,"type":"invalid_request_error","code":"not_found","message":"Object with slug/ID \"people\" not found."}`,
			CodeNotFound, flags{notFound: true}},
		{"slug conflict", 409, `{"status_code":409,"type":"invalid_request_error","code":"slug_conflict","message":"A list with api_slug \"my_list\" already exists."}`,
			CodeSlugConflict, flags{conflict: true}},
		{"uniqueness conflict", 400, `{"status_code":400,"type":"invalid_request_error","code":"uniqueness_conflict","message":"Uniqueness conflict"}`,
			CodeUniquenessConflict, flags{conflict: true, unique: true}},
		{"select title unknown", 400, `{"status_code":400,"type":"invalid_request_error","code":"value_not_found","message":"Cannot find select attribute with select option title \"In Progress\"."}`,
			CodeValueNotFound, flags{validation: true}},
		{"multiple entries", 400, `{"status_code":400,"type":"invalid_request_error","code":"multiple_match_results","message":"Multiple entries were founds for the given parent record"}`,
			CodeMultipleMatchResults, flags{validation: true}},
		{"unauthorized", 401, `{"status_code":401,"type":"auth_error","code":"unauthorized","message":"Invalid token"}`,
			CodeUnauthorized, flags{unauthorized: true}},
		{"billing", 403, `{"status_code":403,"type":"auth_error","code":"billing_error","message":"Plan"}`,
			CodeBillingError, flags{}},
		{"server error", 502, `<html>bad gateway</html>`, "", flags{retryable: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, tc.status, tc.body) })
			c := newTestClient(t, rec.srv.URL, newFakeClock())
			_, err := c.CreateRecord(context.Background(), "projects", Values{})
			e, ok := AsAPIError(err)
			if !ok {
				t.Fatalf("err %v is not an *APIError", err)
			}
			if e.HTTPStatus != tc.status || e.Code != tc.code || e.Method != "POST" || e.Path != "/v2/objects/projects/records" {
				t.Errorf("api error %+v", e)
			}
			got := flags{IsNotFound(err), IsConflict(err), IsUniquenessConflict(err), IsValidation(err), IsUnauthorized(err), IsRetryable(err)}
			if got != tc.want {
				t.Errorf("flags %+v, want %+v", got, tc.want)
			}
			if tc.code == "" && e.Body != tc.body {
				t.Errorf("raw body %q", e.Body)
			}
			// Helpers see through wrapping.
			if wrapped := fmt.Errorf("sync: %w", err); IsNotFound(wrapped) != tc.want.notFound || !HasCode(wrapped, tc.code) && tc.code != "" {
				t.Error("helpers do not unwrap")
			}
		})
	}
}

func TestValidationErrorsDecoded(t *testing.T) {
	body := `{"status_code":400,"type":"invalid_request_error","code":"validation_type","message":"Body payload validation error.",` +
		`"validation_errors":[{"code":"invalid_type","path":["matching_attribute"],"message":"Required","expected":"string","received":"undefined"}]}`
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ []byte) { writeJSON(w, 400, body) })
	c := newTestClient(t, rec.srv.URL, newFakeClock())
	_, err := c.AssertRecord(context.Background(), "companies", "domains", Values{})
	e, ok := AsAPIError(err)
	if !ok || !IsValidation(err) || len(e.Validation) != 1 {
		t.Fatalf("err %v", err)
	}
	v := e.Validation[0]
	if v.Code != "invalid_type" || !slices.Equal(v.Path, []any{"matching_attribute"}) || v.Expected != "string" {
		t.Errorf("validation issue %+v", v)
	}
	if e.Error() == "" {
		t.Error("empty message")
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "i/o timeout" }
func (timeoutErr) Timeout() bool   { return true }
func (timeoutErr) Temporary() bool { return true }

type failingTransport struct{ err error }

func (f failingTransport) RoundTrip(*http.Request) (*http.Response, error) { return nil, f.err }

func TestRetryableTransportErrors(t *testing.T) {
	clock := newFakeClock()
	c, _ := New(Options{BaseURL: "http://127.0.0.1:1", AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{}, clock),
		Transport: failingTransport{timeoutErr{}}})
	if _, err := c.GetRecord(context.Background(), "projects", "r"); !IsRetryable(err) {
		t.Errorf("timeout not retryable: %v", err)
	}
	c, _ = New(Options{BaseURL: "http://127.0.0.1:1", AccessToken: "t", Clock: clock, Pacer: NewPacer(Limits{}, clock),
		Transport: failingTransport{errors.New("connection refused")}})
	if _, err := c.GetRecord(context.Background(), "projects", "r"); err == nil || IsRetryable(err) {
		t.Errorf("plain transport error retryable: %v", err)
	}
	if !IsRetryable(context.DeadlineExceeded) || IsRetryable(context.Canceled) || IsRetryable(nil) {
		t.Error("context errors misclassified")
	}
}

func TestAPIErrorMessage(t *testing.T) {
	e := &APIError{Method: "GET", Path: "/v2/objects/x", HTTPStatus: 404, Type: "invalid_request_error", Code: "not_found", Message: "Object with slug/ID \"x\" not found."}
	if got, want := e.Error(), `attio: GET /v2/objects/x: 404 invalid_request_error/not_found: Object with slug/ID "x" not found.`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	raw := &APIError{Method: "POST", Path: "/v2/lists", HTTPStatus: 502, Body: "<html>bad gateway</html>"}
	if got, want := raw.Error(), "attio: POST /v2/lists: 502: <html>bad gateway</html>"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
