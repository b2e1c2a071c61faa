package provision

import (
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/fieldmap"
)

// AuditParentObject holds one record per Toggl workspace; toggl_webhook_audit entries hang
// under it (see the package doc for why not under Projects).
const AuditParentObject = "toggl_connections"

// AuditParentMatch is the unique attribute the audit parent record is asserted on.
const AuditParentMatch = "toggl_workspace_id"

// AuditAttributes are the entry attributes of the toggl_webhook_audit list, for whoever mirrors
// audit rows into Attio. Nothing secret goes there: the row's message and status only.
var AuditAttributes = []fieldmap.Attribute{
	{Slug: "audit_id", Type: attiotype.Number, Title: "Audit row"},
	{Slug: "occurred_at", Type: attiotype.Timestamp, Title: "Occurred at"},
	{Slug: "source", Type: attiotype.Text, Title: "Source"},
	{Slug: "entity", Type: attiotype.Text, Title: "Entity"},
	{Slug: "status", Type: attiotype.Text, Title: "Status"},
	{Slug: "message", Type: attiotype.Text, Title: "Message"},
}

// wantObject is an object the schema needs.
type wantObject struct {
	slug, singular, plural string
	mayCreate              bool   // false: must exist (companies; projects without consent)
	missingNote            string // the problem when it is absent and may not be created
}

// wantAttr is an attribute the schema needs on an object or list.
type wantAttr struct {
	parent     string // object or list slug
	onList     bool
	slug       string
	title      string
	typ        string
	unique     bool // required unique (asserted on): a non-unique one is a problem
	multi      bool
	refObject  string // record-reference target slug
	wantUnique bool   // unique preferred: created unique, an existing non-unique one only noted
}

// wantList is a list the schema needs.
type wantList struct {
	slug, name, parent string
}

// desiredSchema is everything provisioning ensures, in an order in which creating works:
// objects, then their attributes (references point at objects made before), then lists.
type desiredSchema struct {
	objects []wantObject
	attrs   []wantAttr // object attributes
	lists   []wantList
	lattrs  []wantAttr // list attributes
	// conflicts are field map entries that contradict a fixed attribute (e.g. a map writing
	// toggl_project_id as a number).
	conflicts []PlanItem
}

// desired derives the schema from a connection's settings.
func desired(s connection.Settings, opt SchemaOptions) desiredSchema {
	s = s.WithDefaults()
	sc := s.Schema
	var d desiredSchema
	d.objects = []wantObject{
		{slug: sc.ProjectsObject, singular: "Project", plural: "Projects", mayCreate: opt.CreateProjectsObject,
			missingNote: "Attio has no " + sc.ProjectsObject + " object; allow creating it, or create it in Attio and run this again"},
		{slug: sc.CompaniesObject, singular: "Company", plural: "Companies",
			missingNote: "Attio has no " + sc.CompaniesObject + " object, which every Attio workspace has; check the token's workspace"},
		{slug: sc.ClientsObject, singular: "Toggl client", plural: "Toggl clients", mayCreate: true},
		{slug: AuditParentObject, singular: "Toggl connection", plural: "Toggl connections", mayCreate: true},
	}
	obj := func(parent string, fixed []wantAttr, m fieldmap.Map) {
		seen := map[string]wantAttr{}
		for _, a := range fixed {
			a.parent = parent
			seen[a.slug] = a
			d.attrs = append(d.attrs, a)
		}
		for _, a := range fieldmap.AttributesNeeded(m) {
			if f, ok := seen[a.Slug]; ok {
				if f.typ != a.Type {
					d.conflicts = append(d.conflicts, PlanItem{Kind: KindAttribute, Parent: parent, Slug: a.Slug, Type: a.Type, State: StateProblem,
						Note: "the field map writes it as " + a.Type + ", but the sync needs it as " + f.typ + "; change the field map"})
				}
				continue
			}
			seen[a.Slug] = wantAttr{}
			d.attrs = append(d.attrs, wantAttr{parent: parent, slug: a.Slug, title: a.Title, typ: a.Type, multi: a.Multiselect})
		}
	}
	obj(sc.ProjectsObject, []wantAttr{
		{slug: sc.ProjectNameAttr, title: "Name", typ: attiotype.Text},
		{slug: sc.ProjectCompanyAttr, title: "Company", typ: attiotype.RecordReference, refObject: sc.CompaniesObject},
		{slug: "toggl_project_id", title: "Toggl project ID", typ: attiotype.Text, wantUnique: true},
	}, s.ProjectMap)
	obj(sc.CompaniesObject, []wantAttr{
		{slug: "toggl_client_id", title: "Toggl client ID", typ: attiotype.Text},
		{slug: "toggl_client", title: "Toggl client", typ: attiotype.RecordReference, refObject: sc.ClientsObject},
	}, nil)
	obj(sc.ClientsObject, []wantAttr{
		{slug: "name", title: "Name", typ: attiotype.Text},
		{slug: "toggl_client_id", title: "Toggl client ID", typ: attiotype.Text, unique: true},
		{slug: "company", title: "Company", typ: attiotype.RecordReference, refObject: sc.CompaniesObject},
		{slug: "archived", title: "Archived in Toggl", typ: attiotype.Checkbox},
		{slug: "deleted", title: "Deleted in Toggl", typ: attiotype.Checkbox},
	}, s.ClientMap)
	obj(AuditParentObject, []wantAttr{
		{slug: "name", title: "Name", typ: attiotype.Text},
		{slug: AuditParentMatch, title: "Toggl workspace ID", typ: attiotype.Text, unique: true},
	}, nil)

	d.lists = []wantList{
		{slug: sc.TimeEntriesList, name: "Toggl time entries", parent: sc.ProjectsObject},
		{slug: sc.AuditList, name: "Toggl webhook audit", parent: AuditParentObject},
	}
	for _, a := range fieldmap.AttributesNeeded(s.TimeEntryMap) {
		d.lattrs = append(d.lattrs, wantAttr{parent: sc.TimeEntriesList, onList: true, slug: a.Slug, title: a.Title, typ: a.Type, multi: a.Multiselect})
	}
	for _, a := range AuditAttributes {
		d.lattrs = append(d.lattrs, wantAttr{parent: sc.AuditList, onList: true, slug: a.Slug, title: a.Title, typ: a.Type})
	}
	return d
}
