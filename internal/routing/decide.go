// Package routing decides which Attio Project a Toggl time entry belongs to. It is pure: the
// worker gathers the Attio records beforehand and passes them in as plain data, and the console's
// routing simulator calls the same Decide to explain a decision step by step.
//
// The order follows docs/ARCHITECTURE.md "Routing a time entry":
//  1. The Toggl project maps to an Attio Project by toggl_project_id → that Project (mapped).
//  2. Otherwise Toggl client → toggl_clients record → Company → the Company's Projects: prefer
//     one that carries this toggl_project_id, else the single eligible one (client-company).
//  3. Eligibility rules exclude Project type × status combinations.
//  4. Unresolved, ambiguous or excluded → the fallback Project if configured (fallback),
//     otherwise the audit list only (audit-only).
//
// Decisions this package makes where docs/ARCHITECTURE.md is silent:
//   - A mapped Project that the rules exclude goes to the fallback; it is not swapped for a sibling
//     Project of the same Company. The mapping is an explicit statement of where this Toggl
//     project's time belongs, so silently booking it elsewhere would hide the conflict. A Company
//     Project carrying the entry's toggl_project_id is the same statement and is treated alike.
//   - A Company Project already linked to a different Toggl project (its toggl_project_id is set
//     and differs) is not a candidate for "the single eligible one": it belongs to that project.
//   - The fallback Project is not checked against the rules; it is configured on purpose.
//   - A record (mapped Project, client record, Company, fallback) counts as present only with a
//     non-empty RecordID; Company Projects are de-duplicated by RecordID.
package routing

import (
	"fmt"
	"strconv"
	"strings"
)

// Branch says where the entry landed.
type Branch string

const (
	BranchMapped        Branch = "mapped"
	BranchClientCompany Branch = "client-company"
	BranchFallback      Branch = "fallback"
	BranchAuditOnly     Branch = "audit-only"
)

// Cause says why, in a form the audit history can filter on.
type Cause string

const (
	CauseMapped           Cause = "mapped"             // mapping by toggl_project_id
	CauseCarriesProjectID Cause = "carries-project-id" // Company Project with this toggl_project_id
	CauseSingleEligible   Cause = "single-eligible"    // the only eligible Company Project
	CauseExcluded         Cause = "excluded"           // the rules excluded every candidate
	CauseUnresolved       Cause = "unresolved"         // no client, client record, Company or candidate
	CauseAmbiguous        Cause = "ambiguous"          // several eligible candidates
)

// Project is an Attio Project as the worker read it: Type and Status are the values of the
// attributes Rules.TypeAttribute and Rules.StatusAttribute (option or status titles, "" if none).
type Project struct {
	RecordID       string
	Name           string
	TogglProjectID *int64
	Type           string
	Status         string
}

// Record is any other Attio record on the path: a toggl_clients record, a Company, the fallback.
type Record struct {
	RecordID string
	Name     string
}

// Input is everything Decide needs, gathered by the worker (or pasted into the simulator).
type Input struct {
	TogglProjectID   *int64 // nil: the entry has no project
	TogglProjectName string // optional, for the steps only
	// MappedProject is the Attio Project whose toggl_project_id equals TogglProjectID (local
	// mapping first, Attio query when unknown). Ignored when TogglProjectID is nil.
	MappedProject *Project

	TogglClientID   *int64 // the Toggl project's client
	TogglClientName string // optional, for the steps only
	ClientRecord    *Record
	Company         *Record   // the Company the toggl_clients record links to
	CompanyProjects []Project // that Company's Projects

	Rules    Rules
	Fallback *Record
}

// Decision is where the entry goes and why.
type Decision struct {
	ProjectRecordID string // "" for audit-only
	Branch          Branch
	Cause           Cause
	Reason          string // one line for the audit row
	Steps           []Step // the whole path in words, for the routing simulator
}

// Step is one sentence of the explanation.
type Step struct {
	Text string
}

// decider accumulates steps while Decide walks the branches.
type decider struct {
	in    Input
	steps []Step
}

func (d *decider) step(format string, args ...any) {
	d.steps = append(d.steps, Step{Text: fmt.Sprintf(format, args...)})
}

// Decide routes one time entry. It never fails: every input ends in a Decision with steps.
func Decide(in Input) Decision {
	d := &decider{in: in}
	if in.TogglProjectID == nil {
		d.step("the time entry has no Toggl project")
	} else if present(in.MappedProject) {
		return d.mapped(*in.MappedProject)
	} else {
		d.step("%s is not mapped to an Attio Project", d.togglProject())
	}
	return d.viaClient()
}

func (d *decider) mapped(p Project) Decision {
	d.step("%s is mapped to Attio Project %s", d.togglProject(), projectName(p))
	if rule := d.in.Rules.Match(p.Type, p.Status); rule > 0 {
		d.excludedStep(p, rule)
		d.step("a mapped Project that is excluded is not replaced by another Project of its Company")
		return d.fallback(CauseExcluded, fmt.Sprintf("mapped Project %s is excluded by rule #%d (%s)",
			projectName(p), rule, d.in.Rules.Exclusions[rule-1]))
	}
	d.eligibleStep(p)
	d.step("landed on mapped Project %s", projectName(p))
	return d.done(p.RecordID, BranchMapped, CauseMapped,
		fmt.Sprintf("%s is mapped to %s", d.togglProject(), projectName(p)))
}

func (d *decider) viaClient() Decision {
	in := d.in
	switch {
	case in.TogglClientID == nil:
		d.step("no Toggl client to follow")
		return d.fallback(CauseUnresolved, "no mapping and no Toggl client")
	case !presentRecord(in.ClientRecord):
		d.step("%s has no toggl_clients record", d.togglClient())
		return d.fallback(CauseUnresolved, d.togglClient()+" has no toggl_clients record")
	case !presentRecord(in.Company):
		d.step("toggl_clients record %s is not linked to a Company", recordName(*in.ClientRecord))
		return d.fallback(CauseUnresolved, fmt.Sprintf("toggl_clients record %s has no Company", recordName(*in.ClientRecord)))
	}
	company := recordName(*in.Company)
	projects := uniqueProjects(in.CompanyProjects)
	d.step("%s → toggl_clients record %s → Company %s, which has %s", d.togglClient(),
		recordName(*in.ClientRecord), company, plural(len(projects), "Project"))
	if len(projects) == 0 {
		return d.fallback(CauseUnresolved, "Company "+company+" has no Projects")
	}

	// Projects that carry this toggl_project_id come first (docs/ARCHITECTURE.md step 2).
	var carriers, others []Project
	for _, p := range projects {
		if in.TogglProjectID != nil && p.TogglProjectID != nil && *p.TogglProjectID == *in.TogglProjectID {
			d.step("Project %s carries toggl_project_id %d", projectName(p), *in.TogglProjectID)
			carriers = append(carriers, p)
		} else {
			others = append(others, p)
		}
	}
	if len(carriers) > 0 {
		return d.pick(carriers, company, CauseCarriesProjectID)
	}
	var candidates []Project
	for _, p := range others {
		if p.TogglProjectID != nil {
			d.step("Project %s is linked to another Toggl project (%d); skipped", projectName(p), *p.TogglProjectID)
			continue
		}
		candidates = append(candidates, p)
	}
	if len(candidates) == 0 {
		return d.fallback(CauseUnresolved, "Company "+company+" has no Project free for this Toggl project")
	}
	return d.pick(candidates, company, CauseSingleEligible)
}

// pick applies the rules to candidates and lands on the single eligible one.
func (d *decider) pick(candidates []Project, company string, cause Cause) Decision {
	var eligible []Project
	for _, p := range candidates {
		if rule := d.in.Rules.Match(p.Type, p.Status); rule > 0 {
			d.excludedStep(p, rule)
			continue
		}
		d.eligibleStep(p)
		eligible = append(eligible, p)
	}
	switch len(eligible) {
	case 0:
		if cause == CauseCarriesProjectID {
			d.step("a Project carrying this toggl_project_id that is excluded is not replaced by another Project of its Company")
			return d.fallback(CauseExcluded, fmt.Sprintf("the Project of Company %s carrying toggl_project_id %d is excluded",
				company, *d.in.TogglProjectID))
		}
		return d.fallback(CauseExcluded, fmt.Sprintf("every candidate Project of Company %s is excluded", company))
	case 1:
		p := eligible[0]
		d.step("landed on Project %s of Company %s", projectName(p), company)
		reason := fmt.Sprintf("%s is the only eligible Project of Company %s", projectName(p), company)
		if cause == CauseCarriesProjectID {
			reason = fmt.Sprintf("Project %s of Company %s carries toggl_project_id %d", projectName(p), company, *d.in.TogglProjectID)
		}
		return d.done(p.RecordID, BranchClientCompany, cause, reason)
	}
	names := make([]string, len(eligible))
	for i, p := range eligible {
		names[i] = projectName(p)
	}
	d.step("ambiguous: %s are eligible (%s)", plural(len(eligible), "Project"), strings.Join(names, ", "))
	return d.fallback(CauseAmbiguous, fmt.Sprintf("Company %s has %s eligible", company, plural(len(eligible), "Project")))
}

// fallback ends an unresolved, ambiguous or excluded path (docs/ARCHITECTURE.md step 4).
func (d *decider) fallback(cause Cause, why string) Decision {
	if fb := d.in.Fallback; presentRecord(fb) {
		d.step("landed on fallback %s", recordName(*fb))
		return d.done(fb.RecordID, BranchFallback, cause, why+"; sent to fallback "+recordName(*fb))
	}
	d.step("no fallback Project is configured: recorded in the audit list only")
	return d.done("", BranchAuditOnly, cause, why+"; no fallback, audit only")
}

func (d *decider) done(recordID string, b Branch, c Cause, reason string) Decision {
	return Decision{ProjectRecordID: recordID, Branch: b, Cause: c, Reason: reason, Steps: d.steps}
}

func (d *decider) excludedStep(p Project, rule int) {
	d.step("excluded: Project %s has %s, which matches rule #%d (%s)",
		projectName(p), valuesText(p), rule, d.in.Rules.Exclusions[rule-1])
}

func (d *decider) eligibleStep(p Project) {
	if len(d.in.Rules.Exclusions) == 0 {
		d.step("Project %s is eligible: no exclusion rules", projectName(p))
		return
	}
	d.step("Project %s is eligible: %s matches no exclusion", projectName(p), valuesText(p))
}

func (d *decider) togglProject() string {
	s := "Toggl project " + strconv.FormatInt(*d.in.TogglProjectID, 10)
	if d.in.TogglProjectName != "" {
		s += " '" + d.in.TogglProjectName + "'"
	}
	return s
}

func (d *decider) togglClient() string {
	s := "Toggl client " + strconv.FormatInt(*d.in.TogglClientID, 10)
	if d.in.TogglClientName != "" {
		s += " '" + d.in.TogglClientName + "'"
	}
	return s
}

func valuesText(p Project) string {
	return "type " + orNone(p.Type) + " + status " + orNone(p.Status)
}

func orNone(v string) string {
	if strings.TrimSpace(v) == "" {
		return "(none)"
	}
	return v
}

func projectName(p Project) string { return recordName(Record{RecordID: p.RecordID, Name: p.Name}) }

func recordName(r Record) string {
	if r.Name != "" {
		return "'" + r.Name + "'"
	}
	return "record " + r.RecordID
}

func present(p *Project) bool      { return p != nil && p.RecordID != "" }
func presentRecord(r *Record) bool { return r != nil && r.RecordID != "" }

func uniqueProjects(ps []Project) []Project {
	seen := make(map[string]bool, len(ps))
	out := make([]Project, 0, len(ps))
	for _, p := range ps {
		if p.RecordID == "" || seen[p.RecordID] {
			continue
		}
		seen[p.RecordID] = true
		out = append(out, p)
	}
	return out
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
