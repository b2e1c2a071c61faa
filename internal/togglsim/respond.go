package togglsim

import (
	"encoding/json"
	"net/http"
)

// writeJSON sends v as JSON, the content type the specs declare for every body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// writeErr sends an error message. docs/api/toggl.md §1.2: "Error bodies are typed `string` in the spec.
// Whether they come as a JSON-encoded string or as plain text is UNCONFIRMED" — JSON strings by
// default, plain text with Quirks.PlainTextErrors.
func (s *Sim) writeErr(w http.ResponseWriter, status int, msg string) {
	if s.cfg.Quirks.PlainTextErrors {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(msg))
		return
	}
	writeJSON(w, status, msg)
}
