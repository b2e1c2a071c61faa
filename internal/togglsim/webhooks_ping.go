package togglsim

import (
	"encoding/json"
	"fmt"

	"toggl-attio-sync/internal/signature"
)

// ping sends a PING to a subscription synchronously and returns the probe error message ("" on
// a 2xx). docs/api/toggl.md §1.2: "on create, update and enable the server probes `url_callback`
// synchronously and rejects the request unless the probe gets a 2xx"; the probe being the
// PING is UNCONFIRMED. The answer is parsed for synchronous validation (§2.1: "the receiver
// answers the PING with a body {"validation_code": "<validation_code>"}"). No lock is held
// while the receiver runs, so it may call back (e.g. GET /validate).
func (s *Sim) ping(sid int64, put bool) string {
	s.mu.Lock()
	sub := s.st.subs[sid]
	if sub == nil {
		s.mu.Unlock()
		return fmt.Sprintf("subscription %d was not found", sid)
	}
	snap := sub.clone()
	sentAt := s.now()
	validationURL := fmt.Sprintf("%s/webhooks/api/v1/validate/%d/%d/%s", s.publicBase(), snap.WorkspaceID, snap.ID, snap.ValidationCode)
	body := pingEnvelope(&snap, sentAt, validationURL)
	s.mu.Unlock()

	sig := signature.SignToggl(snap.Secret, body)
	status, resp, err := s.send(snap.URLCallback, body, sig, s.cfg.Delivery.ProbeTimeout)

	s.mu.Lock()
	defer s.mu.Unlock()
	d := Delivery{SubscriptionID: sid, Ping: true, URL: snap.URLCallback, Body: body, Signature: sig, At: sentAt, StatusCode: status, ResponseBody: resp}
	if err != nil {
		d.Err = err.Error()
	}
	s.record(d)
	if err != nil {
		// docs/api/toggl.md §1.2: "URL endpoint {url_callback} request failed with error: {HTTP error}".
		return fmt.Sprintf("URL endpoint %s request failed with error: %v", snap.URLCallback, err)
	}
	if status/100 != 2 {
		// docs/api/toggl.md §1.2: "… instead of 200" on POST, "instead of 2xx" on PUT.
		want := "200"
		if put {
			want = "2xx"
		}
		return fmt.Sprintf("URL endpoint %s responded with status %d instead of %s", snap.URLCallback, status, want)
	}
	if snap.ValidatedAt == nil {
		var answer struct {
			ValidationCode string `json:"validation_code"`
		}
		cur := s.st.subs[sid]
		if json.Unmarshal(resp, &answer) == nil && cur != nil && cur.ValidatedAt == nil &&
			answer.ValidationCode != "" && answer.ValidationCode == cur.ValidationCode {
			now := s.now()
			cur.ValidatedAt = &now
		}
	}
	return ""
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randomString draws n characters from set. Caller holds Sim.mu (the Rand is not safe for
// concurrent use).
func (s *Sim) randomString(n int, set string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[s.cfg.Rand.IntN(len(set))]
	}
	return string(b)
}

// newValidationCode is "32 lowercase hex characters" (docs/api/toggl.md §2.1). Caller holds Sim.mu.
func (s *Sim) newValidationCode() string { return s.randomString(32, "0123456789abcdef") }

// newSecret makes a secret shaped like the docs' "PGuRrhCFajIyEvFlreKL" (docs/api/toggl.md §3); docs/api/toggl.md
// §1.3: "generated automatically if omitted on create". Caller holds Sim.mu.
func (s *Sim) newSecret() string { return s.randomString(20, alnum) }
