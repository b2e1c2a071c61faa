package contract

import (
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	"github.com/pb33f/libopenapi-validator/router"
)

// Validator checks requests and responses against one spec. It is safe for concurrent use.
type Validator struct {
	spec   Spec
	routes router.Router // the same path-only matching the validator does, kept to name the operation

	// checkMu serialises every call into check. Schemas are compiled on first use (lazy_cache.go),
	// and compiling renders the shared high-level schema model, which libopenapi mutates while it
	// renders (DynamicValue.MarshalYAMLInlineWithContext sets inline/renderCtx), so two first
	// checks in parallel race (TestFirstChecksRunConcurrently).
	// A whole CheckResponse of a compiled schema measured 35–60 µs (0.26–0.36 ms under -race), so
	// one lock per spec costs parallel tests little, far less than compiling everything up front.
	checkMu sync.Mutex
	check   validator.Validator
}

// loaders builds each spec at most once per process, on first use, so a test binary that only
// talks to Attio never pays for parsing Toggl's specs.
var loaders = func() (l [len(specInfos)]func() (*Validator, error)) {
	for i := range l {
		s := Spec(i)
		l[i] = sync.OnceValues(func() (*Validator, error) { return build(s) })
	}
	return l
}()

// Load builds (once per process, cached, goroutine-safe) the validator for one spec.
func Load(s Spec) (*Validator, error) {
	if s < 0 || int(s) >= len(loaders) {
		return nil, fmt.Errorf("contract: unknown spec %d", int(s))
	}
	return loaders[s]()
}

func build(s Spec) (*Validator, error) { return buildWith(s, rewrites) }

// buildWith builds a validator for s with only the given rewrites applied.
func buildWith(s Spec, rws []rewrite) (*Validator, error) {
	raw, err := specs.ReadFile(specInfos[s].file)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	raw, err = applyRewrites(s, raw, rws)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	doc, err := libopenapi.NewDocument(raw)
	if err != nil {
		return nil, fmt.Errorf("contract: parsing %s: %w", s, err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		return nil, fmt.Errorf("contract: building %s model: %w", s, err)
	}
	m := &model.Model
	// Default options, but for the lazily filled schema cache: format assertions stay off (Attio
	// declares timestamps as format: date); security, query, body and response-status
	// validation stay on.
	schemas := newLazySchemaCache()
	check := validator.NewValidatorFromV3Model(m, config.WithSchemaCache(schemas))
	schemas.warmed()
	return &Validator{
		spec:   s,
		check:  check,
		routes: router.NewRouter(m, router.WithPathOnlyMatching()),
	}, nil
}

// operation is what a request resolved to: a spec operation, or an allow-listed missing one.
type operation struct {
	route *router.Route
	known *knownMissing
}

// resolve finds the operation a request targets and records it as covered. The problem string
// is set when there is none: wrong prefix, unknown path or undeclared method.
func (v *Validator) resolve(req *http.Request) (operation, string) {
	if got, ok := SpecFor(req.URL.Path); !ok || got != v.spec {
		return operation{}, fmt.Sprintf("path %s is not under the %s spec's prefix %s",
			req.URL.Path, v.spec, specInfos[v.spec].prefix)
	}
	route, err := v.routes.FindRoute(req)
	if err == nil {
		recordCoverage(v.spec, req.Method, route.Path, false)
		return operation{route: route}, ""
	}
	if km := findKnownMissing(v.spec, req.Method, v.spec.specPath(req.URL.Path)); km != nil {
		recordCoverage(v.spec, km.method, km.template, true)
		return operation{known: km}, ""
	}
	switch {
	case errors.Is(err, router.ErrMethodNotAllowed) && route != nil:
		return operation{}, fmt.Sprintf("the %s spec has path %s but no %s operation on it",
			v.spec, route.Path, req.Method)
	case errors.Is(err, router.ErrAmbiguousPath):
		return operation{}, fmt.Sprintf("path %s matches several %s operations", req.URL.Path, v.spec)
	default:
		return operation{}, fmt.Sprintf("the %s spec has no path matching %s (not on the known-missing list either)",
			v.spec, req.URL.Path)
	}
}

// CheckRequest returns the request's problems; nil when valid. It reads req.Body and puts back
// an unread copy.
func (v *Validator) CheckRequest(req *http.Request) []string {
	body, err := readBody(req.Body)
	if err != nil {
		return []string{fmt.Sprintf("request body could not be read: %v", err)}
	}
	if req.Body != nil {
		req.Body = bodyReader(body)
	}
	op, problem := v.resolve(req)
	if problem != "" {
		return []string{problem}
	}
	return v.requestProblems(req, body, op)
}

// CheckResponse returns the problems of resp as an answer to req; nil when valid. It reads
// resp.Body and puts back an unread copy; req.Body is not read.
func (v *Validator) CheckResponse(req *http.Request, resp *http.Response) []string {
	body, err := readBody(resp.Body)
	if err != nil {
		return []string{fmt.Sprintf("response body could not be read: %v", err)}
	}
	resp.Body = bodyReader(body)
	op, problem := v.resolve(req)
	if problem != "" {
		return []string{problem}
	}
	return v.responseProblems(req, op, resp, body)
}

func (v *Validator) requestProblems(req *http.Request, body []byte, op operation) []string {
	problems := v.authProblems(req, op)
	if op.known != nil {
		return problems // no schema to check against
	}
	v.checkMu.Lock()
	ok, errs := v.check.ValidateHttpRequest(withBody(req, body))
	v.checkMu.Unlock()
	if !ok {
		problems = append(problems, describe(errs)...)
	}
	return problems
}

func (v *Validator) responseProblems(req *http.Request, op operation, resp *http.Response, body []byte) []string {
	if op.known != nil {
		return nil // no schema to check against
	}
	status := resp.StatusCode
	switch {
	case status == http.StatusTooManyRequests:
		// 429 is in neither spec (docs/api/contract-testing.md), yet both vendors rate-limit every call.
		return nil
	case !statusDeclared(op.route, status):
		if undeclaredStatusAllowed(v.spec, op.route, status) {
			return nil
		}
		return []string{fmt.Sprintf("status %d is not declared for %s %s (declared: %s)",
			status, op.route.Method, op.route.Path, declaredStatuses(op.route))}
	case bodilessSuccessAllowed(v.spec, op.route, status, body):
		// "Returns only status code." operations answer with no body (status_only.go).
		return nil
	case v.spec.isToggl() && status >= 400 && mediaType(resp.Header) == "text/plain":
		// Toggl error bodies are typed `string` under application/json; whether Toggl sends a JSON
		// string or plain text is unconfirmed (docs/api/contract-testing.md), so plain text is accepted
		// once the status itself is declared.
		return nil
	}
	return v.specResponseProblems(req, resp, body)
}

// specResponseProblems is the library's verdict on a response, with none of the exceptions above.
func (v *Validator) specResponseProblems(req *http.Request, resp *http.Response, body []byte) []string {
	probe := *resp
	probe.Body = bodyReader(body) // http.NoBody when empty, see bodyReader
	v.checkMu.Lock()
	ok, errs := v.check.ValidateHttpResponse(withBody(req, nil), &probe)
	v.checkMu.Unlock()
	if !ok {
		return describe(errs)
	}
	return nil
}
