package togglsim

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"toggl-attio-sync/internal/signature"
)

// deliveryState holds the per-subscription queues. Guarded by Sim.mu.
//
// Each subscription has one worker goroutine that takes everything queued as a batch (shuffled
// under the Reorder fault) and sends the events one by one, retrying each on the configured
// schedule before moving on. Delivery is at least once (docs/api/toggl.md §2.4: "It should deliver at
// least once, so consumers must dedupe on event_id, and it should be able to send out of
// order").
type deliveryState struct {
	faults   DeliveryFaults
	dropRand *rand.Rand // DropShare draws, seeded with faults.DropSeed
	paused   bool
	resume   chan struct{} // closed by ResumeDeliveries
	queues   map[int64]*subQueue
	pending  int           // events queued or in flight
	idle     chan struct{} // closed while pending == 0
}

type subQueue struct {
	items []*Event
	wake  chan struct{}
}

func newDeliveryState(f DeliveryFaults) deliveryState {
	idle := make(chan struct{})
	close(idle)
	return deliveryState{faults: f, dropRand: dropRand(f.DropSeed), queues: map[int64]*subQueue{}, idle: idle, resume: make(chan struct{})}
}

func dropRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// dropEvent reports whether the delivery faults lose the event just fired (the eventSeq-th).
// Caller holds Sim.mu.
func (s *Sim) dropEvent() bool {
	f := s.dq.faults
	if f.DropEvery > 0 && s.st.eventSeq%int64(f.DropEvery) == 0 {
		return true
	}
	return f.DropShare > 0 && s.dq.dropRand.Float64() < f.DropShare
}

// enqueue queues an event for its subscription's worker. Caller holds Sim.mu.
func (s *Sim) enqueue(ev *Event) {
	if s.closed {
		ev.Done, ev.LastDeliveryError = true, "emulator closed"
		return
	}
	q := s.dq.queues[ev.SubscriptionID]
	if q == nil {
		q = &subQueue{wake: make(chan struct{}, 1)}
		s.dq.queues[ev.SubscriptionID] = q
		s.workers.Add(1)
		go s.worker(q)
	}
	q.items = append(q.items, ev)
	if s.dq.pending == 0 {
		s.dq.idle = make(chan struct{})
	}
	s.dq.pending++
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// finish marks an event as no longer pending. Caller holds Sim.mu.
func (s *Sim) finish(ev *Event) {
	if ev.Done {
		return
	}
	ev.Done = true
	s.dq.pending--
	if s.dq.pending == 0 {
		close(s.dq.idle)
	}
}

func (s *Sim) worker(q *subQueue) {
	defer s.workers.Done()
	for {
		select {
		case <-q.wake:
		case <-s.done:
			s.abandon(q)
			return
		}
		for {
			s.mu.Lock()
			if s.dq.paused {
				resume := s.dq.resume
				s.mu.Unlock()
				select {
				case <-resume:
					continue
				case <-s.done:
					s.abandon(q)
					return
				}
			}
			batch := q.items
			q.items = nil
			if s.dq.faults.Reorder {
				s.cfg.Rand.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
			}
			s.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			for i, ev := range batch {
				if !s.deliverEvent(ev) {
					s.mu.Lock()
					for _, rest := range batch[i:] {
						s.finish(rest)
					}
					s.mu.Unlock()
					s.abandon(q)
					return
				}
			}
		}
	}
}

// abandon drops what is left in a queue when the emulator closes.
func (s *Sim) abandon(q *subQueue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ev := range q.items {
		s.finish(ev)
	}
	q.items = nil
}

// sleep waits d unless the emulator closes first.
func (s *Sim) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-s.done:
		return false
	}
}

// deliverEvent applies the delay and copy faults and sends the event. It returns false when
// the emulator closed.
func (s *Sim) deliverEvent(ev *Event) bool {
	s.mu.Lock()
	faults := s.dq.faults
	s.mu.Unlock()
	if !s.sleep(faults.Delay) {
		return false
	}
	for range max(1, faults.Copies) {
		if !s.sendWithRetries(ev) {
			return false
		}
	}
	s.mu.Lock()
	s.finish(ev)
	s.mu.Unlock()
	return true
}

// sendWithRetries posts one copy of an event until a 2xx or the schedule runs out. A
// subscription that was deleted or disabled meanwhile stops the attempts. It returns false when
// the emulator closed.
func (s *Sim) sendWithRetries(ev *Event) bool {
	schedule := s.cfg.Delivery.RetrySchedule
	for attempt := 0; ; attempt++ {
		s.mu.Lock()
		sub := s.st.subs[ev.SubscriptionID]
		if sub == nil || sub.DeletedAt != nil || !sub.Enabled {
			ev.LastDeliveryError = "subscription disabled or deleted"
			s.mu.Unlock()
			return true
		}
		url, secret := sub.URLCallback, sub.Secret
		s.mu.Unlock()

		if s.post(ev, url, secret) {
			s.mu.Lock()
			ev.Delivered = true
			sub.ConsecutiveFailures = 0
			s.mu.Unlock()
			return true
		}
		if attempt >= len(schedule) {
			s.mu.Lock()
			sub.ConsecutiveFailures++
			if n := s.cfg.Delivery.AutoDisableAfter; n > 0 && sub.ConsecutiveFailures >= n {
				// Auto-disable is UNCONFIRMED (docs/api/toggl.md §2.4); off unless configured.
				sub.Enabled = false
				now := s.now()
				sub.UpdatedAt = &now
			}
			s.mu.Unlock()
			return true
		}
		if !s.sleep(schedule[attempt]) {
			return false
		}
	}
}

// post makes one signed delivery attempt and records it. docs/api/toggl.md §2: a POST with a JSON body
// and "Header `X-Webhook-Signature-256: sha256=<hex>`" (§3).
func (s *Sim) post(ev *Event, url, secret string) bool {
	s.mu.Lock()
	sentAt := s.now()
	body := entityEnvelope(ev, url, sentAt)
	s.mu.Unlock()
	sig := signature.SignToggl(secret, body)
	status, respBody, err := s.send(url, body, sig, s.cfg.Delivery.Timeout)

	s.mu.Lock()
	defer s.mu.Unlock()
	d := Delivery{
		SubscriptionID: ev.SubscriptionID, EventID: ev.ID, URL: url, Body: body, Signature: sig,
		At: sentAt, StatusCode: status, ResponseBody: respBody,
	}
	ok := err == nil && status/100 == 2
	ev.LastDeliveryAttempt = &sentAt
	switch {
	case err != nil:
		d.Err = err.Error()
		ev.LastDeliveryError = d.Err
	case !ok:
		ev.LastDeliveryError = fmt.Sprintf("URL endpoint %s responded with status %d", url, status)
	default:
		ev.LastDeliveryError = ""
	}
	if !ok {
		ev.FailedDeliveryAttempts++
	}
	s.record(d)
	return ok
}

// maxDeliveries bounds the delivery log of a long-running demo; the oldest records go first.
const maxDeliveries = 10000

// record appends to the delivery log. Caller holds Sim.mu.
func (s *Sim) record(d Delivery) {
	if len(s.st.deliveries) >= maxDeliveries {
		s.st.deliveries = append(s.st.deliveries[:0], s.st.deliveries[len(s.st.deliveries)-maxDeliveries+1:]...)
	}
	s.st.deliveries = append(s.st.deliveries, d)
}

// send POSTs a signed JSON body and returns the status and (up to 64 KiB of) the answer.
func (s *Sim) send(url string, body []byte, sig string, timeout time.Duration) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(s.base, timeout) // Close cancels s.base
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(signature.TogglHeader, sig)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	respBody, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, respBody, nil
}

// PauseDeliveries holds queued entity events until ResumeDeliveries (events in flight finish).
// With DeliveryFaults.Reorder this builds the batch that gets shuffled.
func (s *Sim) PauseDeliveries() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dq.paused {
		s.dq.paused = true
		s.dq.resume = make(chan struct{})
	}
}

// ResumeDeliveries releases events held by PauseDeliveries.
func (s *Sim) ResumeDeliveries() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dq.paused {
		s.dq.paused = false
		close(s.dq.resume)
	}
}

// SetDeliveryFaults replaces the delivery faults for events not yet sent; DropShare draws
// restart from DropSeed.
func (s *Sim) SetDeliveryFaults(f DeliveryFaults) {
	s.mu.Lock()
	s.dq.faults, s.dq.dropRand = f, dropRand(f.DropSeed)
	s.mu.Unlock()
}

// DeliveryFaults returns the delivery faults in force.
func (s *Sim) DeliveryFaults() DeliveryFaults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dq.faults
}

// WaitIdle blocks until no entity event is queued or in flight (retries included), or ctx
// ends. PINGs are synchronous and never pending.
func (s *Sim) WaitIdle(ctx context.Context) error {
	for {
		s.mu.Lock()
		idle := s.dq.idle
		pending := s.dq.pending
		s.mu.Unlock()
		if pending == 0 {
			return nil
		}
		select {
		case <-idle:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// hasPending reports whether a subscription has undelivered events. Caller holds Sim.mu.
func (s *Sim) hasPending(sid int64) bool {
	for _, ev := range s.st.events[sid] {
		if !ev.Done {
			return true
		}
	}
	return false
}
