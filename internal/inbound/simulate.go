package inbound

import (
	"context"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/togglevent"
)

// Simulation is where a time entry would land now, and what had to be read to decide it.
type Simulation struct {
	Decision routing.Decision
	// Calls are the Attio and Toggl reads the gathering made: none when the stored mappings,
	// the local Toggl name cache and the Attio cache knew everything, as for the worker.
	Calls []string
}

// Simulate routes te the way the worker would route it now: the same local Toggl names, stored
// mappings, Attio cache and Attio queries, and the connection's current rules and fallback. It
// never writes to Attio; like the worker it remembers what it learns (mappings, cache), so a
// simulation warms the cache the next delivery uses. It is the console's routing simulator.
func (h *Handler) Simulate(ctx context.Context, conn *connection.Connection, te *togglevent.TimeEntry) (Simulation, error) {
	client, err := h.Attio(ctx, conn)
	if err != nil {
		return Simulation{}, err
	}
	a := &apply{h: h, conn: conn, ev: togglevent.Event{TimeEntry: te}, attio: client, now: h.Now()}
	project, cl, _, err := a.names(ctx, te)
	if err != nil {
		return Simulation{Calls: a.calls}, err
	}
	d, err := a.route(ctx, te, project, cl)
	return Simulation{Decision: d, Calls: a.calls}, err
}
