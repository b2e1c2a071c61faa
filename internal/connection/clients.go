package connection

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
)

// AttioFactory returns the Attio client of a connection (its token decrypted).
type AttioFactory func(ctx context.Context, c *Connection) (*attio.Client, error)

// TogglFactory returns the Toggl client of a connection. Clients of one token share its
// pacing and quota state.
type TogglFactory func(ctx context.Context, c *Connection) (*toggl.Client, error)

// ClientsConfig is where the APIs are and how to reach them.
type ClientsConfig struct {
	AttioURL, TogglURL string
	// Transport carries every call to Toggl and Attio (nil: http.DefaultTransport); tests
	// pass one that watches or fakes them.
	Transport http.RoundTripper
	// TogglOptions adjusts each Toggl client's options (tests scale pacing).
	TogglOptions func(*toggl.Options)
}

// Clients is the one place that makes API clients: for a connection (web, workers,
// resync, the audit mirror, the command line) and for tokens not stored yet (the wizard).
// A connection's tokens are decrypted once per change of its sealed tokens, not per job.
type Clients struct {
	cfg   ClientsConfig
	http  *http.Client
	conns *Service

	mu     sync.Mutex
	byConn map[int64]*connClients
	opened int // decryptions, for the test that they happen once per change
}

// connClients are one connection's clients, made for one pair of sealed tokens.
type connClients struct {
	togglSealed, attioSealed string
	togglToken, attioToken   string
	attio                    *attio.Client
	toggl, togglFailFast     *toggl.Client
}

// NewClients makes the factory over one HTTP client (one transport, one connection pool).
func NewClients(conns *Service, cfg ClientsConfig) *Clients {
	rt := cfg.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	return &Clients{cfg: cfg, conns: conns, http: &http.Client{Transport: rt, Timeout: 60 * time.Second},
		byConn: map[int64]*connClients{}}
}

// HTTPClient is the client every API call goes through.
func (f *Clients) HTTPClient() *http.Client { return f.http }

// entry returns the connection's clients for its current tokens, decrypting them only when
// they differ from the ones its clients were made for. f.mu is held.
func (f *Clients) entry(c *Connection) (*connClients, error) {
	e, ok := f.byConn[c.ID]
	if ok && e.togglSealed == c.togglSealed && e.attioSealed == c.attioSealed {
		return e, nil
	}
	tt, at, err := f.conns.Tokens(c)
	if err != nil {
		return nil, err
	}
	f.opened++
	e = &connClients{togglSealed: c.togglSealed, attioSealed: c.attioSealed, togglToken: tt, attioToken: at}
	f.byConn[c.ID] = e
	return e, nil
}

// Attio returns the connection's Attio client.
func (f *Clients) Attio(_ context.Context, c *Connection) (*attio.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, err := f.entry(c)
	if err != nil {
		return nil, err
	}
	if e.attio == nil {
		if e.attio, err = f.AttioForToken(e.attioToken); err != nil {
			return nil, err
		}
	}
	return e.attio, nil
}

// Toggl returns the connection's Toggl client, which waits out an exhausted hourly quota.
// Clients of one token share its 1 request per second pacing and quota state through the
// toggl package's registry.
func (f *Clients) Toggl(_ context.Context, c *Connection) (*toggl.Client, error) {
	return f.toggl(c, false)
}

// TogglFailFast is the connection's Toggl client for jobs that wait out an exhausted hourly
// quota in the queue (worker.Wait, shown in the console) instead of holding a worker until
// the reset. It shares the token's pacing and quota state with Toggl's client.
func (f *Clients) TogglFailFast(_ context.Context, c *Connection) (*toggl.Client, error) {
	return f.toggl(c, true)
}

func (f *Clients) toggl(c *Connection, failFast bool) (*toggl.Client, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, err := f.entry(c)
	if err != nil {
		return nil, err
	}
	slot := &e.toggl
	if failFast {
		slot = &e.togglFailFast
	}
	if *slot == nil {
		if e.togglToken == "" {
			return nil, errors.New("the connection has no Toggl token")
		}
		o := f.togglOptions(e.togglToken)
		o.FailFastOnQuota = failFast
		if *slot, err = toggl.New(o); err != nil {
			return nil, err
		}
	}
	return *slot, nil
}

// TogglForToken makes a Toggl client for a token not stored with a connection (the wizard
// checks tokens before it stores them).
func (f *Clients) TogglForToken(token string) (*toggl.Client, error) {
	return toggl.New(f.togglOptions(token))
}

// AttioForToken makes an Attio client for a token (see TogglForToken).
func (f *Clients) AttioForToken(token string) (*attio.Client, error) {
	return attio.New(attio.Options{BaseURL: f.cfg.AttioURL, AccessToken: token, HTTPClient: f.http})
}

func (f *Clients) togglOptions(token string) toggl.Options {
	o := toggl.Options{BaseURL: f.cfg.TogglURL, APIToken: token, HTTPClient: f.http}
	if f.cfg.TogglOptions != nil {
		f.cfg.TogglOptions(&o)
	}
	return o
}
