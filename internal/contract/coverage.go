package contract

import (
	"slices"
	"sync"
)

// coverage is process-wide: every client and emulator test in one test binary adds to it.
var coverage = struct {
	sync.Mutex
	seen map[string]struct{}
}{seen: map[string]struct{}{}}

func recordCoverage(s Spec, method, template string, knownMissing bool) {
	entry := s.String() + " " + method + " " + template
	if knownMissing {
		entry += " (not in spec, allow-listed)"
	}
	coverage.Lock()
	coverage.seen[entry] = struct{}{}
	coverage.Unlock()
}

// Covered returns "<spec> METHOD /spec/path/template" (e.g. "toggl-track GET /me",
// "attio POST /v2/objects/{object}/records") for every operation validated so far in this
// process, sorted. Templates are the spec's own, so Track and Webhooks ones lack their
// /api/v9 and /webhooks/api/v1 base paths. Allow-listed operations end in
// " (not in spec, allow-listed)".
func Covered() []string {
	coverage.Lock()
	defer coverage.Unlock()
	out := make([]string, 0, len(coverage.seen))
	for entry := range coverage.seen {
		out = append(out, entry)
	}
	slices.Sort(out)
	return out
}
