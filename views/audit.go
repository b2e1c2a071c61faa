package views

// AuditPage is the audit history: filters, one page of rows (live on the first page), bulk
// replay of dead letters, and what is mirrored to Attio.
type AuditPage struct {
	Conns        []ConnOption
	Filter       AuditFilter
	Results      AuditResults
	DeadMatching int // dead letters behind the rows the filter matches
	DeadCapped   bool
	Saved        string
	Problem      string
	Mirror       *MirrorView
}

// AuditFilter is the filter form as submitted.
type AuditFilter struct {
	Conn                                        int64
	Source, Status, Job, Entity, Text, From, To string
	Errors                                      FormErrors  // from, to
	Hidden                                      [][2]string // the filter as name/value pairs, for forms that carry it
}

// AuditResults is one page of rows and the way to the others.
type AuditResults struct {
	Rows     []AuditRow
	Page     int
	OlderURL string
	NewerURL string
	// LiveURL, on the first page, is polled every 2 s; it answers only when new rows match.
	LiveURL string
	Empty   string
}

// AuditRow is one audit line.
type AuditRow struct {
	ID        int64
	When      string
	Conn      string
	Source    string
	Entity    string
	Status    string
	Message   string
	JobStatus string
	InboxID   int64
}

// AuditSources, AuditStatuses and JobStates are the filter's choices.
var (
	AuditSources  = []string{"toggl", "attio", "console", "resync"}
	AuditStatuses = []string{"accepted", "duplicate", "rejected", "ignored", "ping", "written", "unchanged",
		"unroutable", "unmatched", "no_company", "skipped", "retrying", "waiting", "dead", "failed", "replayed",
		"provisioned", "disconnected"}
	JobStates = []string{"queued", "running", "done", "skipped", "dead"}
)

// AuditDetail is one audit row with everything known about its delivery.
type AuditDetail struct {
	Row      AuditRow
	Decision *DecisionView
	Calls    []string
	Extra    string // the rest of the row's detail, pretty-printed
	Job      *JobView
	Timeline []TimelineItem
	Mirror   string
	Saved    string
	Problem  string
	Live     bool // the job is queued or running: the page refreshes itself
}

// DecisionView is a routing decision as the worker recorded it.
type DecisionView struct {
	Branch, Cause, Reason, ProjectRecordID string
	Steps                                  []string
}

// JobView is the stored delivery behind an audit row.
type JobView struct {
	ID                              int64
	Source, Kind, Entity, Status    string
	Attempts                        int64
	LastError, WaitReason           string
	NextAttempt, Received, Finished string
	Headers                         [][2]string
	Body                            string
	CanReplay                       bool
}

// TimelineItem is one audit row of the same delivery, with the calls it made.
type TimelineItem struct {
	Row     AuditRow
	Calls   []string
	Current bool
}

// MirrorView is what a connection copies to Attio's audit list and the list's newest entries.
type MirrorView struct {
	Conn     int64
	ConnName string
	List     string
	Setting  string
	Options  []MirrorOption
	Error    string
}

// MirrorOption is one choice of the audit mirror setting.
type MirrorOption struct {
	Value, Label, Help string
}

// MirrorEntries is the newest entries of Attio's audit list.
type MirrorEntries struct {
	List    string
	Rows    []MirrorEntry
	Error   string
	Missing bool
}

// MirrorEntry is one entry of Attio's audit list.
type MirrorEntry struct {
	When, Source, Entity, Status, Message string
}

func auditURL(id int64) string { return "/audit/" + itoa(id) }
