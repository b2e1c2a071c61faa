package togglsim

import (
	"encoding/json"
	"slices"
	"time"
)

// Workspace is a Toggl workspace.
type Workspace struct {
	ID             int64
	OrganizationID int64
	Name           string
	Plan           Plan
	// DefaultCurrency is "USD" when empty.
	DefaultCurrency string
	// OnlyAdminsMayCreateProjects makes project creation admin-only (docs/api/toggl.md §4.3 PUT 403
	// "Only admins may create projects in this workspace").
	OnlyAdminsMayCreateProjects bool
	At                          time.Time
}

// User is a Toggl user. AddUser makes it a member of WorkspaceID (an admin when Admin is set).
type User struct {
	ID       int64
	Email    string
	FullName string
	// APIToken authenticates as Basic "<token>:api_token".
	APIToken string
	// Password authenticates as Basic "<email>:<password>" on the Track API; empty disables it.
	Password    string
	Timezone    string // "UTC" when empty
	WorkspaceID int64  // default workspace
	Admin       bool   // admin of WorkspaceID
	CreatedAt   time.Time
}

// Client is a Toggl client (customer).
type Client struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Notes       string
	Archived    bool
	CreatorID   int64
	At          time.Time
	DeletedAt   *time.Time
}

// Project is a Toggl project. ClientID 0 means no client.
type Project struct {
	ID          int64
	WorkspaceID int64
	ClientID    int64
	Name        string
	Color       string
	Active      bool
	Billable    bool
	IsPrivate   bool
	// Rate is the hourly rate; 0 means none.
	Rate      float64
	Currency  string
	CreatorID int64
	CreatedAt time.Time
	At        time.Time
	DeletedAt *time.Time
}

// TimeEntry is a Toggl time entry. ProjectID and TaskID 0 mean none; Stop nil means running.
type TimeEntry struct {
	ID          int64
	WorkspaceID int64
	UserID      int64
	ProjectID   int64
	TaskID      int64
	Description string
	Billable    bool
	Tags        []string
	Start       time.Time
	Stop        *time.Time
	At          time.Time
	DeletedAt   *time.Time
	CreatedWith string
}

// Running reports whether the entry has no stop time.
func (e TimeEntry) Running() bool { return e.Stop == nil }

// Duration is the entry's duration in seconds. A running entry's duration is −(start Unix
// seconds): docs/api/toggl.md §2.2 "A running entry's duration = −(start Unix seconds)".
func (e TimeEntry) Duration() int64 {
	if e.Stop == nil {
		return -e.Start.Unix()
	}
	return int64(e.Stop.Sub(e.Start) / time.Second)
}

// EventFilter selects events for a subscription; "*" matches anything (docs/api/toggl.md §1.4).
type EventFilter struct {
	Entity string `json:"entity"`
	Action string `json:"action"`
}

// Subscription is a Webhooks v1 subscription (docs/api/toggl.md §1.3).
type Subscription struct {
	ID           int64
	WorkspaceID  int64
	UserID       int64
	Enabled      bool
	Description  string
	EventFilters []EventFilter
	URLCallback  string
	Secret       string
	ValidatedAt  *time.Time
	// ValidationCode is the code the PING carries while the subscription is not validated.
	ValidationCode string
	CreatedAt      time.Time
	UpdatedAt      *time.Time
	DeletedAt      *time.Time
	// ConsecutiveFailures counts events in a row that exhausted their retries.
	ConsecutiveFailures int
}

// Event is one entity event queued for one subscription.
type Event struct {
	ID             int64
	SubscriptionID int64
	CreatedAt      time.Time
	CreatorID      int64
	Model          string
	Action         string
	EntityID       int64
	// Metadata holds the string-valued metadata object of the envelope.
	Metadata map[string]string
	// Payload is the compact entity JSON of the envelope.
	Payload json.RawMessage
	// Dropped is set when a DropEvery or DropShare fault lost the event.
	Dropped bool
	// Delivered is set once a receiver answered 2xx.
	Delivered bool
	// Done is set when delivery stopped: delivered, retries exhausted, dropped or abandoned.
	Done                   bool
	FailedDeliveryAttempts int
	LastDeliveryAttempt    *time.Time
	LastDeliveryError      string
}

// Delivery is one HTTP POST the emulator made to a url_callback (PINGs included).
type Delivery struct {
	SubscriptionID int64
	EventID        int64 // 0 for PINGs
	Ping           bool
	URL            string
	Body           []byte
	Signature      string
	At             time.Time
	StatusCode     int // 0 when the request failed
	Err            string
	ResponseBody   []byte
}

func cloneTime(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := *t
	return &v
}

func (e TimeEntry) clone() TimeEntry {
	e.Tags = slices.Clone(e.Tags)
	e.Stop = cloneTime(e.Stop)
	e.DeletedAt = cloneTime(e.DeletedAt)
	return e
}

func (p Project) clone() Project {
	p.DeletedAt = cloneTime(p.DeletedAt)
	return p
}

func (c Client) clone() Client {
	c.DeletedAt = cloneTime(c.DeletedAt)
	return c
}

func (s Subscription) clone() Subscription {
	s.EventFilters = slices.Clone(s.EventFilters)
	s.ValidatedAt = cloneTime(s.ValidatedAt)
	s.UpdatedAt = cloneTime(s.UpdatedAt)
	s.DeletedAt = cloneTime(s.DeletedAt)
	return s
}

func (e Event) clone() Event {
	e.Metadata = cloneMap(e.Metadata)
	e.Payload = slices.Clone(e.Payload)
	e.LastDeliveryAttempt = cloneTime(e.LastDeliveryAttempt)
	return e
}

func (d Delivery) clone() Delivery {
	d.Body = slices.Clone(d.Body)
	d.ResponseBody = slices.Clone(d.ResponseBody)
	return d
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
