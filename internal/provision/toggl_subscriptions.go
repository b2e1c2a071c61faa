package provision

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// TogglCallbackURL is where Toggl delivers a connection's events.
func TogglCallbackURL(publicURL, slug string) string {
	return strings.TrimRight(publicURL, "/") + "/webhooks/toggl/" + slug
}

// SubscriptionState is one subscription after provisioning.
type SubscriptionState struct {
	ID          int64
	Description string
	Filters     []toggl.EventFilter
	Enabled     bool
	Validated   bool
	Action      string // created | reused | updated | re-enabled
	Note        string
}

// SubscriptionsResult is what EnsureTogglSubscriptions found and did.
type SubscriptionsResult struct {
	Plan          FilterPlan
	Subscriptions []SubscriptionState
	Deleted       []int64 // surplus subscriptions of this connection
}

// AllLive reports whether every subscription is enabled and validated: only then does Toggl
// send events (docs/api/toggl.md §2).
func (r SubscriptionsResult) AllLive() bool {
	for _, s := range r.Subscriptions {
		if !s.Enabled || !s.Validated {
			return false
		}
	}
	return len(r.Subscriptions) > 0
}

// Changed reports whether anything was created, changed or deleted in Toggl.
func (r SubscriptionsResult) Changed() bool {
	for _, s := range r.Subscriptions {
		if s.Action != "reused" {
			return true
		}
	}
	return len(r.Deleted) > 0
}

// EnsureTogglSubscriptions makes the connection's Toggl subscriptions match the filter choice
// within the workspace's limits: it reuses, updates, re-enables or deletes the subscriptions
// that call this connection's URL, creates the missing ones and finishes validation.
//
// The secret of a new subscription is generated here and stored (under a temporary negative
// id) before the create call, because Toggl probes url_callback with a signed PING during the
// create (docs/api/toggl.md §1.2) and our endpoint must verify it and echo the validation code (§2.1).
// When Toggl still shows the subscription unvalidated, it asks for another PING, then uses
// GET /validate with the code the endpoint put in ValidationCodes.
func EnsureTogglSubscriptions(ctx context.Context, tc *toggl.Client, conns *connection.Service, conn *connection.Connection, publicURL string, choice FilterChoice) (SubscriptionsResult, error) {
	p := &subscriber{tc: tc, conns: conns, conn: conn, wid: conn.TogglWorkspaceID, callback: TogglCallbackURL(publicURL, conn.Slug),
		publicURL: publicURL, now: conns.Now, secrets: map[int64]string{}}
	return p.ensure(ctx, choice)
}

type subscriber struct {
	tc        *toggl.Client
	conns     *connection.Service
	conn      *connection.Connection
	wid       int64
	callback  string
	publicURL string
	now       func() time.Time
	secrets   map[int64]string // subscription id → secret known to us
}

func (p *subscriber) ensure(ctx context.Context, choice FilterChoice) (SubscriptionsResult, error) {
	var res SubscriptionsResult
	limits, err := p.tc.WebhookLimits(ctx, p.wid)
	if err != nil {
		return res, explainToggl(err, p.publicURL)
	}
	available, err := p.tc.WebhookEventFilters(ctx)
	if err != nil {
		return res, explainToggl(err, p.publicURL)
	}
	if res.Plan, err = PlanFilters(limits, available, choice); err != nil {
		return res, &UserError{Message: err.Error(), Err: err}
	}
	ours, inUse, err := p.reconcileStored(ctx)
	if err != nil {
		return res, err
	}
	assigned, taken := assignSubscriptions(ours, res.Plan.Subscriptions)
	// Surplus first, so its slot counts no more against the plan's limit.
	for j, s := range ours {
		if taken[j] {
			continue
		}
		if _, err := p.tc.DeleteSubscription(ctx, p.wid, s.ID); err != nil && !toggl.IsNotFound(err) {
			return res, explainToggl(err, p.publicURL)
		}
		if err := p.conns.DeactivateTogglSubscription(ctx, p.conn.ID, s.ID); err != nil {
			return res, err
		}
		res.Deleted = append(res.Deleted, s.ID)
	}
	for i, want := range res.Plan.Subscriptions {
		var st SubscriptionState
		var err error
		if assigned[i] >= 0 {
			st, err = p.adopt(ctx, ours[assigned[i]], want)
		} else {
			st, err = p.create(ctx, want, p.descriptions(i, len(res.Plan.Subscriptions), inUse))
		}
		if err != nil {
			return res, explainToggl(err, p.publicURL)
		}
		res.Subscriptions = append(res.Subscriptions, st)
	}
	if err := p.validate(ctx, &res); err != nil {
		return res, explainToggl(err, p.publicURL)
	}
	return res, nil
}

// reconcileStored lists Toggl's subscriptions, keeps the secrets of ours and forgets the
// stored ones Toggl no longer has; it returns ours and the descriptions in use.
func (p *subscriber) reconcileStored(ctx context.Context) (ours []toggl.Subscription, inUse map[string]bool, err error) {
	remote, err := p.tc.ListSubscriptions(ctx, p.wid)
	if err != nil {
		return nil, nil, explainToggl(err, p.publicURL)
	}
	stored, err := p.conns.TogglSubscriptions(ctx, p.conn.ID)
	if err != nil {
		return nil, nil, err
	}
	inToggl := map[int64]bool{}
	inUse = map[string]bool{}
	for _, s := range remote {
		inToggl[s.ID] = true
		inUse[s.Description] = true
		if s.URLCallback == p.callback {
			ours = append(ours, s)
			if s.Secret != "" {
				p.secrets[s.ID] = s.Secret
			}
		}
	}
	for _, s := range stored {
		if s.ID > 0 && inToggl[s.ID] {
			p.secrets[s.ID] = s.Secret // ours wins over what Toggl lists
			continue
		}
		// Gone from Toggl (deleted there) or a temporary row of an interrupted create.
		if err := p.conns.DeactivateTogglSubscription(ctx, p.conn.ID, s.ID); err != nil {
			return nil, nil, err
		}
	}
	return ours, inUse, nil
}

// assignSubscriptions matches the wanted filter sets to our subscriptions: exact matches
// first, then any; assigned[i] is the index in ours (-1: create one), taken marks the used.
func assignSubscriptions(ours []toggl.Subscription, want [][]toggl.EventFilter) (assigned []int, taken map[int]bool) {
	assigned = make([]int, len(want))
	taken = map[int]bool{}
	for i, w := range want {
		assigned[i] = -1
		for j, s := range ours {
			if !taken[j] && sameFilters(s.EventFilters, w) {
				assigned[i], taken[j] = j, true
				break
			}
		}
	}
	for i := range assigned {
		for j := range ours {
			if assigned[i] < 0 && !taken[j] {
				assigned[i], taken[j] = j, true
			}
		}
	}
	return assigned, taken
}

// descriptions are the candidates for subscription i of n, in order: the plain one, then with
// a timestamp suffix (an earlier installation holds the plain one), then with the connection's
// slug as well (two installations in the same second). Those already visible in the
// workspace are skipped.
func (p *subscriber) descriptions(i, n int, inUse map[string]bool) []string {
	name := p.conn.Name
	if name == "" {
		name = p.conn.Slug
	}
	d := "toggl-attio-sync: " + name
	if n > 1 {
		d += fmt.Sprintf(" (%d/%d)", i+1, n)
	}
	stamped := d + " · installed " + p.now().UTC().Format("2006-01-02 15:04:05")
	var out []string
	for _, c := range []string{d, stamped, stamped + " " + p.conn.Slug[:min(8, len(p.conn.Slug))]} {
		if !inUse[c] {
			out = append(out, c)
		}
	}
	return out
}

// adopt brings one of our subscriptions to the wanted filters, enabled.
func (p *subscriber) adopt(ctx context.Context, s toggl.Subscription, want []toggl.EventFilter) (SubscriptionState, error) {
	secret := p.secrets[s.ID]
	if secret == "" {
		secret = newSecret() // Toggl did not show it: set a new one with the full update
	}
	if err := p.save(ctx, s, secret); err != nil { // before any probe, so our endpoint knows it
		return SubscriptionState{}, err
	}
	action := "reused"
	var err error
	switch {
	case !sameFilters(s.EventFilters, want) || p.secrets[s.ID] == "":
		action = "updated"
		s, err = p.tc.UpdateSubscription(ctx, p.wid, s.ID, toggl.SubscriptionInput{
			URLCallback: p.callback, EventFilters: want, Enabled: true, Description: s.Description, Secret: secret})
	case !s.Enabled:
		action = "re-enabled"
		s, err = p.tc.SetSubscriptionEnabled(ctx, p.wid, s.ID, true)
	}
	if err != nil {
		return SubscriptionState{}, err
	}
	p.secrets[s.ID] = secret
	return p.state(ctx, s, action)
}

// create makes a subscription whose secret our endpoint already knows, trying the candidate
// descriptions while Toggl says one is in use (another user's subscription, invisible to a
// non-admin, may hold it).
func (p *subscriber) create(ctx context.Context, want []toggl.EventFilter, descs []string) (SubscriptionState, error) {
	secret := newSecret()
	temp := -tempID()
	filters, _ := json.Marshal(want)
	var err error
	for _, desc := range descs {
		if err := p.conns.SaveTogglSubscription(ctx, p.conn.ID, connection.TogglSubscription{
			ID: temp, Description: desc, Secret: secret, EventFilters: string(filters)}); err != nil {
			return SubscriptionState{}, err
		}
		var s toggl.Subscription
		s, err = p.tc.CreateSubscription(ctx, p.wid, toggl.SubscriptionInput{
			URLCallback: p.callback, EventFilters: want, Enabled: true, Description: desc, Secret: secret})
		if err == nil {
			p.secrets[s.ID] = secret
			if s.Secret != "" && s.Secret != secret {
				p.secrets[s.ID] = s.Secret // Toggl chose its own after all
			}
			st, err := p.state(ctx, s, "created")
			if err != nil {
				return st, err
			}
			return st, p.conns.DeactivateTogglSubscription(ctx, p.conn.ID, temp)
		}
		if derr := p.conns.DeactivateTogglSubscription(ctx, p.conn.ID, temp); derr != nil {
			return SubscriptionState{}, derr
		}
		if !isDescriptionInUse(err) {
			return SubscriptionState{}, err
		}
	}
	if err == nil {
		err = errors.New("every subscription description is taken")
	}
	return SubscriptionState{}, err
}

// state records a subscription as Toggl last showed it.
func (p *subscriber) state(ctx context.Context, s toggl.Subscription, action string) (SubscriptionState, error) {
	if err := p.save(ctx, s, p.secrets[s.ID]); err != nil {
		return SubscriptionState{}, err
	}
	return SubscriptionState{ID: s.ID, Description: s.Description, Filters: s.EventFilters, Enabled: s.Enabled,
		Validated: s.Validated(), Action: action}, nil
}

func (p *subscriber) save(ctx context.Context, s toggl.Subscription, secret string) error {
	filters, _ := json.Marshal(s.EventFilters)
	sub := connection.TogglSubscription{ID: s.ID, Description: s.Description, Secret: secret, EventFilters: string(filters), Enabled: s.Enabled}
	if s.Validated() {
		t := s.ValidatedAt.Time
		sub.ValidatedAt = &t
	}
	return p.conns.SaveTogglSubscription(ctx, p.conn.ID, sub)
}

// validate finishes the handshake of every unvalidated subscription: first another PING (our
// endpoint echoes the code synchronously), then GET /validate with the code it remembered.
func (p *subscriber) validate(ctx context.Context, res *SubscriptionsResult) error {
	for i := range res.Subscriptions {
		st := &res.Subscriptions[i]
		if st.Validated {
			continue
		}
		if _, err := p.tc.PingSubscription(ctx, p.wid, st.ID); err != nil {
			return err
		}
		s, err := p.find(ctx, st.ID)
		if err != nil {
			return err
		}
		if !s.Validated() {
			if code, ok := ValidationCodes.Take(p.conn.ID, st.ID); ok {
				if err := p.tc.ValidateSubscription(ctx, p.wid, st.ID, code); err != nil && !strings.Contains(Explain(err), "already been validated") {
					return err
				}
				if s, err = p.find(ctx, st.ID); err != nil {
					return err
				}
			}
		}
		st.Enabled, st.Validated = s.Enabled, s.Validated()
		if !st.Validated {
			st.Note = "Toggl has not validated this subscription yet, so it sends no events to it; check that PUBLIC_URL reaches this service, then re-check"
		}
		if err := p.save(ctx, s, p.secrets[s.ID]); err != nil {
			return err
		}
	}
	return nil
}

// find reads one subscription (the API has no single GET: list and pick).
func (p *subscriber) find(ctx context.Context, id int64) (toggl.Subscription, error) {
	subs, err := p.tc.ListSubscriptions(ctx, p.wid)
	if err != nil {
		return toggl.Subscription{}, err
	}
	for _, s := range subs {
		if s.ID == id {
			return s, nil
		}
	}
	return toggl.Subscription{}, fmt.Errorf("subscription %d disappeared from Toggl", id)
}

// newSecret is 32 random hex characters; Toggl accepts any string (docs/api/toggl.md §1.3).
func newSecret() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// tempID is a random positive id, negated for the row that holds a secret before Toggl has
// numbered the subscription.
func tempID() int64 {
	var b [8]byte
	rand.Read(b[:])
	return int64(binary.BigEndian.Uint64(b[:])>>2) + 1
}
