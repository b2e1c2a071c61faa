package togglsim

import (
	"bytes"
	"context"
	"io"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Sim is the Toggl emulator. It is an http.Handler serving Track v9 under /api/v9, Webhooks v1
// under /webhooks/api/v1 and Reports v3 under /reports/api/v3, on any host.
type Sim struct {
	cfg Config
	mux *http.ServeMux

	mu       sync.Mutex // guards everything below
	st       state
	lim      limitState
	faults   []*faultRule
	faultSeq int
	dq       deliveryState
	baseURL  string

	closed  bool // set by Close; no new delivery workers start
	base    context.Context
	done    <-chan struct{}
	cancel  context.CancelFunc
	workers sync.WaitGroup
}

// New builds an emulator with no data; seed it with Seed or the Add methods.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Sim{
		cfg:    cfg,
		mux:    http.NewServeMux(),
		st:     newState(),
		lim:    limitState{disabled: cfg.DisableLimits, buckets: map[string]*bucket{}, quotas: map[quotaKey]*quotaWindow{}},
		base:   ctx,
		done:   ctx.Done(),
		cancel: cancel,
	}
	s.dq = newDeliveryState(cfg.Delivery.Faults)
	for _, f := range cfg.Faults {
		s.InjectFault(f)
	}
	s.routes()
	return s
}

// ServeHTTP serves the control surface (ControlPrefix), or applies injected faults and routes
// the request.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		s.serveControl(w, r)
		return
	}
	if !isInternal(r.Context()) && s.applyFault(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Close stops delivery workers and releases hung requests. Queued deliveries are abandoned.
func (s *Sim) Close() {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.workers.Wait()
}

type api int

const (
	apiTrack api = iota
	apiWebhooks
	apiReports
)

// scope says which quota a route counts against and whether it needs credentials.
type scope int

const (
	scopeOpen      scope = iota // no credentials (e.g. /validate)
	scopeUser                   // user-specific quota (/api/v9/me…)
	scopeWorkspace              // organization quota; the path has {wid}
	scopeFree                   // credentials but no quota (/api/v9/me/quota)
)

// call is what the pipeline learned about a request before the handler runs.
type call struct {
	user     User
	admin    bool // admin of wid
	wid      int64
	body     []byte
	internal bool
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, c *call)

type internalKey struct{}

func isInternal(ctx context.Context) bool { return ctx.Value(internalKey{}) != nil }

const maxBody = 1 << 20

// handle registers a route behind the pipeline: body and its Content-Type, auth, rate limit,
// workspace access, quota, handler.
func (s *Sim) handle(pattern string, a api, sc scope, h handlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		c := &call{internal: isInternal(r.Context())}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			s.writeErr(w, http.StatusBadRequest, "Invalid JSON input")
			return
		}
		c.body = body
		if len(bytes.TrimSpace(body)) > 0 && !s.cfg.Quirks.LenientContentType && !isJSON(r.Header.Get("Content-Type")) {
			// docs/api/toggl.md §1.1: "`Content-Type: application/json` is required where a body is sent";
			// the status and wording of the refusal are UNCONFIRMED.
			s.writeErr(w, http.StatusBadRequest, "Content-Type must be application/json")
			return
		}
		s.rememberBaseURL(r)
		if sc == scopeOpen {
			h(w, r, c)
			return
		}
		user, key, ok := s.authenticate(r, a)
		if !ok {
			s.writeErr(w, s.cfg.Quirks.AuthFailureStatus, s.cfg.Quirks.AuthFailureBody)
			return
		}
		c.user = user
		limited := !c.internal && s.limitsOn()
		if limited {
			if ok, wait := s.allowRate(key + "|" + clientIP(r)); !ok {
				// docs/api/toggl.md §5: "When a limit has been hit the request will get a HTTP 429".
				if s.cfg.RateLimit.RetryAfter {
					w.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(wait))))
				}
				s.writeErr(w, http.StatusTooManyRequests, s.cfg.Quirks.RateLimitBody)
				return
			}
		}
		qk, total := quotaKey{uid: user.ID}, s.cfg.Quota.UserRequests
		if sc == scopeWorkspace {
			ws, ok := s.workspaceAccess(w, r, a, c)
			if !ok {
				return
			}
			qk, total = quotaKey{uid: user.ID, org: ws.OrganizationID}, s.orgQuota(&ws)
		}
		counted := limited && sc != scopeFree && !(a == apiWebhooks && s.cfg.Quota.WebhooksExempt)
		if counted {
			ok, remaining, resetsIn := s.takeQuota(qk, total)
			setQuotaHeaders(w, remaining, resetsIn)
			if !ok {
				s.writeErr(w, http.StatusPaymentRequired, s.cfg.Quirks.QuotaBody)
				return
			}
		}
		h(w, r, c)
	})
}

// workspaceAccess checks the {wid} path value against the caller's memberships and answers the
// API's own 403/400 when it fails.
func (s *Sim) workspaceAccess(w http.ResponseWriter, r *http.Request, a api, c *call) (Workspace, bool) {
	wid, err := strconv.ParseInt(r.PathValue("wid"), 10, 64)
	if err != nil || wid <= 0 {
		switch a {
		case apiReports:
			// docs/api/toggl.md §4.5 400 list: "Invalid workspace id".
			s.writeErr(w, http.StatusBadRequest, "Invalid workspace id")
		case apiWebhooks:
			s.writeErr(w, http.StatusForbidden, msgWebhookForbidden)
		default:
			// Observed v9 answer for a non-numeric id (3P, mcndt/obsidian-toggl-integration#153).
			s.writeErr(w, http.StatusForbidden, "Missing or invalid workspace_id")
		}
		return Workspace{}, false
	}
	s.mu.Lock()
	ws := s.st.workspaces[wid]
	member, admin := s.isMember(wid, c.user.ID)
	s.mu.Unlock()
	if ws == nil || !member {
		switch a {
		case apiReports:
			s.writeErr(w, http.StatusForbidden, "Workspace not found/accessible") // docs/api/toggl.md §4.5
		case apiWebhooks:
			s.writeErr(w, http.StatusForbidden, msgWebhookForbidden) // docs/api/toggl.md §1.2 403
		default:
			s.writeErr(w, http.StatusForbidden, msgNoAccess)
		}
		return Workspace{}, false
	}
	c.wid, c.admin = wid, admin
	return *ws, true
}

// msgNoAccess is the Track v9 403 text the spec gives ("User does not have access to this
// resource.").
const msgNoAccess = "User does not have access to this resource."

// msgWebhookForbidden is the Webhooks 403 (docs/api/toggl.md §1.2: 403 "User not found/accessible for
// workspace").
const msgWebhookForbidden = "User not found/accessible for workspace"

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/json"
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// rememberBaseURL learns the emulator's public base from the first real request, for
// validation_code_url when Config.BaseURL is empty.
func (s *Sim) rememberBaseURL(r *http.Request) {
	if isInternal(r.Context()) || r.Host == "" {
		return
	}
	s.mu.Lock()
	if s.baseURL == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		s.baseURL = scheme + "://" + r.Host
	}
	s.mu.Unlock()
}

// publicBase is the base of validation_code_url. Caller holds Sim.mu. The captured sample
// uses https://track.toggl.com (docs/api/toggl.md §2.1), the fallback when nothing better is known.
func (s *Sim) publicBase() string {
	switch {
	case s.cfg.BaseURL != "":
		return s.cfg.BaseURL
	case s.baseURL != "":
		return s.baseURL
	default:
		return "https://track.toggl.com"
	}
}
