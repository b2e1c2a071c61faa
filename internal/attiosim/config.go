package attiosim

import (
	"toggl-attio-sync/internal/clock"

	"net/http"
	"time"
)

// Config configures a Sim. The zero value is a strict emulator with Attio's documented limits,
// real time, random ids and no faults.
type Config struct {
	Clock      Clock        // nil: real time
	HTTPClient *http.Client // used for webhook deliveries; nil: a client with a 10 s timeout
	Rand       Rand         // ids, secrets, fault and delivery-fault decisions; nil: time-seeded PCG
	Logf       func(format string, args ...any)

	WorkspaceName string // default "Acme Agency"
	WorkspaceSlug string // default "acme-agency"
	WorkspaceID   string // default: a fixed UUID derived from the slug

	Limits     Limits
	Faults     []Fault
	Deliveries Deliveries
	Compat     Compat
}

// Limits are the per-second request budgets (docs/api/attio.md §6 "100 requests per second for read
// requests, 25 requests per second for write requests").
type Limits struct {
	ReadsPerSecond  int     // 0: 100; negative: unlimited
	WritesPerSecond int     // 0: 25; negative: unlimited
	Scale           float64 // multiplies both budgets (0: 1), e.g. 0.1 for quick 429s in tests
	// PerWorkspace shares one budget between all tokens; default is one budget per token.
	// docs/api/attio.md §6 says only "across the whole API" — which key Attio uses is UNCONFIRMED.
	PerWorkspace bool
	// QueryIsWrite counts POST …/query as a write. docs/api/attio.md §6: "Whether POST …/query counts as
	// read: UNCONFIRMED (api-evangelist says yes)" — so the default counts it as a read.
	QueryIsWrite bool
}

// Deliveries configures outgoing webhook deliveries (docs/api/attio.md §5 Delivery).
type Deliveries struct {
	// Backoff is the wait before each retry of a failed delivery. Default: ten retries doubling
	// from 4 minutes (≈2.8 days in total), after docs/api/attio.md §5 "retry delivery of the message up to
	// 10 times with an exponential back-off, which will happen over approximately 3 days".
	Backoff []time.Duration
	// AttemptTimeout bounds one delivery attempt (default 10 s; Attio's value is unknown).
	AttemptTimeout time.Duration
	// RatePerTarget caps attempts per second per target URL (docs/api/attio.md §5 "Delivery rate limit:
	// max 25 requests/second per target URL"). 0: 25; negative: unlimited.
	RatePerTarget int
	// AllowHTTP accepts http:// target URLs. Off by default: the spec pattern is "^https://"
	// (docs/api/attio.md §5 "Must be HTTPS"). Turn on for local demo runs.
	AllowHTTP bool

	// Faults. Rates are probabilities drawn from Config.Rand.
	BatchSize     int           // max events per delivery (default 1); events queue per webhook
	BatchWindow   time.Duration // wait (Clock.Sleep) before taking queued events, so more batch up
	DuplicateRate float64       // chance a delivered message is delivered again (same Idempotency-Key)
	ReorderRate   float64       // chance two neighbouring queued messages swap places
	DelayRate     float64       // chance a message waits Delay before its first attempt
	Delay         time.Duration
}

// Compat holds behaviours docs/api/attio.md marks UNCONFIRMED; each default is its documented best guess.
type Compat struct {
	// OmitEmptyValues leaves attributes without values out of `values`. docs/api/attio.md §3: "Whether
	// attributes with no value appear as [] in values: UNCONFIRMED" — default shows them as [].
	OmitEmptyValues bool
	// CurrencyValueAsString writes currency_value as a string ("499.00") as the docs example does;
	// default is the spec's number (docs/api/attio.md §3 output table, currency row).
	CurrencyValueAsString bool
	// UpdatedEventWithoutAttributeID sends one record.updated / list-entry.updated per write with
	// no id.attribute_id. Default: one event per changed attribute carrying id.attribute_id
	// (docs/api/attio.md §5 "record.updated: id additionally has attribute_id (UNCONFIRMED …)").
	UpdatedEventWithoutAttributeID bool
	// RateLimitBodyRetryAfter adds a `retry_after` HTTP date to 429 bodies (docs/api/attio.md §6:
	// "effect-attio decodes a retry_after body field — UNCONFIRMED"). Default: documented body only.
	RateLimitBodyRetryAfter bool
	// MissingScopeStatus/Code answer a token that lacks a required scope. Not in docs/api/attio.md's
	// sources; default 403 auth_error "unauthorized" (third-party code observing Attio's 403 body
	// `{"status_code":403,"type":"auth_error","code":"unauthorized"}`). UNCONFIRMED.
	MissingScopeStatus int
	MissingScopeCode   string
	// StatusOnAnyObject allows creating status attributes on companies and people too. Default
	// follows docs/api/attio.md §2 "company and person objects do not support status attributes at this
	// time" (custom objects and deals may have them).
	StatusOnAnyObject bool
	// RejectStatusOnObjects applies the stricter spec sentence "Attributes of type "status" are
	// not supported on objects" (docs/api/attio.md §2) to every object. Off by default: deals.stage proves
	// objects can carry statuses.
	RejectStatusOnObjects bool
	// QueryMaxLimit rejects query limits above it (docs/api/attio.md §6 "max not documented →
	// UNCONFIRMED"); 0: no maximum.
	QueryMaxLimit int
	// DealsEnabled activates the deals object (docs/api/attio.md §2 "available in every Attio workspace,
	// but disabled by default").
	DealsEnabled bool
}

const (
	defaultReadsPerSecond  = 100
	defaultWritesPerSecond = 25
	defaultRatePerTarget   = 25
)

// defaultBackoff doubles from 4 minutes over ten retries: 4m·(2¹⁰−1) ≈ 68 h ≈ 2.8 days.
func defaultBackoff() []time.Duration {
	out := make([]time.Duration, 10)
	d := 4 * time.Minute
	for i := range out {
		out[i] = d
		d *= 2
	}
	return out
}

func (c Config) withDefaults() Config {
	if c.Clock == nil {
		c.Clock = clock.System{}
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Rand == nil {
		c.Rand = defaultRand()
	}
	if c.Logf == nil {
		c.Logf = func(string, ...any) {}
	}
	if c.WorkspaceName == "" {
		c.WorkspaceName = "Acme Agency"
	}
	if c.WorkspaceSlug == "" {
		c.WorkspaceSlug = "acme-agency"
	}
	if c.WorkspaceID == "" {
		c.WorkspaceID = stableID("workspace/" + c.WorkspaceSlug)
	}
	if c.Deliveries.Backoff == nil {
		c.Deliveries.Backoff = defaultBackoff()
	}
	if c.Deliveries.AttemptTimeout <= 0 {
		c.Deliveries.AttemptTimeout = 10 * time.Second
	}
	if c.Deliveries.RatePerTarget == 0 {
		c.Deliveries.RatePerTarget = defaultRatePerTarget
	}
	if c.Deliveries.BatchSize <= 0 {
		c.Deliveries.BatchSize = 1
	}
	if c.Compat.MissingScopeStatus == 0 {
		c.Compat.MissingScopeStatus = http.StatusForbidden
	}
	if c.Compat.MissingScopeCode == "" {
		c.Compat.MissingScopeCode = "unauthorized"
	}
	return c
}

// budget returns the effective per-second budget, or -1 for unlimited.
func budget(configured, def int, scale float64) int {
	if configured < 0 {
		return -1
	}
	if configured == 0 {
		configured = def
	}
	if scale > 0 {
		n := int(float64(configured) * scale)
		if n < 1 {
			n = 1
		}
		return n
	}
	return configured
}
