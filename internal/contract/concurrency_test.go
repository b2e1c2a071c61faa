package contract

import (
	"strings"
	"sync"
	"testing"
)

// Schemas are compiled lazily (lazy_cache.go), and compiling renders the shared high-level
// schema model, which libopenapi mutates while rendering (DynamicValue.inline/renderCtx). A
// fresh validator whose first checks run in parallel must still be race-free under -race; this
// failed before Validator serialised its calls.
func TestFirstChecksRunConcurrently(t *testing.T) {
	v, err := build(Attio)
	if err != nil {
		t.Fatal(err)
	}
	const recordsPath = "/v2/objects/people/records"
	checks := []func() []string{
		func() []string {
			return v.CheckRequest(newRequest("POST", recordsPath, attioAuth, attioCreateBody))
		},
		func() []string {
			req := newRequest("GET", recordsPath+"/bf071e1f-6035-429d-b874-d83ea64ea13b", attioAuth, "")
			return v.CheckResponse(req, newResponse(200, "application/json", attioRecord("null")))
		},
		func() []string {
			req := newRequest("POST", recordsPath, attioAuth, attioCreateBody)
			return v.CheckResponse(req, newResponse(200, "application/json", attioRecord("null")))
		},
		func() []string {
			req := newRequest("PUT", recordsPath+"?matching_attribute=email_addresses", attioAuth, attioCreateBody)
			return v.CheckResponse(req, newResponse(200, "application/json", attioRecord("null")))
		},
	}
	var wg sync.WaitGroup
	failures := make(chan string, 4*len(checks))
	for range 4 {
		for _, check := range checks {
			wg.Go(func() {
				if problems := check(); len(problems) > 0 {
					failures <- strings.Join(problems, "; ")
				}
			})
		}
	}
	wg.Wait()
	close(failures)
	for f := range failures {
		t.Error(f)
	}
}
