// Package connection is the data model of one Toggl workspace ↔ Attio workspace pair: its
// encrypted tokens, webhook secrets and per-connection settings (rules, fallback, field maps,
// outbound triggers, audit mirroring, Attio schema slugs).
package connection

import (
	"encoding/json"
	"fmt"

	"toggl-attio-sync/internal/fieldmap"
	"toggl-attio-sync/internal/routing"
)

// ProjectRef names an Attio Project record.
type ProjectRef struct {
	RecordID string `json:"record_id"`
	Name     string `json:"name"`
}

// Schema holds the api_slugs of what provisioning creates or reuses in Attio.
type Schema struct {
	ProjectsObject     string `json:"projects_object"`      // the custom projects object
	CompaniesObject    string `json:"companies_object"`     // standard companies
	ClientsObject      string `json:"clients_object"`       // toggl_clients
	TimeEntriesList    string `json:"time_entries_list"`    // toggl_time_entries (parent: projects)
	AuditList          string `json:"audit_list"`           // toggl_webhook_audit
	ProjectCompanyAttr string `json:"project_company_attr"` // record-reference Project → Company
	ProjectNameAttr    string `json:"project_name_attr"`
}

// Audit mirror settings: which audit rows are copied to Attio's toggl_webhook_audit list.
const (
	MirrorOff      = "off"
	MirrorProblems = "problems" // rejected, failed, dead, unroutable
	MirrorAll      = "all"
)

// Settings are the per-connection choices an admin makes in the console.
type Settings struct {
	Rules          routing.Rules `json:"rules"`
	Fallback       *ProjectRef   `json:"fallback,omitempty"`
	TimeEntryMap   fieldmap.Map  `json:"time_entry_map,omitempty"`
	ProjectMap     fieldmap.Map  `json:"project_map,omitempty"`
	ClientMap      fieldmap.Map  `json:"client_map,omitempty"`
	OutboundEvents []string      `json:"outbound_events,omitempty"` // Attio event types that trigger outbound
	AuditMirror    string        `json:"audit_mirror,omitempty"`
	MaxAttempts    int           `json:"max_attempts,omitempty"`
	Schema         Schema        `json:"schema"`
	Reconcile      Reconcile     `json:"reconcile"`

	// AttioActorID is the api-token actor id that writes with this connection's Attio token
	// carry (created_by_actor, webhook events' actor), so the echoes of the service's own writes
	// are recognised from the first event after a restart. Attio's GET /v2/self does not name
	// it (docs/api/attio.md §1), so it is learnt from the first write the service makes and stored with
	// SetAttioActor; a new Attio token clears it. Not an admin choice: no form edits it.
	AttioActorID string `json:"attio_actor_id,omitempty"`
}

// DefaultSchema is what provisioning creates in a fresh Attio workspace.
var DefaultSchema = Schema{
	ProjectsObject: "projects", CompaniesObject: "companies", ClientsObject: "toggl_clients",
	TimeEntriesList: "toggl_time_entries", AuditList: "toggl_webhook_audit",
	ProjectCompanyAttr: "company", ProjectNameAttr: "name",
}

// DefaultOutboundEvents: a created Project, and an updated one, so a Project that gains its
// Company later is handled then.
var DefaultOutboundEvents = []string{"record.created", "record.updated"}

// DefaultMaxAttempts before a job becomes a dead letter.
const DefaultMaxAttempts = 12

// WithDefaults fills what an admin left unset.
func (s Settings) WithDefaults() Settings {
	if s.TimeEntryMap == nil {
		s.TimeEntryMap = fieldmap.DefaultTimeEntryMap()
	}
	if s.ProjectMap == nil {
		s.ProjectMap = fieldmap.DefaultProjectMap()
	}
	if s.ClientMap == nil {
		s.ClientMap = fieldmap.DefaultClientMap()
	}
	if s.OutboundEvents == nil {
		s.OutboundEvents = append([]string(nil), DefaultOutboundEvents...)
	}
	if s.AuditMirror == "" {
		s.AuditMirror = MirrorProblems
	}
	if s.MaxAttempts <= 0 {
		s.MaxAttempts = DefaultMaxAttempts
	}
	s.Reconcile = s.Reconcile.withDefaults()
	d := DefaultSchema
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	fill(&s.Schema.ProjectsObject, d.ProjectsObject)
	fill(&s.Schema.CompaniesObject, d.CompaniesObject)
	fill(&s.Schema.ClientsObject, d.ClientsObject)
	fill(&s.Schema.TimeEntriesList, d.TimeEntriesList)
	fill(&s.Schema.AuditList, d.AuditList)
	fill(&s.Schema.ProjectCompanyAttr, d.ProjectCompanyAttr)
	fill(&s.Schema.ProjectNameAttr, d.ProjectNameAttr)
	return s
}

// ParseSettings reads stored settings and applies defaults.
func ParseSettings(data string) (Settings, error) {
	var s Settings
	if data != "" {
		if err := json.Unmarshal([]byte(data), &s); err != nil {
			return Settings{}, fmt.Errorf("connection settings: %w", err)
		}
	}
	return s.WithDefaults(), nil
}
