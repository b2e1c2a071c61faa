package inbound

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
)

// The console's pages over what inbound applies: the rules page (eligibility rules, fallback
// Project, routing simulator, outbound triggers) and the field map editor. Each page or form
// is one call here; the web handlers parse the request and lay the answer out.

// Provisioner changes Attio after a console save (provision.Console).
type Provisioner interface {
	// Reprovision creates in Attio what next needs, then stores next; it returns how many
	// objects, attributes and lists were created.
	Reprovision(ctx context.Context, conn *connection.Connection, next connection.Settings) (int, error)
	// UpdateAttioWebhook makes the connection's Attio webhook send its outbound triggers.
	UpdateAttioWebhook(ctx context.Context, conn *connection.Connection) error
}

// ConsoleDeps is what the console's pages over inbound need; Attio and Toggl are the workers'
// own client factories, so the console's reads share their budgets and counters.
type ConsoleDeps struct {
	Store     *store.Store
	Conns     *connection.Service
	Attio     AttioFactory // nil: nothing is read from Attio, nothing can be routed
	Toggl     TogglFactory // nil: the simulator reads names from the local cache only
	Provision Provisioner
	Now       func() time.Time
	Logger    *slog.Logger
}

// recentCount is how many recent time entries the simulator offers.
const recentCount = 15

// TriggerEvents are the Attio events outbound sync can act on (internal/outbound re-reads the
// Project, so a created and an updated record are handled alike).
var TriggerEvents = []string{attio.EventRecordCreated, attio.EventRecordUpdated}

// RulesConsole is the rules page.
type RulesConsole struct {
	store     *store.Store
	conns     *connection.Service
	schema    *attioschema.Reader
	provision Provisioner
	now       func() time.Time
	sim       *Handler // the worker's own routing; nil without Attio access
}

// NewRulesConsole makes the rules page's service once per process.
func NewRulesConsole(d ConsoleDeps) *RulesConsole {
	r := &RulesConsole{store: d.Store, conns: d.Conns, schema: &attioschema.Reader{Attio: d.Attio}, provision: d.Provision, now: d.Now}
	if d.Attio != nil {
		r.sim = &Handler{Store: d.Store, Conns: d.Conns, Now: d.Now, Logger: d.Logger, Attio: d.Attio, Toggl: d.Toggl}
	}
	return r
}

// RulesView is the rules page of one connection.
type RulesView struct {
	Rules    routing.Rules // as saved, or as posted
	Schema   attioschema.ProjectSchema
	Fallback *connection.ProjectRef
	Events   []string // the outbound triggers shown checked: saved, or as posted
	Recent   []RecentEntry
	Search   *ProjectSearch // nil: no search asked

	Fields       map[string]string // problems beside type_attribute, status_attribute, rules
	Rows         map[int]string    // problems beside exclusion rows
	Problem      string            // the page's summary of what was not saved
	Sim          *SimRun
	TriggerError string
}

// ProjectSearch is the fallback picker's search and its answer.
type ProjectSearch struct {
	Query    string
	Searched bool
	Hits     []attioschema.ProjectHit
	Problem  string
}

func (r *RulesConsole) view(ctx context.Context, conn *connection.Connection, rules routing.Rules) RulesView {
	return RulesView{Rules: rules, Schema: r.schema.Projects(ctx, conn, rules), Fallback: conn.Settings.Fallback,
		Events: conn.Settings.OutboundEvents, Recent: recentEntries(ctx, r.store, conn.ID, recentCount)}
}

// Page reads the rules page with the saved settings; a non-nil query also searches Projects
// (the fallback picker without JavaScript).
func (r *RulesConsole) Page(ctx context.Context, conn *connection.Connection, query *string) RulesView {
	v := r.view(ctx, conn, conn.Settings.Rules)
	if query != nil {
		s := r.Search(ctx, conn, *query)
		v.Search = &s
	}
	return v
}

// Search finds Projects for the fallback picker.
func (r *RulesConsole) Search(ctx context.Context, conn *connection.Connection, q string) ProjectSearch {
	hits, problem := r.schema.SearchProjects(ctx, conn, q)
	return ProjectSearch{Query: q, Searched: true, Hits: hits, Problem: problem}
}

// SaveRules stores the type and status attributes and the exclusions after checking them
// against Attio; saved is false, and the view says why beside the fields, when they do not
// check. A change of attributes makes the cached Projects be read again: they carry the old
// attributes' values.
func (r *RulesConsole) SaveRules(ctx context.Context, conn *connection.Connection, rules routing.Rules) (v RulesView, saved bool, err error) {
	v = r.view(ctx, conn, rules)
	v.Fields, v.Rows = attioschema.CheckRules(rules, v.Schema)
	if len(v.Fields) > 0 || len(v.Rows) > 0 {
		v.Problem = "Not saved: fix the problems marked below."
		return v, false, nil
	}
	old := conn.Settings.Rules
	next := conn.Settings
	next.Rules = rules
	if err := r.conns.SaveSettings(ctx, conn, next); err != nil {
		return v, false, err
	}
	if old.TypeAttribute != rules.TypeAttribute || old.StatusAttribute != rules.StatusAttribute {
		if err := InvalidateAllRoutes(ctx, r.store, conn.ID, r.now()); err != nil {
			return v, false, err
		}
	}
	return v, true, nil
}

// SaveFallback sets the fallback Project after reading it from Attio, so only a real Project
// with its current name is stored; saved is false, and the view says why, when it cannot be.
func (r *RulesConsole) SaveFallback(ctx context.Context, conn *connection.Connection, recordID string) (v RulesView, saved bool, err error) {
	ref, problem := r.schema.Project(ctx, conn, recordID)
	if problem != "" {
		v = r.view(ctx, conn, conn.Settings.Rules)
		v.Search = &ProjectSearch{Problem: problem}
		v.Problem = "The fallback Project was not changed."
		return v, false, nil
	}
	next := conn.Settings
	next.Fallback = ref
	return v, true, r.conns.SaveSettings(ctx, conn, next)
}

// ClearFallback removes the fallback Project.
func (r *RulesConsole) ClearFallback(ctx context.Context, conn *connection.Connection) error {
	next := conn.Settings
	next.Fallback = nil
	return r.conns.SaveSettings(ctx, conn, next)
}

// SimRun is one simulation: where the entry would land and what had to be read to decide it,
// or why it was not routed.
type SimRun struct {
	Input    SimInput
	Routed   bool
	Decision routing.Decision
	Calls    []string // Attio and Toggl reads the gathering made
	Problem  string
	// Refused: the input cannot be routed (the form's fault); Unavailable: this process
	// cannot route at all (no Attio access).
	Refused, Unavailable bool
}

// Simulate routes a pasted time entry, or the one of a recent delivery, with the saved rules
// the way the worker would now (Handler.Simulate: its own gathering and routing.Decide). It
// never writes to Attio.
func (r *RulesConsole) Simulate(ctx context.Context, conn *connection.Connection, jobID int64, paste string) RulesView {
	v := r.view(ctx, conn, conn.Settings.Rules)
	in, problem := simulationInput(ctx, r.store, conn, jobID, paste)
	run := &SimRun{Input: in}
	v.Sim = run
	switch {
	case problem != "":
		run.Problem, run.Refused = problem, true
		return v
	case r.sim == nil:
		run.Problem, run.Unavailable = "This console was started without Attio access, so it cannot route.", true
		return v
	}
	ctx, cancel := context.WithTimeout(ctx, 2*attioschema.DefaultTimeout)
	defer cancel()
	res, err := r.sim.Simulate(ctx, conn, in.Entry)
	if err != nil {
		run.Problem = "The routing data could not be gathered: " + err.Error()
		return v
	}
	run.Routed, run.Decision, run.Calls = true, res.Decision, res.Calls
	return v
}

// Landing says in one line where a decision sends the entry (the fallback by its saved name);
// problem is true when it goes nowhere.
func Landing(d routing.Decision, fallback *connection.ProjectRef) (text string, problem bool) {
	switch d.Branch {
	case routing.BranchAuditOnly:
		return "Would be recorded in the audit list only: nothing is written to Attio.", true
	case routing.BranchFallback:
		name := d.ProjectRecordID
		if fallback != nil && fallback.RecordID == d.ProjectRecordID && fallback.Name != "" {
			name = fallback.Name
		}
		return "Would land on the fallback Project " + name + ".", false
	default:
		return "Would land on Attio Project " + d.ProjectRecordID + ".", false
	}
}

// TriggerOutcome is what saving the outbound triggers did.
type TriggerOutcome int

const (
	TriggersRefused       TriggerOutcome = iota // nothing saved; the view says why
	TriggersSaved                               // saved, and the Attio webhook sends them
	TriggersSavedForLater                       // saved; no Attio webhook is provisioned yet
	TriggersWebhookFailed                       // saved, but the webhook was not updated; the view says why
)

// SaveTriggers stores which Attio events start outbound sync and updates the connection's
// Attio webhook to send exactly those, when it is provisioned. The view is filled only when
// the page is shown again (refused, webhook failed).
func (r *RulesConsole) SaveTriggers(ctx context.Context, conn *connection.Connection, posted []string) (RulesView, TriggerOutcome, error) {
	chosen, problem := chooseTriggers(posted)
	if problem != "" {
		v := r.view(ctx, conn, conn.Settings.Rules)
		v.Events, v.TriggerError = posted, problem
		return v, TriggersRefused, nil
	}
	next := conn.Settings
	next.OutboundEvents = chosen
	if err := r.conns.SaveSettings(ctx, conn, next); err != nil {
		return RulesView{}, TriggersRefused, err
	}
	hooks, err := r.store.ListActiveAttioWebhooks(ctx, conn.ID)
	if err != nil {
		return RulesView{}, TriggersRefused, err
	}
	if len(hooks) == 0 {
		return RulesView{}, TriggersSavedForLater, nil
	}
	if err := r.provision.UpdateAttioWebhook(ctx, conn); err != nil {
		v := r.view(ctx, conn, conn.Settings.Rules)
		v.TriggerError = "Saved, but the Attio webhook could not be updated: " + err.Error()
		return v, TriggersWebhookFailed, nil
	}
	return RulesView{}, TriggersSaved, nil
}

// chooseTriggers keeps the posted events outbound can act on, in TriggerEvents' order;
// problem says why the posted set cannot be saved.
func chooseTriggers(posted []string) (chosen []string, problem string) {
	for _, e := range TriggerEvents {
		if slices.Contains(posted, e) {
			chosen = append(chosen, e)
		}
	}
	switch {
	case len(chosen) != len(posted):
		return nil, fmt.Sprintf("Unknown event among %q.", posted)
	case len(chosen) == 0:
		return nil, "Choose at least one event."
	}
	return chosen, ""
}

// FieldMapConsole is the field map editor.
type FieldMapConsole struct {
	store     *store.Store
	conns     *connection.Service
	schema    *attioschema.Reader
	provision Provisioner
	now       func() time.Time
}

// NewFieldMapConsole makes the field map editor's service once per process.
func NewFieldMapConsole(d ConsoleDeps) *FieldMapConsole {
	return &FieldMapConsole{store: d.Store, conns: d.Conns, schema: &attioschema.Reader{Attio: d.Attio}, provision: d.Provision, now: d.Now}
}

// FieldMapView is one field map checked against Attio's attributes where it writes.
type FieldMapView struct {
	Kind      attioschema.MapKind
	Map       fieldmap.Map // as saved, or as posted
	Target    attioschema.Target
	TargetErr error            // Attio's attributes could not be read: checked without them
	Problems  map[int][]string // per field index
	Missing   []string         // attributes the map writes that Attio lacks: saving needs reprovisioning
	Preview   *Preview
	FormError string
	Created   int // what reprovisioning created in Attio
}

// Invalid reports whether a field has a problem.
func (v FieldMapView) Invalid() bool {
	for i := range v.Map {
		if len(v.Problems[i]) > 0 {
			return true
		}
	}
	return false
}

func (f *FieldMapConsole) check(ctx context.Context, conn *connection.Connection, k attioschema.MapKind, m fieldmap.Map) FieldMapView {
	v := FieldMapView{Kind: k, Map: m}
	v.Target, v.TargetErr = f.schema.Target(ctx, conn, k)
	v.Problems, v.Missing = attioschema.CheckMap(k, m, v.Target.Types)
	return v
}

// Page reads the saved map of kind k, checked, with a preview of the newest delivery rendered
// through it.
func (f *FieldMapConsole) Page(ctx context.Context, conn *connection.Connection, k attioschema.MapKind) FieldMapView {
	m := *k.Map(&conn.Settings)
	v := f.check(ctx, conn, k, m)
	v.Preview = preview(ctx, f.store, conn.ID, k.Key, m, f.now())
	return v
}

// MapAction is what the editor's form asks for.
type MapAction int

const (
	MapPreview   MapAction = iota // render the newest delivery through the map as edited
	MapSave                       // save, unless Attio lacks attributes the map writes
	MapProvision                  // save, creating in Attio what the map writes first
)

// MapOutcome is what an edited map's form did.
type MapOutcome int

const (
	MapPreviewed        MapOutcome = iota // nothing saved; the view has the preview
	MapRefused                            // nothing saved; the view says why
	MapSaved                              // saved
	MapSavedProvisioned                   // created in Attio what it needed (view.Created) and saved
)

// Save previews, saves, or saves-and-provisions an edited map of kind k. Nothing is saved
// while a field has a problem; a map that writes attributes Attio lacks is saved only with
// MapProvision, which creates them first (provision.PlanReprovision).
func (f *FieldMapConsole) Save(ctx context.Context, conn *connection.Connection, k attioschema.MapKind, m fieldmap.Map, action MapAction) (FieldMapView, MapOutcome, error) {
	v := f.check(ctx, conn, k, m)
	if action == MapPreview {
		if v.Invalid() {
			v.Preview = &Preview{Error: "Fix the problems marked above first; the preview uses the map as edited."}
		} else {
			v.Preview = preview(ctx, f.store, conn.ID, k.Key, m, f.now())
		}
		v.Missing = nil // a preview saves nothing, so nothing needs reprovisioning yet
		return v, MapPreviewed, nil
	}
	switch {
	case v.Invalid():
		v.FormError = "Not saved: fix the problems marked beside the fields."
		return v, MapRefused, nil
	case v.TargetErr != nil:
		v.FormError = "Not saved: the map could not be checked against Attio's attributes."
		return v, MapRefused, nil
	case len(v.Missing) > 0 && action != MapProvision:
		return v, MapRefused, nil
	}
	next := conn.Settings
	*k.Map(&next) = m
	if len(v.Missing) == 0 {
		return v, MapSaved, f.conns.SaveSettings(ctx, conn, next)
	}
	created, err := f.provision.Reprovision(ctx, conn, next)
	v.Created = created
	if err != nil {
		v.FormError = "Not saved: " + err.Error()
		return v, MapRefused, nil
	}
	return v, MapSavedProvisioned, nil
}
