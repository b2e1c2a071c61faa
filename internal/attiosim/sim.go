package attiosim

import (
	"net/http"
	"sync"
	"time"
)

// Sim is the Attio emulator: an http.Handler serving /v2/… plus helpers for tests.
type Sim struct {
	cfg   Config
	clock Clock
	rnd   *lockedRand

	mu        sync.Mutex // guards everything below: one request at a time touches the data
	workspace workspace
	objects   []*object
	lists     []*list
	attrs     map[string]*attribute
	records   map[string]*record
	byObject  map[string][]*record // object id → records in creation order
	entries   map[string]*entry
	byList    map[string][]*entry // list id → entries in creation order
	webhooks  []*webhook
	tokens    map[string]*token
	members   []*member
	seq       int64

	ctl     sync.Mutex // guards runtime-adjustable limits and faults
	limits  Limits
	faults  []*faultState
	limiter *limiter
	stats   *stats

	routes []route
	deliv  *deliveryEngine
	done   chan struct{}
	close  sync.Once
}

type workspace struct {
	id, name, slug string
	createdAt      time.Time
}

// New builds a Sim with Attio's standard objects and one workspace member (the owner). It has
// no tokens: add them with AddToken or Seed.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	s := &Sim{
		cfg:      cfg,
		clock:    cfg.Clock,
		rnd:      &lockedRand{r: cfg.Rand},
		attrs:    map[string]*attribute{},
		records:  map[string]*record{},
		byObject: map[string][]*record{},
		entries:  map[string]*entry{},
		byList:   map[string][]*entry{},
		tokens:   map[string]*token{},
		limits:   cfg.Limits,
		stats:    newStats(),
		done:     make(chan struct{}),
	}
	now := s.clock.Now()
	s.workspace = workspace{id: cfg.WorkspaceID, name: cfg.WorkspaceName, slug: cfg.WorkspaceSlug, createdAt: now}
	s.limiter = newLimiter()
	s.setFaultsLocked(cfg.Faults)
	s.members = []*member{{
		id: stableID("member/" + cfg.WorkspaceSlug + "/owner"), first: "Olivia", last: "Owner",
		email: "owner@" + cfg.WorkspaceSlug + ".test", accessLevel: "admin", createdAt: now,
	}}
	s.installStandardObjects(now)
	s.routes = s.routeTable()
	s.deliv = newDeliveryEngine(s)
	return s
}

// Close stops webhook deliveries and releases requests held by timeout faults.
func (s *Sim) Close() {
	s.close.Do(func() {
		close(s.done)
		s.deliv.stop()
	})
}

// WorkspaceID returns the emulated workspace's id.
func (s *Sim) WorkspaceID() string { return s.workspace.id }

// ownerActor is the workspace member that direct test helpers act as, like a person using the
// Attio web app.
func (s *Sim) ownerActor() actor { return actor{Type: "workspace-member", ID: s.members[0].id} }

func (s *Sim) nextSeq() int64 {
	s.seq++
	return s.seq
}

// ServeHTTP answers /v2/… like api.attio.com.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.stats.request(r.Method)
	s.stampDate(w)
	rt, params, methodMismatch := s.match(r.Method, r.URL.Path)
	fault := s.pickFault(r)
	if fault != nil && !fault.AfterWrite {
		if s.injectBefore(w, r, fault) {
			return
		}
	}

	if rt != nil && rt.raw != nil {
		rt.raw(w, r) // GET /v2/self authenticates itself: an inactive token still gets an answer
		return
	}
	tok, apiErr := s.authenticate(r)
	if apiErr != nil {
		s.stats.status(apiErr.Status)
		writeError(w, apiErr)
		return
	}
	if rt == nil {
		e := errNotFound("Route %s %s not found.", r.Method, r.URL.Path)
		if methodMismatch {
			e = invalidRequest(http.StatusMethodNotAllowed, "method_not_allowed", "Method %s is not allowed on %s.", r.Method, r.URL.Path)
		}
		s.stats.status(e.Status)
		writeError(w, e)
		return
	}
	if s.rateLimited(w, r, tok) {
		return
	}
	if e := s.checkScopes(tok, rt.scopes(params)); e != nil {
		s.stats.status(e.Status)
		writeError(w, e)
		return
	}
	s.serveRoute(w, r, rt, params, tok, fault)
}

// serveRoute runs the handler under the data lock and, for after-write faults, replaces its
// answer with the fault once the change is applied.
func (s *Sim) serveRoute(w http.ResponseWriter, r *http.Request, rt *route, params map[string]string, tok *token, fault *Fault) {
	c := &call{sim: s, r: r, params: params, tok: tok}
	s.mu.Lock()
	c.now = s.clock.Now()
	if tok != nil {
		c.actor = tok.actor()
	}
	body, apiErr := rt.h(c)
	if apiErr == nil {
		s.deliv.enqueue(c.events)
	}
	s.mu.Unlock()

	if fault != nil && fault.AfterWrite && s.injectAfter(w, r, fault) {
		return
	}
	if apiErr != nil {
		s.stats.status(apiErr.Status)
		writeError(w, apiErr)
		return
	}
	s.stats.status(http.StatusOK)
	writeJSON(w, http.StatusOK, body)
}

// stampDate sets Date from the Sim's clock, so Date and Retry-After share one timeline even under
// a ManualClock (a client measures an HTTP-date Retry-After against the response's Date, RFC 9110
// §6.6.1); net/http would otherwise stamp the wall clock.
func (s *Sim) stampDate(w http.ResponseWriter) {
	w.Header().Set("Date", s.clock.Now().UTC().Format(http.TimeFormat))
}
