package attiosim

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// apiError is Attio's error body (docs/api/attio.md §6 "Error body (every error in the spec):
// {"status_code":<int>,"type":…,"code":"…","message":"…"} (+ optional validation_errors …)").
type apiError struct {
	Status           int               `json:"status_code"`
	Type             string            `json:"type"`
	Code             string            `json:"code"`
	Message          string            `json:"message"`
	ValidationErrors []validationError `json:"validation_errors,omitempty"`
}

// validationError follows docs/api/attio.md §3 "body validation → 400 {…"validation_errors":[{"code":
// "invalid_type","path":["matching_attribute"],"message":"Required","expected":"string",
// "received":"undefined"}]}".
type validationError struct {
	Code     string `json:"code"`
	Path     []any  `json:"path"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Received string `json:"received,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func invalidRequest(status int, code, format string, args ...any) *apiError {
	return &apiError{Status: status, Type: "invalid_request_error", Code: code, Message: fmt.Sprintf(format, args...)}
}

// errNotFound: docs/api/attio.md §2 "404 {"status_code":404,"type":"invalid_request_error","code":"not_found",…}".
func errNotFound(format string, args ...any) *apiError {
	return invalidRequest(http.StatusNotFound, "not_found", format, args...)
}

// errValidation: docs/api/attio.md §6 codes "validation_type" (400).
func errValidation(format string, args ...any) *apiError {
	return invalidRequest(http.StatusBadRequest, "validation_type", format, args...)
}

// errBodyField reports a missing or mistyped body field in the zod-like shape of docs/api/attio.md §3.
func errBodyField(path []any, expected, received, message string) *apiError {
	e := errValidation("Body payload validation error.")
	e.ValidationErrors = []validationError{{
		Code: "invalid_type", Path: path, Message: message, Expected: expected, Received: received,
	}}
	return e
}

// errValueNotFound: docs/api/attio.md §3 "create 400 value_not_found".
func errValueNotFound(format string, args ...any) *apiError {
	return invalidRequest(http.StatusBadRequest, "value_not_found", format, args...)
}

// errSlugConflict: docs/api/attio.md §2 "409 code:"slug_conflict"".
func errSlugConflict(format string, args ...any) *apiError {
	return invalidRequest(http.StatusConflict, "slug_conflict", format, args...)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func writeError(w http.ResponseWriter, e *apiError) { writeJSON(w, e.Status, e) }

// jsonType names a decoded JSON value's type the way the validation_errors "received" field does.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64, json.Number:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}
