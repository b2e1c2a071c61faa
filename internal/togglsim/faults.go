package togglsim

import (
	"net/http"
	"strings"
	"time"
)

// FaultKind is what an injected API fault does to a request.
type FaultKind int

const (
	// FaultStatus answers with Status (5xx, 429, 402, …) and a matching body.
	FaultStatus FaultKind = iota + 1
	// FaultLatency waits Latency, then serves the request normally.
	FaultLatency
	// FaultHang never answers: the request is held until the client gives up or Close.
	FaultHang
	// FaultDrop closes the connection without any response.
	FaultDrop
)

// Fault makes matching API requests misbehave. Faults apply before authentication, so they hit
// any caller; calls made through Sim.Call bypass them.
type Fault struct {
	Kind FaultKind
	// Method matches the HTTP method; empty matches all.
	Method string
	// PathPrefix matches the URL path (e.g. "/api/v9/me" or "/reports/"); empty matches all.
	PathPrefix string
	// Status is the status of a FaultStatus.
	Status int
	// QuotaExceeded turns a 402 into the quota form (quota headers and Quirks.QuotaBody)
	// instead of the feature form "Workspace needs to have this feature enabled" (docs/api/toggl.md §5:
	// "An emulator should let a test choose 402-quota versus 402-feature").
	QuotaExceeded bool
	// Body overrides the message of a FaultStatus.
	Body string
	// Latency is the wait of a FaultLatency.
	Latency time.Duration
	// Times limits the fault to this many matching requests; 0 means until removed.
	Times int
}

type faultRule struct {
	id   int
	f    Fault
	left int
}

// InjectFault adds a fault and returns a function that removes it.
func (s *Sim) InjectFault(f Fault) (remove func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultSeq++
	id := s.faultSeq
	s.faults = append(s.faults, &faultRule{id: id, f: f, left: f.Times})
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		for i, r := range s.faults {
			if r.id == id {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
				return
			}
		}
	}
}

// ClearFaults removes every injected API fault.
func (s *Sim) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// takeFault returns the first fault matching r and uses up one of its Times.
func (s *Sim) takeFault(r *http.Request) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, rule := range s.faults {
		f := rule.f
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		if rule.left > 0 {
			rule.left--
			if rule.left == 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return f, true
	}
	return Fault{}, false
}

// applyFault runs the fault matching r, if any, and reports whether it answered the request.
func (s *Sim) applyFault(w http.ResponseWriter, r *http.Request) bool {
	f, ok := s.takeFault(r)
	if !ok {
		return false
	}
	switch f.Kind {
	case FaultLatency:
		select {
		case <-time.After(f.Latency):
			return false
		case <-r.Context().Done():
		case <-s.done:
		}
		// The client is gone: abort instead of writing an answer nobody reads.
		panic(http.ErrAbortHandler)
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-s.done:
		}
		panic(http.ErrAbortHandler)
	case FaultDrop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return true
			}
		}
		// The server recovers this panic and drops the connection without logging.
		panic(http.ErrAbortHandler)
	default:
		s.writeFaultStatus(w, f)
		return true
	}
}

func (s *Sim) writeFaultStatus(w http.ResponseWriter, f Fault) {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	msg := f.Body
	switch {
	case status == http.StatusPaymentRequired && f.QuotaExceeded:
		setQuotaHeaders(w, 0, s.cfg.Quota.Window)
		if msg == "" {
			msg = s.cfg.Quirks.QuotaBody
		}
	case status == http.StatusPaymentRequired:
		if msg == "" {
			msg = msgFeatureNotInPlan
		}
	case status == http.StatusTooManyRequests:
		if msg == "" {
			msg = s.cfg.Quirks.RateLimitBody
		}
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	s.writeErr(w, status, msg)
}

// msgFeatureNotInPlan is the Reports 402 (docs/api/toggl.md §4.5: "402 \"Workspace needs to have this
// feature enabled\"").
const msgFeatureNotInPlan = "Workspace needs to have this feature enabled"
