package attiosim

import (
	"fmt"
	"strings"
)

// SeedToken is the demo access token; it carries every scope.
const SeedToken = "sim-attio-token"

// SeedMemberToken is the demo member token: it carries every scope and acts as the workspace
// member Mia Member, so its changes look like a person's in Attio's web app (see AddMemberToken),
// not like the service's own writes.
const SeedMemberToken = "sim-attio-member-token"

// SeedInfo describes the demo data, for printing and for tests that need its ids.
type SeedInfo struct {
	Token            string
	TokenActorID     string
	MemberToken      string
	MemberID         string // the workspace member MemberToken acts as
	WorkspaceID      string
	WorkspaceName    string
	ProjectsObjectID string
	Companies        []SeedCompany
	Projects         []SeedProject
}

// SeedCompany is a seeded companies record.
type SeedCompany struct{ Name, Domain, RecordID string }

// SeedProject is a seeded projects record; TogglProjectID is "" when unlinked.
type SeedProject struct {
	Name, Company, Type, Status, TogglProjectID, RecordID string
}

// String lists the seed for a terminal.
func (si SeedInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Attio workspace %q (%s), token %s\n", si.WorkspaceName, si.WorkspaceID, si.Token)
	fmt.Fprintf(&b, "  member token %s (acts as workspace member %s, like a person in the web app)\n", si.MemberToken, si.MemberID)
	for _, c := range si.Companies {
		domain := ""
		if c.Domain != "" {
			domain = " (" + c.Domain + ")"
		}
		fmt.Fprintf(&b, "  company %-18s%s %s\n", c.Name, domain, c.RecordID)
	}
	for _, p := range si.Projects {
		toggl := "no toggl id"
		if p.TogglProjectID != "" {
			toggl = "toggl " + p.TogglProjectID
		}
		fmt.Fprintf(&b, "  project %-18s %-18s %-8s %-8s %-15s %s\n", p.Name, p.Company, p.Type, p.Status, toggl, p.RecordID)
	}
	return b.String()
}

var seedCompanies = []SeedCompany{
	{Name: "Globex", Domain: "globex.test"},
	{Name: "Initech"},
	{Name: "Umbrella"},
	{Name: "Stark Industries"},
	{Name: "Wayne Enterprises"},
}

var seedProjects = []SeedProject{
	{Name: "Website Redesign", Company: "Globex", Type: "fixed", Status: "active", TogglProjectID: "20300001"},
	{Name: "Support Retainer", Company: "Globex", Type: "retainer", Status: "complete"},
	{Name: "Data Migration", Company: "Initech", Type: "hourly", Status: "active", TogglProjectID: "20300003"},
	{Name: "Brand Refresh", Company: "Umbrella", Type: "fixed", Status: "active"},
	{Name: "Security Audit", Company: "Wayne Enterprises", Type: "hourly", Status: "active"},
}

// Seed loads the demo data shared with the Toggl emulator: token sim-attio-token with all scopes,
// member token sim-attio-member-token (all scopes, acting as workspace member Mia Member),
// workspace "Acme Agency", five companies, and a custom projects object (name, company, type,
// status, toggl_project_id) with five projects. Ids are fixed, derived from names. The schema is
// made as an admin would in the web app, so Compat switches do not block it. Call it once, on a
// fresh Sim.
func Seed(s *Sim) SeedInfo {
	tok := s.AddToken(SeedToken, AllScopes()...)
	mem := s.AddMemberToken(SeedMemberToken, "Mia", "Member", AllScopes()...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.workspace.name = "Acme Agency"
	c := s.helperCall()
	info := SeedInfo{Token: tok.Value, TokenActorID: tok.ActorID, MemberToken: mem.Value, MemberID: mem.ActorID,
		WorkspaceID: s.workspace.id, WorkspaceName: s.workspace.name}

	companies := s.findObject("companies")
	ids := map[string]string{}
	for _, sc := range seedCompanies {
		values := map[string]any{"name": []any{sc.Name}}
		if sc.Domain != "" {
			values["domains"] = []any{sc.Domain}
		}
		r := s.mustInsert(c, companies, "seed/company/"+sc.Name, values)
		sc.RecordID = r.id
		ids[sc.Name] = r.id
		info.Companies = append(info.Companies, sc)
	}

	projects, e := s.newObject(stableID(s.workspace.id+"/object/projects"), "projects", "Project", "Projects", c.now)
	if e != nil {
		panic("attiosim: Seed on a Sim that already has a projects object: " + e.Message)
	}
	info.ProjectsObjectID = projects.id
	attr := func(sp attrSpec) {
		sp.id = stableID(projects.id + "/attribute/" + sp.slug)
		s.addAttribute(targetObjects, projects.id, sp, c.now)
	}
	attr(attrSpec{slug: "name", title: "Name", typ: typeText, required: true})
	attr(attrSpec{slug: "company", title: "Company", typ: typeRecordRef, allowedObjects: []string{companies.id}})
	attr(attrSpec{slug: "type", title: "Type", typ: typeSelect, options: []string{"retainer", "fixed", "hourly"}})
	attr(attrSpec{slug: "status", title: "Status", typ: typeStatus, statuses: []string{"active", "complete"}})
	attr(attrSpec{slug: "toggl_project_id", title: "Toggl project ID", typ: typeText, unique: true})

	for _, sp := range seedProjects {
		values := map[string]any{
			"name":    []any{sp.Name},
			"company": []any{map[string]any{"target_object": "companies", "target_record_id": ids[sp.Company]}},
			"type":    []any{sp.Type},
			"status":  []any{sp.Status},
		}
		if sp.TogglProjectID != "" {
			values["toggl_project_id"] = []any{sp.TogglProjectID}
		}
		sp.RecordID = s.mustInsert(c, projects, "seed/project/"+sp.Name, values).id
		info.Projects = append(info.Projects, sp)
	}
	s.deliv.enqueue(c.events)
	return info
}

// mustInsert validates and stores a seed record with a fixed id.
func (s *Sim) mustInsert(c *call, obj *object, name string, values map[string]any) *record {
	plan, e := s.planValues(obj.attrs, nil, values, modeCreate, nil, c.actor, c.now)
	if e == nil {
		e = s.checkUnique(plan, nil)
	}
	if e == nil {
		e = s.checkRequired(obj.attrs, nil, plan, true)
	}
	if e != nil {
		panic("attiosim: seed record " + name + ": " + e.Message)
	}
	return s.insertRecord(c, obj, stableID(s.workspace.id+"/"+name), plan)
}
