package togglsim

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Plan is a Toggl subscription plan. It decides webhook limits, the hourly quota and whether the
// Reports API is available.
type Plan string

// The plans docs/api/toggl.md §1.5 and §5 name.
const (
	PlanFree       Plan = "free"
	PlanStarter    Plan = "starter"
	PlanPremium    Plan = "premium"
	PlanEnterprise Plan = "enterprise"
)

// PlanLimits are the numbers one plan grants.
type PlanLimits struct {
	// MaxWebhooks is how many enabled subscriptions one user may have in one workspace.
	MaxWebhooks int
	// MaxEventFilters is how many event filters one subscription may carry.
	MaxEventFilters int
	// HourlyQuota is the number of workspace/organization requests per user per organization
	// per quota window.
	HourlyQuota int
	// NoReports makes Reports v3 answer 402 "Workspace needs to have this feature enabled".
	NoReports bool
}

// DefaultPlanLimits returns the documented per-plan numbers.
//
// docs/api/toggl.md §1.5: "Free: 1 webhook (up to 3 events per webhook); Starter: 2 (up to 6); Premium: 3
// (up to 12). Enterprise limits are custom." docs/api/toggl.md §5: "Free 30, Starter 240, Premium 600
// requests per hour, per user, per organization; Enterprise custom." Enterprise numbers here are
// a guess (UNCONFIRMED). Which plans lack Reports is not documented (UNCONFIRMED): all plans have
// it by default; set NoReports to exercise the 402 feature response.
func DefaultPlanLimits() map[Plan]PlanLimits {
	return map[Plan]PlanLimits{
		PlanFree:       {MaxWebhooks: 1, MaxEventFilters: 3, HourlyQuota: 30},
		PlanStarter:    {MaxWebhooks: 2, MaxEventFilters: 6, HourlyQuota: 240},
		PlanPremium:    {MaxWebhooks: 3, MaxEventFilters: 12, HourlyQuota: 600},
		PlanEnterprise: {MaxWebhooks: 10, MaxEventFilters: 50, HourlyQuota: 3000},
	}
}

// RateLimit configures the per-token leaky bucket (docs/api/toggl.md §5: "Leaky bucket … HTTP 429 … a
// safe window will be 1 request per second. Limiting is applied per api token per IP").
type RateLimit struct {
	// PerSecond is how fast the bucket drains. Default 1.
	PerSecond float64
	// Burst is the bucket's capacity. The real capacity is UNCONFIRMED; default 2, so a client
	// pacing itself at 1 request/second never trips on network jitter.
	Burst float64
	// RetryAfter adds a Retry-After header to 429s. UNCONFIRMED for Toggl (docs/api/toggl.md §5), so off.
	RetryAfter bool
}

// Quota configures the hourly request quota (docs/api/toggl.md §5).
type Quota struct {
	// Window is the quota window. Default one hour; tests shrink it or move the clock.
	Window time.Duration
	// UserRequests is the quota for user-specific requests such as /api/v9/me ("30/hour per
	// user, whatever the plan"). Default 30.
	UserRequests int
	// WebhooksExempt stops Webhooks API calls from counting. The quota covers the "Public API +
	// Reports API" (docs/api/toggl.md §5); whether the Webhooks API counts is UNCONFIRMED, so by default
	// it does.
	WebhooksExempt bool
}

// DeliveryConfig configures how events reach subscribers (docs/api/toggl.md §2.4: schedule, timeout,
// ordering and auto-disable are UNCONFIRMED, so all of them are knobs).
type DeliveryConfig struct {
	// RetrySchedule lists the waits before each retry of a failed delivery; its length is the
	// number of retries. Default 30s, 2m, 10m.
	RetrySchedule []time.Duration
	// Timeout bounds one delivery attempt. Default 10s.
	Timeout time.Duration
	// ProbeTimeout bounds the synchronous URL probe (PING) on create, update and enable.
	// Default 10s.
	ProbeTimeout time.Duration
	// AutoDisableAfter disables a subscription after this many consecutive events that
	// exhausted their retries. 0 never disables.
	AutoDisableAfter int
	// Faults are applied to entity events (not to PINGs).
	Faults DeliveryFaults
}

// DeliveryFaults make deliveries misbehave the ways a consumer must survive (docs/api/toggl.md §2.4,
// §8: "Duplicates and out-of-order delivery … treat them as possible").
type DeliveryFaults struct {
	// Copies sends every event this many times (same event_id). Values below 2 send once.
	Copies int
	// Reorder shuffles each batch of queued events before sending it. Pair it with
	// PauseDeliveries/ResumeDeliveries to build a batch.
	Reorder bool
	// Delay waits this long before the first attempt of each event.
	Delay time.Duration
	// DropEvery silently loses every Nth event (never sent, never retried), to exercise a
	// Reports v3 backfill. 0 drops nothing.
	DropEvery int
	// DropShare silently loses this share (0..1) of events, each drawn at random: 0.3 loses
	// about three in ten. The draws come from their own generator seeded with DropSeed, so the
	// same seed loses the same events of the same sequence, whatever else uses Config.Rand;
	// setting the faults again (SetDeliveryFaults) starts the sequence afresh.
	DropShare float64
	DropSeed  uint64
}

// Quirks holds the behaviours docs/api/toggl.md marks UNCONFIRMED. Each field's zero value is the
// documented best guess unless its comment says otherwise.
type Quirks struct {
	// AuthFailureStatus is the status for missing or wrong credentials. Default 403 (Toggl's
	// authentication docs: "If authentication fails, HTTP status code 403 is returned";
	// docs/api/toggl.md §10.1 leaves 401 vs 403 open).
	AuthFailureStatus int
	// AuthFailureBody is the message sent with it. Default "Incorrect username and/or password".
	AuthFailureBody string
	// PlainTextErrors sends error messages as text/plain instead of JSON strings (docs/api/toggl.md §1.2:
	// "Whether they come as a JSON-encoded string or as plain text is UNCONFIRMED").
	PlainTextErrors bool
	// LenientContentType accepts request bodies without `Content-Type: application/json`
	// (docs/api/toggl.md §1.1 says it "is required where a body is sent"). Default: refused with 400.
	LenientContentType bool
	// AuthOnWebhookMeta requires auth on GET /event_filters, /limits/{wid} and /status, which
	// carry no security block in the spec (docs/api/toggl.md §1.1). Default: open.
	AuthOnWebhookMeta bool
	// TimeEntriesDefaultWindow is how far back GET /me/time_entries looks without parameters
	// (docs/api/toggl.md §4.2: "about 10 days by default with no params"). Default 10 days.
	TimeEntriesDefaultWindow time.Duration
	// TimeEntriesLookback hides entries that started longer ago than this from GET
	// /me/time_entries (docs/api/toggl.md §4.2: v9 "only reaches about three months back", 3P).
	// Default 90 days; negative disables.
	TimeEntriesLookback time.Duration
	// ReportsMaxPageSize caps page_size (docs/api/toggl.md §4.5: "The maximum page_size is UNCONFIRMED
	// (Pipedream caps at 50; other code uses 200)"). Larger requests are served this many rows.
	// Default 50.
	ReportsMaxPageSize int
	// ReportsFirstIDWithRowNumberIsEmpty reproduces the 3P report that sending first_id together
	// with first_row_number returns an empty page (docs/api/toggl.md §4.5). Default off.
	ReportsFirstIDWithRowNumberIsEmpty bool
	// ReportsFlatRows answers the detailed search the way an independently written Toggl server
	// did: each row carries its entry's id, duration, start and stop at the top level and has no
	// time_entries array. Not Toggl's documented shape (docs/api/toggl.md §4.5); a fault for tests of a
	// client that must refuse what it cannot read. Default off; SetReportsFlatRows at run time.
	ReportsFlatRows bool
	// ProjectsDefaultActive is the `active` filter applied when GET …/projects has none:
	// "true", "false" or "both". Default "both" (3P: OpenTickly notes the workspace list
	// includes archived projects).
	ProjectsDefaultActive string
	// AllowDuplicateClientNames accepts a second client with an existing name. Whether Toggl
	// rejects duplicates is UNCONFIRMED; by default the emulator does, like project names.
	AllowDuplicateClientNames bool
	// CurrentEntryNull answers GET /me/time_entries/current with 200 and a null body when no
	// entry runs. Default: the spec's 404 "Resource can not be found" (docs/api/toggl.md §4.2 gives no
	// empty case).
	CurrentEntryNull bool
	// EventsPageSize is the page size of GET …/subscriptions/{wid}/{sid}/events. Default 50.
	EventsPageSize int
	// QuotaBody is the message of a quota 402. Default "Quota exceeded".
	QuotaBody string
	// RateLimitBody is the message of a 429. Default "Too Many Requests".
	RateLimitBody string
}

// Config configures a Sim. The zero value works: real clock, default plans and limits on.
type Config struct {
	// Clock returns the current time. Default time.Now. ManualClock.Now fits here.
	Clock func() time.Time
	// HTTPClient sends URL probes, PINGs and deliveries. Default a fresh http.Client.
	HTTPClient *http.Client
	// Rand drives ids, secrets, validation codes and reordering. Default seeded from the clock.
	Rand *rand.Rand
	// BaseURL is the public base of this emulator, used in validation_code_url. Empty: derived
	// from the Host of the request that caused the PING (docs/api/toggl.md §"Hosts": "let the base URL be
	// configured").
	BaseURL string
	// PlanLimits overrides DefaultPlanLimits per plan.
	PlanLimits map[Plan]PlanLimits
	// DisableLimits turns off the rate limit and the quota, for demos and seeding.
	DisableLimits bool
	RateLimit     RateLimit
	Quota         Quota
	Delivery      DeliveryConfig
	// Faults are injected into API requests from the start; see Sim.InjectFault.
	Faults []Fault
	Quirks Quirks
}

func (c Config) withDefaults() Config {
	if c.Clock == nil {
		c.Clock = time.Now
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.Rand == nil {
		seed := uint64(time.Now().UnixNano())
		c.Rand = rand.New(rand.NewPCG(seed, seed>>1|1))
	}
	limits := DefaultPlanLimits()
	for p, l := range c.PlanLimits {
		limits[p] = l
	}
	c.PlanLimits = limits
	if c.RateLimit.PerSecond <= 0 {
		c.RateLimit.PerSecond = 1
	}
	if c.RateLimit.Burst <= 0 {
		c.RateLimit.Burst = 2
	}
	if c.Quota.Window <= 0 {
		c.Quota.Window = time.Hour
	}
	if c.Quota.UserRequests <= 0 {
		c.Quota.UserRequests = 30
	}
	if c.Delivery.RetrySchedule == nil {
		c.Delivery.RetrySchedule = []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute}
	}
	if c.Delivery.Timeout <= 0 {
		c.Delivery.Timeout = 10 * time.Second
	}
	if c.Delivery.ProbeTimeout <= 0 {
		c.Delivery.ProbeTimeout = 10 * time.Second
	}
	q := &c.Quirks
	if q.AuthFailureStatus == 0 {
		q.AuthFailureStatus = http.StatusForbidden
	}
	if q.AuthFailureBody == "" {
		q.AuthFailureBody = "Incorrect username and/or password"
	}
	if q.TimeEntriesDefaultWindow <= 0 {
		q.TimeEntriesDefaultWindow = 10 * 24 * time.Hour
	}
	if q.TimeEntriesLookback == 0 {
		q.TimeEntriesLookback = 90 * 24 * time.Hour
	}
	if q.ReportsMaxPageSize <= 0 {
		q.ReportsMaxPageSize = 50
	}
	if q.ProjectsDefaultActive == "" {
		q.ProjectsDefaultActive = "both"
	}
	if q.EventsPageSize <= 0 {
		q.EventsPageSize = 50
	}
	if q.QuotaBody == "" {
		q.QuotaBody = "Quota exceeded"
	}
	if q.RateLimitBody == "" {
		q.RateLimitBody = "Too Many Requests"
	}
	return c
}
