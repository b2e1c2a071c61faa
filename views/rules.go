package views

import "strings"

// RulesPage holds the eligibility rules, the fallback Project, the routing simulator and the
// outbound triggers of one connection.
type RulesPage struct {
	Pick       ConnPick
	Saved      string
	Problem    string
	AttioError string // Attio's attributes or options could not be read

	// Eligibility rules.
	ProjectAttrs  []AttrOption // Project attributes that can hold a type or a status
	TypeAttr      string
	StatusAttr    string
	TypeChoices   []string // option titles of the type attribute; nil: typed freely
	StatusChoices []string
	Exclusions    []ExclusionRow
	Errors        FormErrors // type_attribute, status_attribute, rules

	// Fallback Project.
	Fallback *ProjectChoice
	Search   FallbackSearch

	// Routing simulator.
	Recent   []RecentEntry
	SimJob   int64
	SimPaste string
	SimError string // shown beside the paste box
	Sim      *SimResult

	// Outbound triggers.
	Triggers     []TriggerOption
	TriggerError string
}

// ExclusionRow is one type × status rule in the form.
type ExclusionRow struct {
	Index        int
	Type, Status string
	Error        string
}

// ProjectChoice is an Attio Project offered as the fallback.
type ProjectChoice struct {
	RecordID, Name, Detail string
}

// FallbackSearch is the fallback picker's search and its answer.
type FallbackSearch struct {
	Query    string
	Searched bool
	Results  []ProjectChoice
	Error    string
}

// RecentEntry is a recently delivered time entry the simulator can route.
type RecentEntry struct {
	JobID       int64
	EntryID     int64
	Description string
	Project     string
	When        string
}

// SimResult is where the simulated entry would land and why.
type SimResult struct {
	Entry   string // which entry was routed
	Landed  string // one line: where
	Branch  string
	Cause   string
	Reason  string
	Steps   []string
	Calls   []string
	Problem bool // audit only: nowhere to write
}

// TriggerOption is one Attio event that may create Toggl clients and projects.
type TriggerOption struct {
	Event, Label, Help string
	Checked            bool
}

func exName(field string, i int) string { return "ex_" + field + "_" + itoaInt(i) }

func exErrorID(i int) string { return "ex-" + itoaInt(i) + "-error" }

// ChoiceListed reports whether v is one of the Attio choices (titles compare like the rules do).
func ChoiceListed(choices []string, v string) bool {
	for _, c := range choices {
		if strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(v)) {
			return true
		}
	}
	return false
}

func attrLabel(a AttrOption) string { return a.Title + " (" + a.Slug + ", " + a.Type + ")" }

func hasAttr(attrs []AttrOption, slug string) bool {
	for _, a := range attrs {
		if a.Slug == slug {
			return true
		}
	}
	return false
}
