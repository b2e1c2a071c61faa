// Package attioschema reads what Attio holds where a connection's settings point — the
// attributes of the Projects object and of each field map's target, the choices of the rules'
// type and status attributes, Project records — and checks settings against it. The console
// checks a form with it before anything is saved; the workers never ask it (they learn from
// Attio's answers). It owns these reads so the web handlers hold no Attio calls.
package attioschema

import (
	"context"
	"errors"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
)

// DefaultTimeout bounds one read (or one step of a page's reads); a page shows the error
// instead of waiting for Attio.
const DefaultTimeout = 20 * time.Second

// ErrNoAttio is the reason a process started without Attio access gives for every read.
var ErrNoAttio = errors.New("this console was started without Attio access")

// Reader reads a connection's Attio schema and Projects with the connection's own client, so
// the reads share the token's rate budget and 429 counter with the workers.
type Reader struct {
	Attio   connection.AttioFactory // nil: no Attio access (every read says so)
	Timeout time.Duration           // per step; 0: DefaultTimeout
}

// client returns the connection's Attio client, or why there is none.
func (r *Reader) client(ctx context.Context, conn *connection.Connection) (*attio.Client, error) {
	if r == nil || r.Attio == nil {
		return nil, ErrNoAttio
	}
	return r.Attio(ctx, conn)
}

// step bounds one read.
func (r *Reader) step(ctx context.Context) (context.Context, context.CancelFunc) {
	t := r.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	return context.WithTimeout(ctx, t)
}

// Attribute is an Attio attribute as a form offers it.
type Attribute struct {
	Slug, Title, Type string
}
