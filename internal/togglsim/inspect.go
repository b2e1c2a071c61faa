package togglsim

import (
	"fmt"
	"slices"
)

// The Add methods write state directly, without HTTP and without events, for seeding tests.
// They assign an id when the given one is 0 and panic on references to unknown parents, which
// are mistakes in the test itself.

// AddWorkspace stores a workspace. An empty Plan is PlanFree.
func (s *Sim) AddWorkspace(w Workspace) Workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.ID == 0 {
		w.ID = s.newID(idWorkspace)
	}
	s.reserveID(idWorkspace, w.ID)
	if w.Plan == "" {
		w.Plan = PlanFree
	}
	if w.At.IsZero() {
		w.At = s.now()
	}
	s.st.workspaces[w.ID] = &w
	if s.st.members[w.ID] == nil {
		s.st.members[w.ID] = map[int64]bool{}
	}
	return w
}

// AddUser stores a user and makes it a member of u.WorkspaceID (admin when u.Admin). An empty
// APIToken gets a random 32-hex one.
func (s *Sim) AddUser(u User) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u.ID == 0 {
		u.ID = s.newID(idUser)
	}
	s.reserveID(idUser, u.ID)
	if u.APIToken == "" {
		u.APIToken = s.randomString(32, "0123456789abcdef")
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = s.now()
	}
	if u.WorkspaceID != 0 {
		s.mustWorkspace(u.WorkspaceID)
		s.st.members[u.WorkspaceID][u.ID] = u.Admin
	}
	s.st.users[u.ID] = &u
	return u
}

// AddMembership adds a user to one more workspace.
func (s *Sim) AddMembership(wid, uid int64, admin bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(wid)
	if s.st.users[uid] == nil {
		panic(fmt.Sprintf("togglsim: unknown user %d", uid))
	}
	s.st.members[wid][uid] = admin
}

// AddClient stores a client.
func (s *Sim) AddClient(c Client) Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(c.WorkspaceID)
	if c.ID == 0 {
		c.ID = s.newID(idClient)
	}
	s.reserveID(idClient, c.ID)
	if c.At.IsZero() {
		c.At = s.now()
	}
	s.st.clients[c.ID] = &c
	return c.clone()
}

// AddProject stores a project. An empty Color gets the default.
func (s *Sim) AddProject(p Project) Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(p.WorkspaceID)
	if p.ClientID != 0 && s.st.clients[p.ClientID] == nil {
		panic(fmt.Sprintf("togglsim: unknown client %d", p.ClientID))
	}
	if p.ID == 0 {
		p.ID = s.newID(idProject)
	}
	s.reserveID(idProject, p.ID)
	if p.Color == "" {
		p.Color = defaultProjectColor
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = s.now()
	}
	if p.At.IsZero() {
		p.At = p.CreatedAt
	}
	s.st.projects[p.ID] = &p
	return p.clone()
}

// AddTimeEntry stores a time entry (Stop nil is a running entry). Start and Stop are kept to
// whole seconds, like Toggl.
func (s *Sim) AddTimeEntry(e TimeEntry) TimeEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(e.WorkspaceID)
	if s.st.users[e.UserID] == nil {
		panic(fmt.Sprintf("togglsim: unknown user %d", e.UserID))
	}
	if e.ProjectID != 0 && s.st.projects[e.ProjectID] == nil {
		panic(fmt.Sprintf("togglsim: unknown project %d", e.ProjectID))
	}
	if e.ID == 0 {
		e.ID = s.newID(idTimeEntry)
	}
	s.reserveID(idTimeEntry, e.ID)
	e.Start = e.Start.UTC().Truncate(1e9)
	if e.Stop != nil {
		t := e.Stop.UTC().Truncate(1e9)
		e.Stop = &t
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	if e.CreatedWith == "" {
		e.CreatedWith = "togglsim"
	}
	e = e.clone()
	s.tagIDs(e.WorkspaceID, e.Tags)
	s.st.entries[e.ID] = &e
	return e.clone()
}

// AddSubscription stores a subscription without probing its URL. Set ValidatedAt for one that
// receives events at once. Empty Secret and ValidationCode are generated.
func (s *Sim) AddSubscription(sub Subscription) Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(sub.WorkspaceID)
	if sub.ID == 0 {
		sub.ID = s.newID(idSubscription)
	}
	s.reserveID(idSubscription, sub.ID)
	if sub.Secret == "" {
		sub.Secret = s.newSecret()
	}
	if sub.ValidationCode == "" {
		sub.ValidationCode = s.newValidationCode()
	}
	if sub.CreatedAt.IsZero() {
		sub.CreatedAt = s.now()
	}
	sub = sub.clone()
	s.st.subs[sub.ID] = &sub
	return sub.clone()
}

// mustWorkspace panics on an unknown workspace. Caller holds Sim.mu.
func (s *Sim) mustWorkspace(wid int64) {
	if s.st.workspaces[wid] == nil {
		panic(fmt.Sprintf("togglsim: unknown workspace %d", wid))
	}
}

// SetReportsFlatRows switches the ReportsFlatRows quirk at run time.
func (s *Sim) SetReportsFlatRows(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.Quirks.ReportsFlatRows = on
}

// SetPlan changes a workspace's plan (limits, quota, Reports) at run time.
func (s *Sim) SetPlan(wid int64, p Plan) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mustWorkspace(wid)
	s.st.workspaces[wid].Plan = p
}

// Getters return copies, sorted by id. Deleted entities are included (see DeletedAt).

// Workspaces returns every workspace.
func (s *Sim) Workspaces() []Workspace {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.workspaces, func(w *Workspace) Workspace { return *w })
}

// Users returns every user.
func (s *Sim) Users() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.users, func(u *User) User { return *u })
}

// Clients returns every client.
func (s *Sim) Clients() []Client {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.clients, (*Client).cloneFromPtr)
}

// Projects returns every project.
func (s *Sim) Projects() []Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.projects, (*Project).cloneFromPtr)
}

// TimeEntries returns every time entry.
func (s *Sim) TimeEntries() []TimeEntry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.entries, (*TimeEntry).cloneFromPtr)
}

// TimeEntry returns one time entry.
func (s *Sim) TimeEntry(id int64) (TimeEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.st.entries[id]
	if !ok {
		return TimeEntry{}, false
	}
	return e.clone(), true
}

// Subscriptions returns every subscription, deleted ones included.
func (s *Sim) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return collect(s.st.subs, (*Subscription).cloneFromPtr)
}

// Events returns the events of one subscription, oldest first (dropped ones included; finished
// events older than a week are pruned).
func (s *Sim) Events(sid int64) []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Event, 0, len(s.st.events[sid]))
	for _, ev := range s.st.events[sid] {
		out = append(out, ev.clone())
	}
	return out
}

// Deliveries returns the POSTs made to url_callbacks, PINGs included, in the order sent (the
// most recent 10 000).
func (s *Sim) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, 0, len(s.st.deliveries))
	for _, d := range s.st.deliveries {
		out = append(out, d.clone())
	}
	return out
}

func (c *Client) cloneFromPtr() Client             { return c.clone() }
func (p *Project) cloneFromPtr() Project           { return p.clone() }
func (e *TimeEntry) cloneFromPtr() TimeEntry       { return e.clone() }
func (s *Subscription) cloneFromPtr() Subscription { return s.clone() }

func collect[P any, V any](m map[int64]P, conv func(P) V) []V {
	keys := sortedKeys(m)
	out := make([]V, 0, len(keys))
	for _, k := range keys {
		out = append(out, conv(m[k]))
	}
	return slices.Clip(out)
}
