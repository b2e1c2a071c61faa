package attiosim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"

	"toggl-attio-sync/internal/signature"
)

// Delivery is one HTTP attempt to deliver a webhook message.
type Delivery struct {
	WebhookID      string
	IdempotencyKey string // one per message, the same on every retry and duplicate
	URL            string
	Attempt        int  // 1 for the first try, 2… for retries
	Duplicate      bool // an injected second delivery of a message already delivered
	EventTypes     []string
	Body           []byte
	Header         http.Header
	StatusCode     int // 0 when no response arrived
	Err            string
	At             time.Time
}

// message is one delivery body: a batch of events for one webhook.
type message struct {
	webhookID, key string
	body           []byte
	types          []string
}

// userAgent: docs/api/attio.md §5 "request headers Attio-Signature, User-Agent: Attio 2.0
// (https://attio.com/developers/using-webhooks), Content-Type: application/json".
const userAgent = "Attio 2.0 (https://attio.com/developers/using-webhooks)"

type deliveryEngine struct {
	s      *Sim
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{}

	mu      sync.Mutex
	queue   map[string][]event // webhook id → events not yet in a message
	order   []string           // webhook ids with queued events, first come first served
	held    bool
	busy    int           // messages taken but not finished (first attempt or retries pending)
	changed chan struct{} // closed and replaced whenever queue or busy change
	log     []Delivery
	targets map[string]*targetWindow
}

type targetWindow struct {
	second int64
	count  int
}

func newDeliveryEngine(s *Sim) *deliveryEngine {
	ctx, cancel := context.WithCancel(context.Background())
	d := &deliveryEngine{s: s, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1),
		queue: map[string][]event{}, changed: make(chan struct{}), targets: map[string]*targetWindow{}}
	d.wg.Add(1)
	go d.loop()
	return d
}

func (d *deliveryEngine) stop() {
	d.cancel()
	d.wg.Wait()
}

func (d *deliveryEngine) notifyLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

func (d *deliveryEngine) kick() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// enqueue routes events to the webhooks whose subscriptions match; called under s.mu. Inactive
// webhooks receive nothing (SPEC webhook.status "Webhooks marked as active and degraded will
// receive events, inactive ones will not").
func (d *deliveryEngine) enqueue(events []event) {
	if len(events) == 0 {
		return
	}
	now := d.s.clock.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, w := range d.s.webhooks {
		if w.status(now) == "inactive" {
			continue
		}
		for _, ev := range events {
			if !slices.ContainsFunc(w.subs, func(sub subscription) bool { return sub.matches(ev) }) {
				continue
			}
			if len(d.queue[w.id]) == 0 {
				d.order = append(d.order, w.id)
			}
			d.queue[w.id] = append(d.queue[w.id], ev)
		}
	}
	d.notifyLocked()
	d.kick()
}

func (d *deliveryEngine) loop() {
	defer d.wg.Done()
	cfg := d.s.cfg.Deliveries
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-d.wake:
		}
		if cfg.BatchWindow > 0 && d.s.clock.Sleep(d.ctx, cfg.BatchWindow) != nil {
			return
		}
		for _, m := range d.take() {
			d.first(m)
		}
	}
}

// take turns queued events into messages of up to BatchSize events (docs/api/attio.md §5 "Envelope
// (batched): {"webhook_id":"<uuid>","events":[…]}"), then applies the reorder fault.
func (d *deliveryEngine) take() []message {
	cfg := d.s.cfg.Deliveries
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.held {
		return nil
	}
	var msgs []message
	for _, wid := range d.order {
		evs := d.queue[wid]
		for start := 0; start < len(evs); start += cfg.BatchSize {
			chunk := evs[start:min(start+cfg.BatchSize, len(evs))]
			payloads := make([]any, len(chunk))
			types := make([]string, len(chunk))
			for i, ev := range chunk {
				payloads[i], types[i] = ev.payload, ev.typ
			}
			body, _ := json.Marshal(map[string]any{"webhook_id": wid, "events": payloads})
			msgs = append(msgs, message{webhookID: wid, key: d.s.rnd.newID(), body: body, types: types})
		}
	}
	d.queue, d.order = map[string][]event{}, nil
	for i := 0; i+1 < len(msgs); i++ {
		if cfg.ReorderRate > 0 && d.s.rnd.Float64() < cfg.ReorderRate {
			msgs[i], msgs[i+1] = msgs[i+1], msgs[i]
			i++
		}
	}
	d.busy += len(msgs)
	if len(msgs) > 0 {
		d.notifyLocked()
	}
	return msgs
}

// first makes the first attempt; failures go on to retries in their own goroutine, so one
// failing receiver does not hold up the others.
func (d *deliveryEngine) first(m message) {
	cfg := d.s.cfg.Deliveries
	if cfg.Delay > 0 && (cfg.DelayRate == 0 || d.s.rnd.Float64() < cfg.DelayRate) {
		if d.s.clock.Sleep(d.ctx, cfg.Delay) != nil {
			d.finish()
			return
		}
	}
	if d.attempt(m, 1, false) {
		// docs/api/attio.md §5 "At-least-once": the duplicate fault re-sends with the same Idempotency-Key.
		if cfg.DuplicateRate > 0 && d.s.rnd.Float64() < cfg.DuplicateRate {
			d.attempt(m, 1, true)
		}
		d.finish()
		return
	}
	d.wg.Add(1)
	go d.retry(m)
}

// retry follows the back-off schedule; when it runs out the webhook is degraded (docs/api/attio.md §5 "retry
// delivery of the message up to 10 times with an exponential back-off … after which, the webhook
// will be marked as degraded").
func (d *deliveryEngine) retry(m message) {
	defer d.wg.Done()
	defer d.finish()
	for i, wait := range d.s.cfg.Deliveries.Backoff {
		if d.s.clock.Sleep(d.ctx, wait) != nil {
			return
		}
		if d.attempt(m, i+2, false) {
			return
		}
	}
	d.s.mu.Lock()
	if w := d.s.findWebhook(m.webhookID); w != nil && w.degradedAt == nil {
		t := d.s.clock.Now()
		w.degradedAt = &t
	}
	d.s.mu.Unlock()
}

func (d *deliveryEngine) finish() {
	d.mu.Lock()
	d.busy--
	d.notifyLocked()
	d.mu.Unlock()
}

// attempt POSTs a message once; true means done (delivered, or nothing left to deliver to).
// Success is any 2xx (docs/api/attio.md §5 "Success = any 2xx").
func (d *deliveryEngine) attempt(m message, n int, duplicate bool) bool {
	s := d.s
	s.mu.Lock()
	w := s.findWebhook(m.webhookID)
	if w == nil || w.status(s.clock.Now()) == "inactive" {
		s.mu.Unlock()
		return true // deleted or inactive webhooks get no more deliveries
	}
	target, secret := w.targetURL, w.secret
	s.mu.Unlock()
	if !d.waitTarget(target) {
		return false
	}

	ctx, cancel := context.WithTimeout(d.ctx, s.cfg.Deliveries.AttemptTimeout)
	defer cancel()
	rec := Delivery{WebhookID: m.webhookID, IdempotencyKey: m.key, URL: target, Attempt: n, Duplicate: duplicate,
		EventTypes: m.types, Body: m.body, At: s.clock.Now()}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(m.body))
	if err == nil {
		sig := signature.SignAttio(secret, m.body)
		// docs/api/attio.md §5 "Signature: header Attio-Signature (duplicated as X-Attio-Signature …) = hex
		// HMAC-SHA256 of the raw request body keyed with the webhook secret"; "Idempotency-Key
		// header: different per message, same across retries/redeliveries".
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", userAgent)
		req.Header.Set(signature.AttioHeader, sig)
		req.Header.Set(signature.AttioLegacyHeader, sig)
		req.Header.Set("Idempotency-Key", m.key)
		rec.Header = req.Header.Clone()
		var resp *http.Response
		if resp, err = s.cfg.HTTPClient.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			rec.StatusCode = resp.StatusCode
		}
	}
	if err != nil {
		rec.Err = err.Error()
	}
	ok := rec.StatusCode >= 200 && rec.StatusCode < 300
	d.mu.Lock()
	d.log = append(d.log, rec)
	d.mu.Unlock()
	if ok {
		s.mu.Lock()
		w.degradedAt = nil // a delivered message brings a degraded webhook back to active
		s.mu.Unlock()
	}
	return ok
}

// waitTarget keeps attempts per target URL within Deliveries.RatePerTarget per second (docs/api/attio.md
// §5 "Delivery rate limit: max 25 requests/second per target URL").
func (d *deliveryEngine) waitTarget(target string) bool {
	rate := d.s.cfg.Deliveries.RatePerTarget
	if rate < 0 {
		return true
	}
	for {
		d.mu.Lock()
		now := d.s.clock.Now()
		tw := d.targets[target]
		if tw == nil {
			tw = &targetWindow{}
			d.targets[target] = tw
		}
		if tw.second != now.Unix() {
			tw.second, tw.count = now.Unix(), 0
		}
		if tw.count < rate {
			tw.count++
			d.mu.Unlock()
			return true
		}
		wait := now.Truncate(time.Second).Add(time.Second).Sub(now)
		d.mu.Unlock()
		if d.s.clock.Sleep(d.ctx, wait) != nil {
			return false
		}
	}
}

// HoldDeliveries queues webhook events without sending them, until ReleaseDeliveries or
// WaitIdle; with Deliveries.BatchSize > 1 the held events then go out in batches.
func (s *Sim) HoldDeliveries() {
	s.deliv.mu.Lock()
	s.deliv.held = true
	s.deliv.mu.Unlock()
}

// ReleaseDeliveries sends held events.
func (s *Sim) ReleaseDeliveries() {
	s.deliv.mu.Lock()
	s.deliv.held = false
	s.deliv.mu.Unlock()
	s.deliv.kick()
}

// WaitIdle releases held events and returns once no event is queued, no delivery is in flight
// and no retry is pending, or when ctx ends. With real time and the default back-off a failing
// receiver keeps it waiting for days: tests use a ManualClock or a short Deliveries.Backoff.
func (s *Sim) WaitIdle(ctx context.Context) error {
	s.ReleaseDeliveries()
	d := s.deliv
	for {
		d.mu.Lock()
		idle := len(d.order) == 0 && d.busy == 0
		ch := d.changed
		d.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		case <-d.ctx.Done():
			return d.ctx.Err()
		}
	}
}

// Deliveries returns every delivery attempt so far, oldest first.
func (s *Sim) Deliveries() []Delivery {
	s.deliv.mu.Lock()
	defer s.deliv.mu.Unlock()
	out := make([]Delivery, len(s.deliv.log))
	for i, d := range s.deliv.log {
		d.Body = slices.Clone(d.Body)
		d.Header = d.Header.Clone()
		d.EventTypes = slices.Clone(d.EventTypes)
		out[i] = d
	}
	return out
}
