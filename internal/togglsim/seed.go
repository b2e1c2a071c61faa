package togglsim

import (
	"fmt"
	"strings"
	"time"
)

// Fixed demo ids, shared with the Attio emulator's seed: keep them exactly.
const (
	SeedWorkspaceID    int64 = 7435584
	SeedOrganizationID int64 = 9000001
	SeedAdaID          int64 = 9547721
	SeedBenID          int64 = 9547722
	SeedChloeID        int64 = 9547723
	SeedAdaToken             = "sim-toggl-token"
	SeedBenToken             = "sim-toggl-token-ben"
	SeedChloeToken           = "sim-toggl-token-chloe"
)

// SeedUser is one seeded user and how to sign in as it.
type SeedUser struct {
	ID       int64
	Name     string
	Email    string
	APIToken string
	Password string
	Admin    bool
}

// SeedInfo lists what Seed made.
type SeedInfo struct {
	WorkspaceID    int64
	OrganizationID int64
	WorkspaceName  string
	Plan           Plan
	Users          []SeedUser
	Clients        []Client
	Projects       []Project
	TimeEntries    []TimeEntry
	// RunningEntryID is the one entry without a stop.
	RunningEntryID int64
}

// String is a short human summary, for `go run . sim`.
func (i SeedInfo) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "workspace %d %q (organization %d, plan %s)\n", i.WorkspaceID, i.WorkspaceName, i.OrganizationID, i.Plan)
	for _, u := range i.Users {
		role := "member"
		if u.Admin {
			role = "admin"
		}
		fmt.Fprintf(&b, "  user %d %-17s %-16s %-6s token %s\n", u.ID, u.Name, u.Email, role, u.APIToken)
	}
	for _, c := range i.Clients {
		fmt.Fprintf(&b, "  client %d %s\n", c.ID, c.Name)
	}
	for _, p := range i.Projects {
		fmt.Fprintf(&b, "  project %d %s (client %d)\n", p.ID, p.Name, p.ClientID)
	}
	fmt.Fprintf(&b, "  %d time entries, running entry %d\n", len(i.TimeEntries), i.RunningEntryID)
	return b.String()
}

// seedEntry is one row of the demo timesheet.
type seedEntry struct {
	daysAgo   int
	user      int64
	project   int64
	hour, min int // start, UTC
	minutes   int
	desc      string
	billable  bool
	tags      []string
}

var seedEntries = []seedEntry{
	{7, SeedAdaID, 20300001, 9, 0, 120, "Kick-off workshop", true, []string{"meeting"}},
	{7, SeedBenID, 20300001, 9, 30, 210, "Wireframes", true, []string{"design"}},
	{7, SeedChloeID, 20300003, 10, 0, 180, "Source schema review", true, nil},
	{6, SeedAdaID, 20300002, 9, 0, 45, "Support tickets", true, []string{"support"}},
	{6, SeedBenID, 20300001, 9, 15, 240, "Homepage layout", true, []string{"design"}},
	{6, SeedChloeID, 20300003, 13, 0, 150, "Mapping spreadsheet", true, nil},
	{6, SeedAdaID, 20300005, 15, 0, 60, "Weekly planning", false, []string{"internal"}},
	{5, SeedBenID, 20300004, 10, 0, 120, "Logo concepts", true, []string{"design"}},
	{5, SeedChloeID, 20300003, 9, 0, 300, "Migration scripts", true, []string{"development"}},
	{5, SeedAdaID, 20300002, 14, 0, 30, "Client call", true, []string{"meeting", "support"}},
	{4, SeedAdaID, 20300001, 10, 0, 90, "Content review", true, nil},
	{4, SeedBenID, 20300001, 11, 0, 180, "Responsive styles", true, []string{"development"}},
	{4, SeedChloeID, 20300005, 16, 0, 45, "Expense reports", false, []string{"internal"}},
	{3, SeedBenID, 20300004, 9, 0, 150, "Brand guidelines draft", true, []string{"design"}},
	{3, SeedChloeID, 20300003, 10, 30, 240, "Test migration run", true, []string{"development"}},
	{3, SeedAdaID, 20300002, 13, 0, 60, "Support tickets", true, []string{"support"}},
	{2, SeedAdaID, 0, 9, 0, 30, "Inbox zero", false, nil},
	{2, SeedBenID, 20300001, 10, 0, 210, "Navigation menu", true, []string{"development"}},
	{2, SeedChloeID, 20300002, 14, 0, 90, "Knowledge base articles", true, []string{"support"}},
	{2, SeedChloeID, 20300005, 16, 0, 30, "Team sync", false, []string{"meeting", "internal"}},
	{1, SeedAdaID, 20300004, 9, 0, 60, "Brand review with Umbrella", true, []string{"meeting"}},
	{1, SeedBenID, 20300004, 10, 0, 120, "Colour palette", true, []string{"design"}},
	{1, SeedChloeID, 20300003, 9, 30, 270, "Data validation", true, []string{"development"}},
	{1, SeedAdaID, 20300005, 15, 0, 45, "Hiring interviews", false, []string{"internal"}},
}

// Seed fills s with the fixed demo data: workspace 7435584 "Acme Agency" (organization
// 9000001, premium) with Ada (admin), Ben and Chloe (members), four clients, five projects and
// 25 time entries over the 7 days before now, one of them Ben's running timer. It writes state
// directly, so no webhooks fire.
func Seed(s *Sim, now time.Time) SeedInfo {
	now = now.UTC().Truncate(time.Second)
	created := now.AddDate(0, -2, 0)
	ws := s.AddWorkspace(Workspace{ID: SeedWorkspaceID, OrganizationID: SeedOrganizationID, Name: "Acme Agency", Plan: PlanPremium, At: created})
	info := SeedInfo{WorkspaceID: ws.ID, OrganizationID: ws.OrganizationID, WorkspaceName: ws.Name, Plan: ws.Plan}
	for _, u := range []SeedUser{
		{SeedAdaID, "Ada Admin", "ada@acme.test", SeedAdaToken, "sim-password-ada", true},
		{SeedBenID, "Ben Builder", "ben@acme.test", SeedBenToken, "sim-password-ben", false},
		{SeedChloeID, "Chloe Consultant", "chloe@acme.test", SeedChloeToken, "sim-password-chloe", false},
	} {
		s.AddUser(User{ID: u.ID, Email: u.Email, FullName: u.Name, APIToken: u.APIToken, Password: u.Password,
			WorkspaceID: ws.ID, Admin: u.Admin, CreatedAt: created})
		info.Users = append(info.Users, u)
	}
	for _, c := range []struct {
		id   int64
		name string
	}{{61000001, "Globex"}, {61000002, "Initech"}, {61000003, "Umbrella"}, {61000004, "Stark Industries"}} {
		info.Clients = append(info.Clients, s.AddClient(Client{ID: c.id, WorkspaceID: ws.ID, Name: c.name, CreatorID: SeedAdaID, At: created}))
	}
	for _, p := range []Project{
		{ID: 20300001, ClientID: 61000001, Name: "Website Redesign", Color: "#0b83d9", Billable: true, Rate: 120},
		{ID: 20300002, ClientID: 61000001, Name: "Support Retainer", Color: "#9e5bd9", Billable: true, Rate: 95},
		{ID: 20300003, ClientID: 61000002, Name: "Data Migration", Color: "#d94182", Billable: true, Rate: 140},
		{ID: 20300004, ClientID: 61000003, Name: "Brand Refresh", Color: "#e36a00", Billable: true, Rate: 110},
		{ID: 20300005, Name: "Internal", Color: "#566614"},
	} {
		p.WorkspaceID, p.Active, p.CreatorID, p.CreatedAt = ws.ID, true, SeedAdaID, created
		info.Projects = append(info.Projects, s.AddProject(p))
	}
	id := int64(4100000001)
	for _, se := range seedEntries {
		day := now.AddDate(0, 0, -se.daysAgo).Truncate(24 * time.Hour)
		start := day.Add(time.Duration(se.hour)*time.Hour + time.Duration(se.min)*time.Minute)
		stop := start.Add(time.Duration(se.minutes) * time.Minute)
		info.TimeEntries = append(info.TimeEntries, s.AddTimeEntry(TimeEntry{
			ID: id, WorkspaceID: ws.ID, UserID: se.user, ProjectID: se.project, Description: se.desc,
			Billable: se.billable, Tags: se.tags, Start: start, Stop: &stop, At: stop, CreatedWith: "togglsim seed",
		}))
		id++
	}
	start := now.Add(-45 * time.Minute)
	running := s.AddTimeEntry(TimeEntry{
		ID: id, WorkspaceID: ws.ID, UserID: SeedBenID, ProjectID: 20300001, Description: "Homepage hero section",
		Billable: true, Tags: []string{"development"}, Start: start, At: start, CreatedWith: "togglsim seed",
	})
	info.TimeEntries = append(info.TimeEntries, running)
	info.RunningEntryID = running.ID
	return info
}
