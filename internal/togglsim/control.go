package togglsim

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// ControlPrefix is the emulator's own control surface. No Toggl path starts with it, and it is
// served before API faults, credentials, limits and quota: it is not Toggl's API, it changes
// how the emulator misbehaves while it runs (`sim`, `-demo`, a test). It needs no credentials,
// like the rest of an emulator that listens on loopback.
const ControlPrefix = "/_sim/"

// DeliveryFaultsPath reads (GET) and changes (PATCH) the delivery faults at run time.
const DeliveryFaultsPath = ControlPrefix + "delivery_faults"

// deliveryFaultsJSON is DeliveryFaults on the control surface. In a PATCH every field is
// optional; the ones sent replace the current values, the others stay.
type deliveryFaultsJSON struct {
	Copies    *int     `json:"copies,omitempty"`
	Reorder   *bool    `json:"reorder,omitempty"`
	DelayMS   *int64   `json:"delay_ms,omitempty"`
	DropEvery *int     `json:"drop_every,omitempty"`
	DropShare *float64 `json:"drop_share,omitempty"`
	DropSeed  *uint64  `json:"drop_seed,omitempty"`
}

func faultsJSON(f DeliveryFaults) map[string]any {
	return map[string]any{"copies": f.Copies, "reorder": f.Reorder, "delay_ms": f.Delay.Milliseconds(),
		"drop_every": f.DropEvery, "drop_share": f.DropShare, "drop_seed": f.DropSeed}
}

// apply returns f with the sent fields replaced, or what is wrong with them.
func (j deliveryFaultsJSON) apply(f DeliveryFaults) (DeliveryFaults, error) {
	switch {
	case j.Copies != nil && *j.Copies < 0:
		return f, fmt.Errorf("copies must be 0 or more")
	case j.DelayMS != nil && *j.DelayMS < 0:
		return f, fmt.Errorf("delay_ms must be 0 or more")
	case j.DropEvery != nil && *j.DropEvery < 0:
		return f, fmt.Errorf("drop_every must be 0 or more")
	case j.DropShare != nil && !(*j.DropShare >= 0 && *j.DropShare <= 1):
		return f, fmt.Errorf("drop_share must be between 0 and 1")
	}
	if j.Copies != nil {
		f.Copies = *j.Copies
	}
	if j.Reorder != nil {
		f.Reorder = *j.Reorder
	}
	if j.DelayMS != nil {
		f.Delay = time.Duration(*j.DelayMS) * time.Millisecond
	}
	if j.DropEvery != nil {
		f.DropEvery = *j.DropEvery
	}
	if j.DropShare != nil {
		f.DropShare = *j.DropShare
	}
	if j.DropSeed != nil {
		f.DropSeed = *j.DropSeed
	}
	return f, nil
}

// serveControl answers the control surface:
//
//	GET   /_sim/delivery_faults  → {"copies","reorder","delay_ms","drop_every","drop_share","drop_seed"}
//	PATCH /_sim/delivery_faults  {"drop_share":0.3,"drop_seed":7} → the faults now in force
func (s *Sim) serveControl(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) { writeJSON(w, status, map[string]string{"error": msg}) }
	if r.URL.Path != DeliveryFaultsPath {
		fail(http.StatusNotFound, "unknown control path "+r.URL.Path+"; try "+DeliveryFaultsPath)
		return
	}
	switch r.Method {
	case http.MethodGet:
		writeJSON(w, http.StatusOK, faultsJSON(s.DeliveryFaults()))
	case http.MethodPatch:
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			fail(http.StatusBadRequest, err.Error())
			return
		}
		var j deliveryFaultsJSON
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&j); err != nil {
			fail(http.StatusBadRequest, "body must be a JSON object of copies, reorder, delay_ms, drop_every, drop_share, drop_seed: "+err.Error())
			return
		}
		// Read and replace under one lock, so two PATCHes of different fields both count.
		s.mu.Lock()
		f, err := j.apply(s.dq.faults)
		if err == nil {
			s.dq.faults, s.dq.dropRand = f, dropRand(f.DropSeed)
		}
		s.mu.Unlock()
		if err != nil {
			fail(http.StatusBadRequest, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, faultsJSON(f))
	default:
		w.Header().Set("Allow", "GET, PATCH")
		fail(http.StatusMethodNotAllowed, r.Method+" is not allowed on "+DeliveryFaultsPath)
	}
}
