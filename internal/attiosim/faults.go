package attiosim

import (
	"net/http"
	"strings"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

const (
	FaultStatus    FaultKind = "status"     // answer Fault.Status (default 503) with an error body
	FaultRateLimit FaultKind = "rate_limit" // answer 429 with Retry-After, like the limiter
	FaultLatency   FaultKind = "latency"    // wait Fault.Latency (Clock.Sleep), then answer normally
	FaultTimeout   FaultKind = "timeout"    // hold the request until the client gives up, Close, or Fault.Latency passes
	FaultDrop      FaultKind = "drop"       // close the connection without an answer
)

// Fault injects a failure into matching requests.
type Fault struct {
	Kind       FaultKind
	PathPrefix string  // "" matches every path, e.g. "/v2/objects/projects/records"
	Method     string  // "" matches every method
	Rate       float64 // probability per matching request, drawn from Config.Rand; 0 means always
	Status     int     // for FaultStatus; default 503
	Latency    time.Duration
	// AfterWrite applies the request first, then fails the answer: the client sees an error for
	// a change that happened, the case idempotent clients must survive.
	AfterWrite bool
	Times      int // inject at most this many times; 0: no cap
}

type faultState struct {
	Fault
	used int
}

// SetFaults replaces the fault list at run time.
func (s *Sim) SetFaults(faults []Fault) {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	s.setFaultsLocked(faults)
}

func (s *Sim) setFaultsLocked(faults []Fault) {
	s.faults = s.faults[:0]
	for _, f := range faults {
		s.faults = append(s.faults, &faultState{Fault: f})
	}
}

// pickFault returns the first fault that matches the request and fires, or nil.
func (s *Sim) pickFault(r *http.Request) *Fault {
	s.ctl.Lock()
	defer s.ctl.Unlock()
	for _, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.PathPrefix) {
			continue
		}
		if f.Times > 0 && f.used >= f.Times {
			continue
		}
		if f.Rate > 0 && s.rnd.Float64() >= f.Rate {
			continue
		}
		f.used++
		fired := f.Fault
		return &fired
	}
	return nil
}

// injectBefore applies a fault before the request is handled; false means "carry on".
func (s *Sim) injectBefore(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	s.stats.fault(f.Kind)
	if f.Kind == FaultLatency {
		_ = s.clock.Sleep(r.Context(), f.Latency)
		s.stampDate(w)
		return false
	}
	s.failAnswer(w, r, f)
	return true
}

// injectAfter applies a fault once the request's change is made; false means "answer normally".
func (s *Sim) injectAfter(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	s.stats.fault(f.Kind)
	if f.Kind == FaultLatency {
		_ = s.clock.Sleep(r.Context(), f.Latency)
		s.stampDate(w)
		return false
	}
	s.failAnswer(w, r, f)
	return true
}

func (s *Sim) failAnswer(w http.ResponseWriter, r *http.Request, f *Fault) {
	switch f.Kind {
	case FaultRateLimit:
		s.stats.status(http.StatusTooManyRequests)
		writeRateLimit(w, s.clock.Now(), s.cfg.Compat.RateLimitBodyRetryAfter)
	case FaultTimeout:
		var after <-chan time.Time
		if f.Latency > 0 {
			t := time.NewTimer(f.Latency)
			defer t.Stop()
			after = t.C
		}
		select {
		case <-r.Context().Done():
		case <-s.done:
		case <-after:
		}
		s.stats.status(http.StatusGatewayTimeout)
		writeError(w, &apiError{Status: http.StatusGatewayTimeout, Type: "api_error", Code: "timeout", Message: "Injected timeout."})
	case FaultDrop:
		panic(http.ErrAbortHandler) // net/http closes the connection without a response
	default:
		status := f.Status
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
		s.stats.status(status)
		writeError(w, &apiError{Status: status, Type: "api_error", Code: "internal_error", Message: "Injected fault."})
	}
}
