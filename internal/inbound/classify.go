package inbound

import "toggl-attio-sync/internal/failure"

// classify applies the service's one failure policy (package failure) to what an apply
// returned: a Toggl or Attio refusal waits, a failure retries, the rest is permanent. Inbound
// adds nothing of its own.
func (h *Handler) classify(err error) error { return failure.Classify(err, h.Now()) }
