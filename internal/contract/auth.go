package contract

import (
	"net/http"
	"strings"
)

// authProblems checks credentials the validator cannot judge by itself.
//   - Attio: the spec declares only an oauth2 scheme, which libopenapi-validator does not check,
//     so `Authorization: Bearer <token>` is checked here on every operation (the global
//     security requirement covers them all; docs/api/attio.md §1). Attio also takes Basic,
//     but our client is meant to send Bearer, so Basic is reported.
//   - Toggl: the validator only checks that the header starts with "Basic"; here a Basic header
//     must also decode to "user:password" with a non-empty user (api_token:api_token or
//     email:password). Allow-listed Toggl operations have no spec entry, so Basic is required
//     outright for them.
func (v *Validator) authProblems(req *http.Request, op operation) []string {
	header := req.Header.Get("Authorization")
	if v.spec == Attio {
		scheme, token, _ := strings.Cut(header, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return []string{"Attio request without `Authorization: Bearer <token>` (got " + quoteHeader(header) + ")"}
		}
		return nil
	}
	scheme, _, _ := strings.Cut(header, " ")
	isBasic := strings.EqualFold(scheme, "Basic")
	if !isBasic && op.known == nil {
		return nil // absence is the validator's call: some Toggl operations are public
	}
	if user, _, ok := req.BasicAuth(); !ok || user == "" {
		return []string{"Toggl request without a well-formed `Authorization: Basic base64(user:password)` (got " +
			quoteHeader(header) + ")"}
	}
	return nil
}

// quoteHeader shows the scheme of a credential header but never the secret.
func quoteHeader(h string) string {
	if h == "" {
		return "no Authorization header"
	}
	scheme, rest, _ := strings.Cut(h, " ")
	if rest == "" {
		return `"` + scheme + `"`
	}
	return `"` + scheme + ` …"`
}
