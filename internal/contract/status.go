package contract

import (
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/router"
)

// statusDeclared reports whether the operation declares status exactly, as a range ("4XX")
// or through a default response.
func statusDeclared(route *router.Route, status int) bool {
	responses := route.Operation.Responses
	if responses == nil {
		return false
	}
	if responses.Default != nil {
		return true
	}
	exact, class := strconv.Itoa(status), strconv.Itoa(status/100)+"XX"
	for pair := responses.Codes.First(); pair != nil; pair = pair.Next() {
		if pair.Key() == exact || strings.EqualFold(pair.Key(), class) {
			return true
		}
	}
	return false
}

// undeclaredStatusAllowed lists the statuses a vendor can send from any operation although the
// spec does not declare them there. Only the status is excused: there is no schema to check a
// body against. Anything else undeclared is reported.
func undeclaredStatusAllowed(s Spec, route *router.Route, status int) bool {
	switch {
	case status >= 500:
		// Any server can fail; the emulators inject 5xx to exercise the clients' retries.
		return true
	case status == http.StatusPaymentRequired && s.isToggl():
		// Toggl's hourly request quota answers 402 on every endpoint since 2025
		// (docs/api/toggl.md §5 "Over the limit the server answers HTTP 402"); the spec predates it.
		return true
	case status == http.StatusUnauthorized && secured(route):
		// A secured operation answers 401 to a rejected credential (docs/api/attio.md
		// §1 "401 body … auth_error"; docs/api/toggl.md §10 "401/403 on a bad token"), but Attio declares
		// 401 nowhere and Toggl on 3 of its 239 secured operations.
		return true
	}
	return false
}

// secured reports whether the operation needs credentials (its own security, else the document's).
func secured(route *router.Route) bool {
	if sec := route.Operation.Security; sec != nil {
		return len(sec) > 0
	}
	return route.Document != nil && len(route.Document.Security) > 0
}

func declaredStatuses(route *router.Route) string {
	responses := route.Operation.Responses
	if responses == nil {
		return "none"
	}
	var codes []string
	for pair := responses.Codes.First(); pair != nil; pair = pair.Next() {
		codes = append(codes, pair.Key())
	}
	if len(codes) == 0 {
		return "none"
	}
	return strings.Join(codes, ", ")
}

// mediaType returns the Content-Type without parameters, lower-cased ("" when absent).
func mediaType(h http.Header) string {
	mt, _, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}
