package provision

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// ConnectDeps is what connecting needs: the connection service (tokens and webhook secrets
// are stored through it, encrypted; its Store takes the audit row), API clients for a token,
// and the address Toggl and Attio call back.
type ConnectDeps struct {
	Conns     *connection.Service
	Toggl     func(token string) (*toggl.Client, error)
	Attio     func(token string) (*attio.Client, error)
	PublicURL string
}

// ConnectInput is one connect: new tokens, or a connection stored earlier.
type ConnectInput struct {
	// TogglToken and AttioToken are a new connection's tokens as pasted; Name is its name
	// ("": "<Toggl workspace> ↔ <Attio workspace>").
	TogglToken, AttioToken, Name string
	// ConnectionID, when set, provisions a connection stored earlier (by the wizard's token
	// step, Create) instead of making one.
	ConnectionID int64
	// TogglWorkspaceID is the Toggl workspace to sync. 0: the connection's stored one, or for
	// new tokens the user's default workspace.
	TogglWorkspaceID     int64
	Filters              FilterChoice // "": DefaultFilterChoice
	CreateProjectsObject bool         // the admin agreed to create the projects object if Attio has none
}

// ConnectResult is what Connect did, part by part, for the wizard to show. A part that
// failed leaves its error (the later parts still run where they can); Errors and Messages
// word them for the admin.
type ConnectResult struct {
	// Connection is the connection as stored at the end; nil when refused before one existed.
	Connection    *connection.Connection
	Schema        SchemaResult
	Subscriptions SubscriptionsResult
	Webhook       WebhookResult
	SchemaErr     error
	// SubscriptionsErr and WebhookErr are nil when the part did its job. Without an https
	// PUBLIC_URL, WebhookErr is ErrAttioNeedsHTTPS: Toggl → Attio works without the webhook.
	SubscriptionsErr, WebhookErr error
	// Live: every Toggl subscription is enabled and validated, so the connection is active.
	Live     bool
	Errors   []string
	Messages []string
}

// InboundErr is why Toggl → Attio sync is not in place: the first part it needs that failed,
// problems in the Attio schema, or Toggl subscriptions that are not live. Nil when in place.
func (r ConnectResult) InboundErr() error {
	switch {
	case r.SchemaErr != nil:
		return r.SchemaErr
	case len(r.Schema.Problems) > 0:
		lines := make([]string, len(r.Schema.Problems))
		for i, it := range r.Schema.Problems {
			lines[i] = it.Where() + ": " + it.Note
		}
		return &UserError{Message: "Attio schema problems: " + strings.Join(lines, "; ")}
	case r.SubscriptionsErr != nil:
		return r.SubscriptionsErr
	case !r.Live:
		return &UserError{Message: "the Toggl subscriptions are not live (enabled and validated)"}
	}
	return nil
}

// Err is why the connection is not fully in place: InboundErr, else the Attio webhook's
// failure (Attio → Toggl needs it). Nil when all is done.
func (r ConnectResult) Err() error {
	if err := r.InboundErr(); err != nil {
		return err
	}
	return r.WebhookErr
}

// ErrDuplicate means another active connection already syncs the same pair of workspaces:
// both would write every event.
var ErrDuplicate = errors.New("provision: another connection syncs these workspaces")

// TokensRefused is the answer to tokens that do not work (or could not be checked); Check
// says which and why, worded for the admin. No connection is made.
type TokensRefused struct {
	Check TokenCheck
	Err   error // the failure when the tokens could not be checked at all
}

func (e *TokensRefused) Error() string {
	return strings.TrimSpace(e.Check.TogglError + " " + e.Check.AttioError)
}
func (e *TokensRefused) Unwrap() error { return e.Err }

// Connect is the one connect sequence, the wizard's and every other caller's: check the
// tokens and store them encrypted in a new connection (or load the connection ConnectionID
// names), refuse a workspace pair another active connection syncs, then ensure the Attio
// schema, the Toggl subscriptions (validated through this service's own webhook endpoint,
// so the service must be serving PublicURL) and the Attio webhook. The connection becomes
// active only when its subscriptions are live; a "provisioned" audit row records the outcome.
//
// The error is for what stopped Connect before provisioning: *TokensRefused, ErrDuplicate
// (in a UserError), connection.ErrNotFound, storage failures. How the parts went is in the
// result (ConnectResult.Err).
func Connect(ctx context.Context, d ConnectDeps, in ConnectInput) (ConnectResult, error) {
	var res ConnectResult
	p, err := d.prepare(ctx, in, &res)
	if err != nil {
		return res, err
	}
	schema := SchemaOptions{CreateProjectsObject: in.CreateProjectsObject, TogglWorkspaceID: p.conn.TogglWorkspaceID, TogglWorkspaceName: p.workspaceName}
	_, res.Schema, res.SchemaErr = EnsureAttioSchema(ctx, p.attio, p.conn.Settings, schema)
	if res.SchemaErr != nil {
		res.Errors = append(res.Errors, "Attio: "+Explain(res.SchemaErr))
		return res, d.finish(ctx, p.conn, &res)
	}
	choice := in.Filters
	if choice == "" {
		choice = DefaultFilterChoice
	}
	d.subscribe(ctx, p, choice, &res)
	return res, d.finish(ctx, p.conn, &res)
}

// Resubscribe is the connection page's re-check: the Toggl subscriptions with the filter
// choice the stored ones show (a disabled one enabled again, an unvalidated one validated, a
// missing one recreated) and the Attio webhook, finished like Connect.
func Resubscribe(ctx context.Context, d ConnectDeps, connectionID int64) (ConnectResult, error) {
	var res ConnectResult
	conn, err := d.Conns.Get(ctx, connectionID)
	if err != nil {
		return res, err
	}
	res.Connection = conn
	p, err := d.clientsOf(conn)
	if err != nil {
		return res, err
	}
	choice, err := StoredChoice(ctx, d.Conns, conn.ID)
	if err != nil {
		return res, err
	}
	d.subscribe(ctx, p, choice, &res)
	return res, d.finish(ctx, conn, &res)
}

// Create is the wizard's token step (and Connect's first): it checks both tokens
// (CheckTokens) and stores them encrypted in a new connection for in.TogglWorkspaceID, or the
// user's default workspace. Refused tokens come back as *TokensRefused and make nothing.
func Create(ctx context.Context, d ConnectDeps, in ConnectInput) (*connection.Connection, error) {
	t, err := d.checkTokens(ctx, in)
	if err != nil {
		return nil, err
	}
	return d.create(ctx, in, t)
}

// ClaimWorkspace refuses a workspace pair another active connection syncs (ErrDuplicate,
// worded), then records wid as the connection's Toggl workspace. The wizard's plan step and
// Connect both start with it.
func ClaimWorkspace(ctx context.Context, conns *connection.Service, conn *connection.Connection, wid int64) error {
	if err := refuseDuplicate(ctx, conns, conn.ID, wid, conn.AttioWorkspaceID); err != nil {
		return err
	}
	if wid == conn.TogglWorkspaceID {
		return nil
	}
	tt, at, err := conns.Tokens(conn)
	if err != nil {
		return err
	}
	return conns.SetTokens(ctx, conn, tt, at, wid, conn.AttioWorkspaceID)
}

// StoredChoice is the filter choice the connection's stored subscriptions show.
func StoredChoice(ctx context.Context, conns *connection.Service, connID int64) (FilterChoice, error) {
	stored, err := conns.TogglSubscriptions(ctx, connID)
	if err != nil {
		return "", err
	}
	var filters [][]toggl.EventFilter
	for _, s := range stored {
		if s.ID > 0 { // a negative id is a secret waiting for an interrupted create
			filters = append(filters, DecodeFilters(s.EventFilters))
		}
	}
	return ChoiceOf(filters), nil
}

// refuseDuplicate: a second active connection for the same pair of workspaces would write
// every event twice.
func refuseDuplicate(ctx context.Context, conns *connection.Service, self, wid int64, attioWorkspace string) error {
	all, err := conns.List(ctx)
	if err != nil {
		return err
	}
	for _, o := range all {
		if o.ID != self && o.Status == "active" && o.TogglWorkspaceID == wid && o.AttioWorkspaceID == attioWorkspace {
			return &UserError{Err: ErrDuplicate, Message: fmt.Sprintf(
				"Connection %q already syncs Toggl workspace %d with this Attio workspace. Disconnect it first, or use it.", o.Name, wid)}
		}
	}
	return nil
}

// prepared is a connection ready to provision, with clients for its tokens.
type prepared struct {
	conn          *connection.Connection
	toggl         *toggl.Client
	attio         *attio.Client
	workspaceName string // "" when not read (a stored connection)
}

// prepare makes or loads the connection and claims its workspace pair.
func (d ConnectDeps) prepare(ctx context.Context, in ConnectInput, res *ConnectResult) (*prepared, error) {
	if in.ConnectionID == 0 {
		t, err := d.checkTokens(ctx, in)
		if err != nil {
			return nil, err
		}
		if err := refuseDuplicate(ctx, d.Conns, 0, t.workspace.ID, t.check.Self.WorkspaceID); err != nil {
			return nil, err
		}
		if t.conn, err = d.create(ctx, in, t); err != nil {
			return nil, err
		}
		res.Connection = t.conn
		return &t.prepared, nil
	}
	conn, err := d.Conns.Get(ctx, in.ConnectionID)
	if err != nil {
		return nil, err
	}
	res.Connection = conn
	wid := in.TogglWorkspaceID
	if wid == 0 {
		wid = conn.TogglWorkspaceID
	}
	if err := ClaimWorkspace(ctx, d.Conns, conn, wid); err != nil {
		return nil, err
	}
	return d.clientsOf(conn)
}

// checked is a token check that passed, with the workspace chosen.
type checked struct {
	prepared
	check     TokenCheck
	workspace toggl.Workspace
}

func (d ConnectDeps) checkTokens(ctx context.Context, in ConnectInput) (checked, error) {
	var t checked
	var err error
	if t.toggl, err = d.Toggl(in.TogglToken); err != nil {
		return t, err
	}
	if t.attio, err = d.Attio(in.AttioToken); err != nil {
		return t, err
	}
	if t.check, err = CheckTokens(ctx, t.toggl, t.attio); err != nil {
		return t, &TokensRefused{Check: TokenCheck{TogglError: Explain(err)}, Err: err}
	}
	if !t.check.OK() {
		return t, &TokensRefused{Check: t.check}
	}
	want := in.TogglWorkspaceID
	if want == 0 {
		want = t.check.Me.DefaultWorkspaceID
	}
	t.workspace = t.check.Workspaces[0]
	found := false
	for _, w := range t.check.Workspaces {
		if w.ID == want {
			t.workspace, found = w, true
		}
	}
	if !found && in.TogglWorkspaceID != 0 {
		return t, &TokensRefused{Check: TokenCheck{TogglError: fmt.Sprintf("This Toggl user does not belong to workspace %d.", in.TogglWorkspaceID)}}
	}
	t.workspaceName = t.workspace.Name
	return t, nil
}

func (d ConnectDeps) create(ctx context.Context, in ConnectInput, t checked) (*connection.Connection, error) {
	name := in.Name
	if name == "" {
		name = t.workspace.Name + " ↔ " + t.check.Self.WorkspaceName
	}
	conn, err := d.Conns.Create(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := d.Conns.SetTokens(ctx, conn, in.TogglToken, in.AttioToken, t.workspace.ID, t.check.Self.WorkspaceID); err != nil {
		return nil, err
	}
	return conn, nil
}

func (d ConnectDeps) clientsOf(conn *connection.Connection) (*prepared, error) {
	p := &prepared{conn: conn}
	var err error
	p.toggl, p.attio, err = d.Clients(conn)
	return p, err
}

// Clients are the API clients for a connection's stored tokens.
func (d ConnectDeps) Clients(conn *connection.Connection) (*toggl.Client, *attio.Client, error) {
	tt, at, err := d.Conns.Tokens(conn)
	if err != nil {
		return nil, nil, err
	}
	tc, err := d.Toggl(tt)
	if err != nil {
		return nil, nil, err
	}
	ac, err := d.Attio(at)
	return tc, ac, err
}

// subscribe ensures the Toggl subscriptions, then the Attio webhook.
func (d ConnectDeps) subscribe(ctx context.Context, p *prepared, choice FilterChoice, res *ConnectResult) {
	res.Subscriptions, res.SubscriptionsErr = EnsureTogglSubscriptions(ctx, p.toggl, d.Conns, p.conn, d.PublicURL, choice)
	for _, n := range res.Subscriptions.Plan.Notes {
		res.Messages = append(res.Messages, "Toggl: "+n)
	}
	if res.SubscriptionsErr != nil {
		res.Errors = append(res.Errors, "Toggl: "+Explain(res.SubscriptionsErr))
	}
	res.Webhook, res.WebhookErr = EnsureAttioWebhook(ctx, p.attio, d.Conns, p.conn, d.PublicURL)
	if res.WebhookErr != nil {
		res.Errors = append(res.Errors, "Attio webhook: "+Explain(res.WebhookErr))
	}
	res.Live = res.Subscriptions.AllLive()
}

// finish makes the connection active when its subscriptions are live and writes the
// "provisioned" audit row. These are local writes that record what the calls did, so they
// happen even when ctx ran out during the calls.
func (d ConnectDeps) finish(ctx context.Context, conn *connection.Connection, res *ConnectResult) error {
	ctx = context.WithoutCancel(ctx)
	status := "provisioning failed"
	if res.Live {
		status = "active"
		arrived, err := d.Conns.Store.HasEvent(ctx, conn.ID, "toggl")
		if err != nil {
			return err
		}
		msg := "Connected: the Toggl subscription is validated and waiting for the first event (start or edit a time entry in Toggl; the Dashboard shows when it arrives)."
		if arrived {
			msg = "Connected: Toggl events reach this service."
		}
		res.Messages = append([]string{msg}, res.Messages...)
		if err := d.Conns.SetStatus(ctx, conn, "active"); err != nil {
			return err
		}
	}
	if _, err := d.Conns.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "console", Entity: "connection", Status: "provisioned",
		Message: fmt.Sprintf("provisioning: %s; %d created in Attio, %d problem(s), %d error(s)", status, len(res.Schema.Created), len(res.Schema.Problems), len(res.Errors)),
		Detail:  map[string]any{"errors": res.Errors}}, d.Conns.Now()); err != nil {
		return err
	}
	stored, err := d.Conns.Get(ctx, conn.ID)
	if err != nil {
		return err
	}
	res.Connection = stored
	return nil
}
