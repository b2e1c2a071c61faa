package contract

import (
	"fmt"
	"net/http"
	"strings"
)

// Reporter is satisfied by testing.TB.
type Reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// exchange carries one request/response pair through Transport or Middleware, so the operation
// is looked up once and an unknown path is reported once, not for the request and again for
// the response.
type exchange struct {
	v        *Validator // nil when no spec applies or it failed to load
	op       operation
	resolved bool
	problems []string
}

// beginExchange picks the spec, resolves the operation and checks the request.
func beginExchange(req *http.Request, body []byte) *exchange {
	s, ok := SpecFor(req.URL.Path)
	if !ok {
		return &exchange{problems: []string{fmt.Sprintf(
			"no spec covers path %s (expected a /api/v9, /webhooks/api/v1, /reports/api/v3 or /v2/ prefix)", req.URL.Path)}}
	}
	v, err := Load(s)
	if err != nil {
		return &exchange{problems: []string{err.Error()}}
	}
	ex := &exchange{v: v}
	op, problem := v.resolve(req)
	if problem != "" {
		ex.problems = []string{problem}
		return ex
	}
	ex.op, ex.resolved = op, true
	ex.problems = v.requestProblems(req, body, op)
	return ex
}

// finish checks the response, unless the operation was never found.
func (ex *exchange) finish(req *http.Request, resp *http.Response, body []byte) {
	if ex.resolved {
		ex.problems = append(ex.problems, ex.v.responseProblems(req, ex.op, resp, body)...)
	}
}

// report sends all problems of the exchange as one error, naming method, path and status.
func (ex *exchange) report(r Reporter, req *http.Request, status string) {
	if len(ex.problems) == 0 {
		return
	}
	r.Helper()
	spec := "no"
	if ex.v != nil {
		spec = "the " + ex.v.spec.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "contract: %s %s → %s breaks %s spec:", req.Method, req.URL.Path, status, spec)
	for _, p := range ex.problems {
		b.WriteString("\n    - " + p)
	}
	r.Errorf("%s", b.String())
}
