package contract

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// fakeReporter records what Transport and Middleware report, so tests can assert on it.
type fakeReporter struct {
	mu     sync.Mutex
	errors []string
}

func (r *fakeReporter) Helper() {}

func (r *fakeReporter) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *fakeReporter) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.errors
	r.errors = nil
	return out
}

// expectReports asserts that exactly len(wants) errors were reported, the i-th containing every
// substring of wants[i].
func (r *fakeReporter) expectReports(t *testing.T, wants ...[]string) {
	t.Helper()
	got := r.take()
	if len(got) != len(wants) {
		t.Fatalf("want %d reported errors, got %d:\n%s", len(wants), len(got), strings.Join(got, "\n"))
	}
	for i, subs := range wants {
		for _, sub := range subs {
			if !strings.Contains(got[i], sub) {
				t.Errorf("report %d lacks %q:\n%s", i, sub, got[i])
			}
		}
	}
}

var _ Reporter = (*fakeReporter)(nil)
var _ Reporter = testing.TB(nil)
