package app

import (
	"context"
	"net/http"
	"sync"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
)

// apiClients builds the per-connection API clients, one per connection and token, over
// one shared HTTP transport. Tests swap the transport to watch every outbound call.
type apiClients struct {
	attioURL string
	http     *http.Client
	conns    *connection.Service

	mu    sync.Mutex
	attio map[int64]attioEntry
}

type attioEntry struct {
	token  string
	client *attio.Client
}

func newAPIClients(attioURL string, transport http.RoundTripper, conns *connection.Service) *apiClients {
	return &apiClients{
		attioURL: attioURL, conns: conns,
		http:  &http.Client{Transport: transport, Timeout: 60 * time.Second},
		attio: map[int64]attioEntry{},
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
	f.attio[c.ID] = attioEntry{token: token, client: cl}
	return cl, nil
}
