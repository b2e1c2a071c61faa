package routing

import (
	"strings"
	"testing"
)

func id(n int64) *int64 { return &n }

var (
	rules = Rules{TypeAttribute: "project_type", StatusAttribute: "status", Exclusions: []Exclusion{
		{Type: "retainer", Status: "complete"},
		{Type: "*", Status: "lost"},
	}}
	fallback     = &Record{RecordID: "rec-fallback", Name: "Unassigned time"}
	acmeClient   = &Record{RecordID: "rec-tc-acme", Name: "Acme"}
	acme         = &Record{RecordID: "rec-co-acme", Name: "Acme Ltd"}
	support      = Project{RecordID: "rec-support", Name: "Support Retainer", TogglProjectID: id(20300002), Type: "Retainer", Status: "Active"}
	supportDone  = Project{RecordID: "rec-support", Name: "Support Retainer", TogglProjectID: id(20300002), Type: "Retainer", Status: "Complete"}
	website      = Project{RecordID: "rec-web", Name: "Website", Type: "Fixed fee", Status: "Active"}
	websiteLost  = Project{RecordID: "rec-web", Name: "Website", Type: "Fixed fee", Status: "Lost"}
	audit        = Project{RecordID: "rec-audit", Name: "Audit", Type: "Fixed fee", Status: "Active"}
	otherLinked  = Project{RecordID: "rec-other", Name: "Other", TogglProjectID: id(999), Type: "Fixed fee", Status: "Active"}
	oldRetainer  = Project{RecordID: "rec-old", Name: "Old retainer", Type: "retainer", Status: "complete"}
	carrierLost  = Project{RecordID: "rec-carrier", Name: "Carrier", TogglProjectID: id(20300002), Type: "Fixed fee", Status: "Lost"}
	carrierFresh = Project{RecordID: "rec-carrier", Name: "Carrier", TogglProjectID: id(20300002), Type: "Fixed fee", Status: "Active"}
)

// viaAcme is an unmapped entry of Toggl project 20300002 whose client leads to Acme Ltd.
func viaAcme(projects ...Project) Input {
	return Input{
		TogglProjectID: id(20300002), TogglProjectName: "Support",
		TogglClientID: id(70000001), TogglClientName: "Acme",
		ClientRecord: acmeClient, Company: acme, CompanyProjects: projects,
		Rules: rules, Fallback: fallback,
	}
}

func withoutFallback(in Input) Input { in.Fallback = nil; return in }

func TestDecide(t *testing.T) {
	cases := []struct {
		name      string
		in        Input
		branch    Branch
		cause     Cause
		record    string
		steps     []string // substrings that must appear, in this order
		reasonHas string
	}{
		{
			name:   "mapped",
			in:     Input{TogglProjectID: id(20300002), MappedProject: &support, Rules: rules, Fallback: fallback},
			branch: BranchMapped, cause: CauseMapped, record: "rec-support",
			steps: []string{
				"Toggl project 20300002 is mapped to Attio Project 'Support Retainer'",
				"Project 'Support Retainer' is eligible: type Retainer + status Active matches no exclusion",
				"landed on mapped Project 'Support Retainer'",
			},
			reasonHas: "is mapped to 'Support Retainer'",
		},
		{
			name: "mapped wins over the client path",
			in: func() Input {
				in := viaAcme(website)
				in.MappedProject = &support
				return in
			}(),
			branch: BranchMapped, cause: CauseMapped, record: "rec-support",
			steps: []string{"Toggl project 20300002 'Support' is mapped"},
		},
		{
			name:   "mapped but excluded goes to fallback",
			in:     Input{TogglProjectID: id(20300002), MappedProject: &supportDone, Rules: rules, Fallback: fallback},
			branch: BranchFallback, cause: CauseExcluded, record: "rec-fallback",
			steps: []string{
				"is mapped to Attio Project 'Support Retainer'",
				"excluded: Project 'Support Retainer' has type Retainer + status Complete, which matches rule #1 (type retainer + status complete)",
				"not replaced by another Project",
				"landed on fallback 'Unassigned time'",
			},
			reasonHas: "excluded by rule #1",
		},
		{
			name: "mapped but excluded is not replaced by an eligible sibling",
			in: func() Input {
				in := viaAcme(website)
				in.MappedProject = &supportDone
				return in
			}(),
			branch: BranchFallback, cause: CauseExcluded, record: "rec-fallback",
		},
		{
			name:   "mapped but excluded without fallback is audit only",
			in:     Input{TogglProjectID: id(20300002), MappedProject: &supportDone, Rules: rules},
			branch: BranchAuditOnly, cause: CauseExcluded, record: "",
			steps: []string{"excluded:", "no fallback Project is configured: recorded in the audit list only"},
		},
		{
			name:   "mapping ignored without a Toggl project",
			in:     Input{MappedProject: &support, Rules: rules, Fallback: fallback},
			branch: BranchFallback, cause: CauseUnresolved, record: "rec-fallback",
			steps: []string{"the time entry has no Toggl project", "no Toggl client to follow", "landed on fallback"},
		},
		{
			name:   "client company single eligible",
			in:     viaAcme(website, oldRetainer),
			branch: BranchClientCompany, cause: CauseSingleEligible, record: "rec-web",
			steps: []string{
				"Toggl project 20300002 'Support' is not mapped to an Attio Project",
				"Toggl client 70000001 'Acme' → toggl_clients record 'Acme' → Company 'Acme Ltd', which has 2 Projects",
				"Project 'Website' is eligible",
				"excluded: Project 'Old retainer' has type retainer + status complete, which matches rule #1",
				"landed on Project 'Website' of Company 'Acme Ltd'",
			},
			reasonHas: "only eligible Project",
		},
		{
			name:   "client company prefers the project carrying the toggl id",
			in:     viaAcme(website, carrierFresh, audit),
			branch: BranchClientCompany, cause: CauseCarriesProjectID, record: "rec-carrier",
			steps: []string{"Project 'Carrier' carries toggl_project_id 20300002", "landed on Project 'Carrier'"},
		},
		{
			name:   "carrier excluded goes to fallback, not to a sibling",
			in:     viaAcme(website, carrierLost),
			branch: BranchFallback, cause: CauseExcluded, record: "rec-fallback",
			steps:     []string{"carries toggl_project_id", "excluded: Project 'Carrier'", "rule #2 (type any + status lost)", "not replaced", "landed on fallback"},
			reasonHas: "carrying toggl_project_id 20300002 is excluded",
		},
		{
			name:   "two carriers both eligible is ambiguous",
			in:     viaAcme(carrierFresh, Project{RecordID: "rec-c2", Name: "Carrier 2", TogglProjectID: id(20300002)}),
			branch: BranchFallback, cause: CauseAmbiguous, record: "rec-fallback",
		},
		{
			name:   "project linked to another toggl project is skipped",
			in:     viaAcme(otherLinked, website),
			branch: BranchClientCompany, cause: CauseSingleEligible, record: "rec-web",
			steps: []string{"Project 'Other' is linked to another Toggl project (999); skipped", "landed on Project 'Website'"},
		},
		{
			name:   "only projects linked elsewhere is unresolved",
			in:     viaAcme(otherLinked),
			branch: BranchFallback, cause: CauseUnresolved, record: "rec-fallback",
			reasonHas: "no Project free",
		},
		{
			name:   "ambiguous goes to fallback",
			in:     viaAcme(website, audit, oldRetainer),
			branch: BranchFallback, cause: CauseAmbiguous, record: "rec-fallback",
			steps:     []string{"ambiguous: 2 Projects are eligible ('Website', 'Audit')", "landed on fallback 'Unassigned time'"},
			reasonHas: "2 Projects eligible",
		},
		{
			name:   "ambiguous without fallback is audit only",
			in:     withoutFallback(viaAcme(website, audit)),
			branch: BranchAuditOnly, cause: CauseAmbiguous, record: "",
		},
		{
			name:   "duplicated project record is not ambiguous",
			in:     viaAcme(website, website),
			branch: BranchClientCompany, cause: CauseSingleEligible, record: "rec-web",
			steps: []string{"which has 1 Project"},
		},
		{
			name:   "all excluded goes to fallback",
			in:     viaAcme(websiteLost, oldRetainer),
			branch: BranchFallback, cause: CauseExcluded, record: "rec-fallback",
			reasonHas: "every candidate Project of Company 'Acme Ltd' is excluded",
		},
		{
			name:   "all excluded without fallback is audit only",
			in:     withoutFallback(viaAcme(websiteLost)),
			branch: BranchAuditOnly, cause: CauseExcluded, record: "",
		},
		{
			name:   "no client",
			in:     Input{TogglProjectID: id(1), Rules: rules, Fallback: fallback},
			branch: BranchFallback, cause: CauseUnresolved, record: "rec-fallback",
			steps: []string{"Toggl project 1 is not mapped", "no Toggl client to follow"},
		},
		{
			name: "no toggl_clients record",
			in: func() Input {
				in := viaAcme(website)
				in.ClientRecord = nil
				return in
			}(),
			branch: BranchFallback, cause: CauseUnresolved, record: "rec-fallback",
			steps: []string{"Toggl client 70000001 'Acme' has no toggl_clients record"},
		},
		{
			name: "toggl_clients record without company",
			in: func() Input {
				in := withoutFallback(viaAcme(website))
				in.Company = &Record{}
				return in
			}(),
			branch: BranchAuditOnly, cause: CauseUnresolved, record: "",
			steps: []string{"toggl_clients record 'Acme' is not linked to a Company"},
		},
		{
			name:   "company without projects",
			in:     viaAcme(),
			branch: BranchFallback, cause: CauseUnresolved, record: "rec-fallback",
			steps: []string{"which has 0 Projects"},
		},
		{
			name:   "no rules: every project eligible",
			in:     func() Input { in := viaAcme(oldRetainer); in.Rules = Rules{}; return in }(),
			branch: BranchClientCompany, cause: CauseSingleEligible, record: "rec-old",
			steps: []string{"Project 'Old retainer' is eligible: no exclusion rules"},
		},
		{
			name:   "fallback without record id counts as none",
			in:     func() Input { in := viaAcme(); in.Fallback = &Record{Name: "x"}; return in }(),
			branch: BranchAuditOnly, cause: CauseUnresolved, record: "",
		},
		{
			name:   "unnamed records are shown by id",
			in:     Input{TogglProjectID: id(5), MappedProject: &Project{RecordID: "rec-x"}},
			branch: BranchMapped, cause: CauseMapped, record: "rec-x",
			steps: []string{"mapped to Attio Project record rec-x"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Decide(c.in)
			if d.Branch != c.branch || d.Cause != c.cause || d.ProjectRecordID != c.record {
				t.Fatalf("got %s/%s %q, want %s/%s %q\n%s", d.Branch, d.Cause, d.ProjectRecordID, c.branch, c.cause, c.record, stepsText(d))
			}
			if d.Reason == "" || !strings.Contains(d.Reason, c.reasonHas) {
				t.Fatalf("reason %q, want it to contain %q", d.Reason, c.reasonHas)
			}
			text := stepsText(d)
			at := 0
			for _, want := range c.steps {
				i := strings.Index(text[at:], want)
				if i < 0 {
					t.Fatalf("steps lack %q (in order):\n%s", want, text)
				}
				at += i + len(want)
			}
		})
	}
}

func stepsText(d Decision) string {
	var b strings.Builder
	for _, s := range d.Steps {
		b.WriteString(s.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
