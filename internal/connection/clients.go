package connection

import (
	"context"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
)

// AttioFactory returns the Attio client of a connection (its token decrypted).
type AttioFactory func(ctx context.Context, c *Connection) (*attio.Client, error)

// TogglFactory returns the Toggl client of a connection. Clients of one token share its
// pacing and quota state.
type TogglFactory func(ctx context.Context, c *Connection) (*toggl.Client, error)
