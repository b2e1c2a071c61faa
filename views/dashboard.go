package views

// DashboardPage answers "is it working" for one connection.
type DashboardPage struct {
	Reconcile  ReconcileView
	Pick       ConnPick
	ConnName   string
	ConnStatus string
	Subs       []SubView
	Hooks      []HookView
	LastEvents []LastEventView
	Queue      QueueView
	Quota      QuotaView
	Attio      AttioView
	Entries    int64 // time entries Attio holds now
	TogglURL   string
	Events     Chart
	Hours      Chart
}

// SubView is a Toggl subscription as this service stored it.
type SubView struct {
	ID          int64
	Description string
	Enabled     bool
	ValidatedAt string // "" while not validated
}

// HookView is the Attio webhook as this service stored it.
type HookView struct {
	ID, Status string
}

// LastEventView is the newest delivery taken from one source, and the newest refused.
type LastEventView struct {
	Source, At string
	Rejected   string // "" when none was refused
}

// QueueView counts the connection's jobs.
type QueueView struct {
	Queued, Running, Retrying, Waiting, Dead, Done, Skipped int64
	WaitNote                                                string
	DeadURL                                                 string
}

// QuotaView is Toggl's hourly quota as last seen on an answer.
type QuotaView struct {
	Known     bool
	Remaining int
	ResetAt   string
	Observed  string
	Blocked   string // "" unless calls wait for the reset
	Error     string
}

// AttioView is what this process's Attio client counted for the token.
type AttioView struct {
	Reads, Writes, RateLimited int64
	Error                      string
}

// TogglView is Toggl's own view of delivery, per subscription.
type TogglView struct {
	Subs      []TogglSubView
	Error     string
	FetchedAt string
}

// TogglSubView is one subscription as Toggl reports it.
type TogglSubView struct {
	ID             int64
	Description    string
	Enabled        bool
	Validated      bool
	HasPending     bool
	Events         int // events Toggl kept (a week)
	Failing        int // events with failed delivery attempts
	FailedAttempts int
	LastError      string
	LastAttempt    string
	Error          string // the events could not be read
}

// Chart is a server-rendered bar chart.
type Chart struct {
	ID, Title, Summary string
	Note               string // caption below the chart, "" for none
	Width, Height      int
	Bars               []Bar
	AxisY              int // y of the baseline
	Empty              bool
}

// Bar is one bar with its label; coordinates are SVG user units.
type Bar struct {
	X, Y, W, H     int
	CenterX        int
	Label, Value   string
	Title          string
	ValueY, LabelY int
}

func (c Chart) viewBox() string { return "0 0 " + itoaInt(c.Width) + " " + itoaInt(c.Height) }

func hookClass(status string) string {
	if status == "active" {
		return "badge ok"
	}
	return "badge bad"
}

// ReconcileView is the dashboard's reconciliation panel: the last scheduled (or, without one,
// any) repair run, what it repaired, and when the next scheduled run is due.
type ReconcileView struct {
	ConnID   int64
	HasLast  bool
	LastRun  int64
	LastBy   string // schedule | console | cli
	LastAt   string
	Status   string
	Window   string
	Repaired string // "2 deleted in Attio, 1 edited in Attio"; "" when nothing
	Counts   string // created/updated/deleted
	Next     string // "" when the schedule is off
	Schedule string
}
