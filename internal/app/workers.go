package app

import (
	"context"
	"net/http"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/toggl"
)

// apiClients builds the per-connection API clients, one per connection and token, over
// one shared HTTP transport. Tests swap the transport to watch every outbound call.
type apiClients struct {
	attioURL, togglURL string
	http               *http.Client
	conns              *connection.Service
	togglOpts          func(*toggl.Options) // tests scale pacing

	mu     sync.Mutex
	attio  map[int64]clientEntry[*attio.Client]
	toggls map[int64]clientEntry[*toggl.Client]
	// togglsFast: FailFastOnQuota clients (outbound), made on first use.
	togglsFast map[int64]clientEntry[*toggl.Client]
}

type clientEntry[C any] struct {
	token  string
	client C
}

func newAPIClients(attioURL, togglURL string, transport http.RoundTripper, conns *connection.Service) *apiClients {
	return &apiClients{
		attioURL: attioURL, togglURL: togglURL, conns: conns,
		http:   &http.Client{Transport: transport, Timeout: 60 * time.Second},
		attio:  map[int64]clientEntry[*attio.Client]{},
		toggls: map[int64]clientEntry[*toggl.Client]{},
	}
}

// Attio returns the connection's Attio client (tokens decrypted once per change).
func (f *apiClients) Attio(_ context.Context, c *connection.Connection) (*attio.Client, error) {
	_, token, err := f.conns.Tokens(c)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.attio[c.ID]; ok && e.token == token {
		return e.client, nil
	}
	cl, err := attio.New(attio.Options{BaseURL: f.attioURL, AccessToken: token, HTTPClient: f.http})
	if err != nil {
		return nil, err
	}
	f.attio[c.ID] = clientEntry[*attio.Client]{token: token, client: cl}
	return cl, nil
}

// Toggl returns the connection's Toggl client. Clients of one token share its 1 request per
// second pacing and quota state through the toggl package's registry.
func (f *apiClients) Toggl(_ context.Context, c *connection.Connection) (*toggl.Client, error) {
	token, _, err := f.conns.Tokens(c)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.toggls[c.ID]; ok && e.token == token {
		return e.client, nil
	}
	opts := toggl.Options{BaseURL: f.togglURL, APIToken: token, HTTPClient: f.http}
	if f.togglOpts != nil {
		f.togglOpts(&opts)
	}
	cl, err := toggl.New(opts)
	if err != nil {
		return nil, err
	}
	f.toggls[c.ID] = clientEntry[*toggl.Client]{token: token, client: cl}
	return cl, nil
}

// TogglFailFast is the connection's Toggl client for jobs that wait out an exhausted hourly
// quota in the queue (worker.Wait, shown in the console) instead of holding a worker until
// the reset. It shares the token's pacing and quota state with Toggl's client (one registry).
func (f *apiClients) TogglFailFast(_ context.Context, c *connection.Connection) (*toggl.Client, error) {
	token, _, err := f.conns.Tokens(c)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if e, ok := f.togglsFast[c.ID]; ok && e.token == token {
		return e.client, nil
	}
	opts := toggl.Options{BaseURL: f.togglURL, APIToken: token, HTTPClient: f.http}
	if f.togglOpts != nil {
		f.togglOpts(&opts)
	}
	opts.FailFastOnQuota = true
	cl, err := toggl.New(opts)
	if err != nil {
		return nil, err
	}
	if f.togglsFast == nil {
		f.togglsFast = map[int64]clientEntry[*toggl.Client]{}
	}
	f.togglsFast[c.ID] = clientEntry[*toggl.Client]{token: token, client: cl}
	return cl, nil
}
