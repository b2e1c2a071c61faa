package views

// ResyncPage is the Resync page: the connection, its running or last run, the window form
// with an estimate, and recent runs.
type ResyncPage struct {
	Pick    ConnPick
	From    string // YYYY-MM-DD
	To      string
	Problem string
	Active  *ResyncProgress // the unfinished run, polled live
	Plan    *ResyncPlan     // the estimate, once asked for
	Recent  []ResyncProgress
	// Schedule is the scheduled reconciliation's form; Errors holds a bad value next to its
	// field (by name), with the posted values kept.
	Schedule ScheduleForm
}

// ScheduleForm is a connection's scheduled reconciliation as the form shows it.
type ScheduleForm struct {
	Schedule      string // off | daily | hourly
	Hour          string
	WindowDays    string
	DeletionShare string // percent
	Errors        map[string]string
	Saved         bool
	Next          string // when the next scheduled run is due; "" when off
	Reserve       int    // Toggl requests an hour a scheduled run leaves to live work
}

// ResyncPlan is an estimate shown before a run starts.
type ResyncPlan struct {
	ConnID       int64
	From, To     string
	Days         int
	Entries      int
	EntriesKnown bool
	Basis        string
	Requests     int
	NameRequests int
	ReportPages  int
	UserRequests int
	QuotaKnown   bool
	QuotaLeft    int
	QuotaTotal   int
	QuotaReset   string
	Pauses       int
	Duration     string
	Fits         bool
	AttioReads   int // list reads of the window's Attio entries
}

// ResyncProgress is one run as the progress panel and the run list show it.
type ResyncProgress struct {
	RunID       int64
	ConnID      int64
	Window      string
	Status      string
	Phase       string
	Source      string
	Note        string
	Names       string
	Error       string
	Percent     int
	ETA         string // "" when unknown
	PausedUntil string // "" unless paused
	Created     int
	Updated     int
	Unchanged   int
	Deleted     int
	Unroutable  int
	Failed      int
	Requests    int64
	Estimate    int64
	QuotaLeft   int64 // -1 unknown
	Started     string
	Finished    bool
	CanCancel   bool

	Check        bool // a drift check: nothing was written
	Waiting      bool // stopped before deletions, waiting for a confirmation
	AttioReads   int64
	AttioEntries int64
	Differences  int
	Findings     []FindingCount // per kind, only kinds found
	First        []FindingRow   // the first findings in full
}

// FindingCount is how many differences of one kind a run found or repaired.
type FindingCount struct {
	Kind, Label string
	N           int
}

// FindingRow is one difference in full, with a link to its audit.
type FindingRow struct {
	Kind, Label  string
	TimeEntryID  int64
	AttioEntryID string
	Lines        []string
	AuditURL     string
}

// phaseLabel names a run's phase for people.
func phaseLabel(phase string) string {
	switch phase {
	case "names":
		return "reconciling clients, projects and users"
	case "entries":
		return "applying time entries"
	case "deletions":
		return "removing entries deleted in Toggl"
	}
	return "finished"
}

func resyncRunURL(id int64) string      { return "/resync/runs/" + itoa(id) }
func resyncProgressURL(id int64) string { return "/resync/runs/" + itoa(id) + "/progress" }
func resyncCancelURL(id int64) string   { return "/resync/runs/" + itoa(id) + "/cancel" }

func resyncAnswerURL(id int64, answer string) string {
	return "/resync/runs/" + itoa(id) + "/" + answer
}
