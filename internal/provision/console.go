package provision

import (
	"context"
	"errors"
	"fmt"
	"time"

	"toggl-attio-sync/internal/connection"
)

// Console is provisioning as the console's settings forms use it after a save: with the
// connection's own Attio client, bounded in time, and failures worded for the page
// (Explain).
type Console struct {
	Attio     connection.AttioFactory // nil: every action says this process has no Attio access
	Conns     *connection.Service
	PublicURL string
}

// Bounds of one console action against Attio: a webhook update is a few calls, a
// reprovisioning may create objects, attributes and a list.
const (
	webhookTimeout   = 20 * time.Second
	reprovisionLimit = 40 * time.Second
)

// errNoAttio is what a process started without Attio access says.
var errNoAttio = errors.New("this console was started without Attio access")

// Reprovision creates in Attio what next needs (PlanReprovision), then stores next; it
// returns how many objects, attributes and lists were created.
func (p *Console) Reprovision(ctx context.Context, conn *connection.Connection, next connection.Settings) (int, error) {
	if p.Attio == nil {
		return 0, errNoAttio
	}
	ac, err := p.Attio(ctx, conn)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithTimeout(ctx, reprovisionLimit)
	defer cancel()
	plan, err := PlanReprovision(ctx, ac, conn, next, SchemaOptions{})
	if err != nil {
		return 0, fmt.Errorf("%s", Explain(err))
	}
	res, err := plan.Apply(ctx, ac, p.Conns, conn, p.PublicURL)
	if err != nil {
		return len(res.Created), fmt.Errorf("%s", Explain(err))
	}
	return len(res.Created), nil
}

// UpdateAttioWebhook makes the connection's Attio webhook send exactly the outbound triggers
// its settings name (EnsureAttioWebhook).
func (p *Console) UpdateAttioWebhook(ctx context.Context, conn *connection.Connection) error {
	if p.Attio == nil {
		return errNoAttio
	}
	ac, err := p.Attio(ctx, conn)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	if _, err := EnsureAttioWebhook(ctx, ac, p.Conns, conn, p.PublicURL); err != nil {
		return fmt.Errorf("%s", Explain(err))
	}
	return nil
}
