package toggl

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"toggl-attio-sync/internal/backoff"
)

// DefaultBaseURL is the current API host (docs/api/toggl.md "Hosts").
const DefaultBaseURL = "https://api.track.toggl.com"

// DefaultUserAgent is sent unless Options.UserAgent says otherwise; Toggl suggests setting
// one (docs/api/toggl.md §1.1).
const DefaultUserAgent = "toggl-attio-sync"

// Options configures a Client. Only APIToken is required.
type Options struct {
	// BaseURL is scheme://host[/prefix] without the API prefixes; default DefaultBaseURL.
	BaseURL  string
	APIToken string
	// UserAgent defaults to DefaultUserAgent.
	UserAgent string

	// HTTPClient sends the requests; default a client with a 60 s timeout. When Transport is
	// also set, a copy of HTTPClient with that Transport is used.
	HTTPClient *http.Client
	Transport  http.RoundTripper

	// Clock defaults to SystemClock. Clients sharing a Registry must share the Clock.
	Clock Clock
	// Registry holds the per-token shared state; default DefaultRegistry.
	Registry *Registry
	// Limiter replaces the Registry's per-token rate limiter (the 429 pause and quota block
	// still come from the Registry).
	Limiter Limiter

	// MaxRetries bounds the retries of one call after a 429, a quota 402, and (for reads and
	// other idempotent calls) a 5xx or transient network error. 0 means the default 4;
	// negative means none.
	MaxRetries int
	// RetryBaseDelay and RetryMaxDelay shape the exponential back-off when Toggl gives no
	// Retry-After; defaults 1 s and 1 min.
	RetryBaseDelay time.Duration
	RetryMaxDelay  time.Duration
	// Random returns values in [0, 1) for back-off jitter; default math/rand/v2.
	Random func() float64

	// FailFastOnQuota makes calls return *QuotaError at once while the token's quota is
	// exhausted, instead of waiting for the reset.
	FailFastOnQuota bool
	// QuotaFallbackWait is how long to block after a quota 402 that lacks
	// X-Toggl-Quota-Resets-In; default 1 min.
	QuotaFallbackWait time.Duration
}

// Client talks to Toggl for one API token. It is safe for concurrent use.
type Client struct {
	base       string
	token      string
	userAgent  string
	http       *http.Client
	clock      Clock
	state      *tokenState
	limiter    Limiter
	maxRetries int
	retry      backoff.Exponential
	failFast   bool
	quotaWait  time.Duration
}

// New builds a Client.
func New(o Options) (*Client, error) {
	if strings.TrimSpace(o.APIToken) == "" {
		return nil, errors.New("toggl: APIToken is required")
	}
	base := o.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("toggl: BaseURL %q must be an absolute http(s) URL", base)
	}
	c := &Client{
		base:       strings.TrimRight(base, "/"),
		token:      o.APIToken,
		userAgent:  o.UserAgent,
		clock:      o.Clock,
		limiter:    o.Limiter,
		maxRetries: o.MaxRetries,
		retry:      backoff.Exponential{Base: o.RetryBaseDelay, Max: o.RetryMaxDelay, Rand: o.Random},
		failFast:   o.FailFastOnQuota,
		quotaWait:  o.QuotaFallbackWait,
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	switch {
	case o.HTTPClient != nil && o.Transport != nil:
		hc := *o.HTTPClient
		hc.Transport = o.Transport
		c.http = &hc
	case o.HTTPClient != nil:
		c.http = o.HTTPClient
	default:
		c.http = &http.Client{Timeout: 60 * time.Second, Transport: o.Transport}
	}
	if c.clock == nil {
		c.clock = SystemClock{}
	}
	reg := o.Registry
	if reg == nil {
		reg = DefaultRegistry
	}
	c.state = reg.token(o.APIToken)
	if c.limiter == nil {
		c.limiter = clockLimiter{lim: c.state.limiter, clock: c.clock}
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = 4
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.retry.Base <= 0 {
		c.retry.Base = time.Second
	}
	if c.retry.Max <= 0 {
		c.retry.Max = time.Minute
	}
	if c.quotaWait <= 0 {
		c.quotaWait = time.Minute
	}
	return c, nil
}

// Quota returns the last quota reading for this client's token (shared by every Client for
// the token in the same Registry).
func (c *Client) Quota() QuotaStatus { return c.state.status() }
