package views

// The Connection pages' data, filled by web/connection_*.go. Plain strings and flags: the
// views know nothing of the packages that produce them, and no field ever holds a token.

// TokenForm is the "paste your tokens" form; tokens are never sent back to the browser.
type TokenForm struct {
	Name   string
	Errors FormErrors // keys: toggl_token, attio_token, name
	// MissingScopes lists Attio scopes the token lacks, by name.
	MissingScopes []string
}

// ConnectionRow is one connection in the list.
type ConnectionRow struct {
	ID             int64
	Name           string
	TogglWorkspace string
	AttioWorkspace string
	Status         string
	Subscriptions  string // e.g. "1 enabled, 1 validated"
	Webhook        string // active | degraded | inactive | none
}

// ConnectionList is the Connection page.
type ConnectionList struct {
	Rows []ConnectionRow
	Form TokenForm
}

// WorkspaceOption is a Toggl workspace the token's user belongs to.
type WorkspaceOption struct {
	ID       int64
	Name     string
	Admin    bool
	Selected bool
}

// FilterOptionView is one event filter choice with its trade-off.
type FilterOptionView struct {
	Value    string
	Label    string
	Explain  string
	Selected bool
}

// SubscriptionRow is a Toggl subscription as the service knows it.
type SubscriptionRow struct {
	ID          int64
	Description string
	Filters     string
	Enabled     bool
	Validated   bool
	Note        string
}

// WebhookRow is an Attio webhook as the service knows it.
type WebhookRow struct {
	ID     string
	Status string
}

// ConnectionDetail is one connection: its workspace, its choices and its live state.
type ConnectionDetail struct {
	ID             int64
	Name           string
	Slug           string
	Status         string
	TogglUser      string
	AttioWorkspace string
	Workspaces     []WorkspaceOption
	NotAdmin       bool   // the selected workspace's user is no admin
	Limits         string // e.g. "premium: 3 subscriptions × 12 filters"
	Filters        []FilterOptionView
	CreateProjects bool
	Subscriptions  []SubscriptionRow
	Webhooks       []WebhookRow
	PublicURL      string
	Error          string // a failure reading Toggl or Attio, in words
	Messages       []string
}

// PlanRow is one line of a provisioning plan or result.
type PlanRow struct {
	Kind, Where, Shape, State, Note string
}

// ConnectionPlan is the plan shown before anything is written.
type ConnectionPlan struct {
	ID             int64
	Name           string
	WorkspaceID    int64
	FilterChoice   string
	CreateProjects bool
	Schema         []PlanRow
	Subscriptions  []string // one line per subscription to have
	FilterNotes    []string
	UpToDate       bool
	Blocking       bool // problems that leave parts out
}

// ConnectionResult is what applying did.
type ConnectionResult struct {
	ID            int64
	Name          string
	Title         string
	Created       []PlanRow
	Problems      []PlanRow
	ReusedCount   int
	Subscriptions []SubscriptionRow
	Webhook       string
	Errors        []string // failures in words
	Messages      []string
}
