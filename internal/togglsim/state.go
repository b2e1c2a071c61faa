package togglsim

import "time"

// state is everything the emulator remembers. It is guarded by Sim.mu.
type state struct {
	workspaces map[int64]*Workspace
	users      map[int64]*User
	members    map[int64]map[int64]bool // workspace id → user id → admin
	clients    map[int64]*Client
	projects   map[int64]*Project
	entries    map[int64]*TimeEntry
	tags       map[int64]map[string]int64 // workspace id → tag name → tag id
	tagNames   map[int64]string           // tag id → tag name
	subs       map[int64]*Subscription
	events     map[int64][]*Event // subscription id → events, oldest first
	deliveries []Delivery
	next       map[idKind]int64
	eventSeq   int64 // entity events fired, for DropEvery
}

type idKind int

const (
	idWorkspace idKind = iota
	idUser
	idClient
	idProject
	idTimeEntry
	idTag
	idSubscription
	idEvent
)

// firstID gives each id space a realistic magnitude: time entry ids near 3e9 and event ids
// near 8e15 as in the captured payloads (docs/api/toggl.md §2.2), subscription ids near 10710.
var firstID = map[idKind]int64{
	idWorkspace:    7435600,
	idUser:         9547800,
	idClient:       61000100,
	idProject:      20300100,
	idTimeEntry:    3050537739,
	idTag:          18000001,
	idSubscription: 10710,
	idEvent:        8023169274704072,
}

func newState() state {
	return state{
		workspaces: map[int64]*Workspace{},
		users:      map[int64]*User{},
		members:    map[int64]map[int64]bool{},
		clients:    map[int64]*Client{},
		projects:   map[int64]*Project{},
		entries:    map[int64]*TimeEntry{},
		tags:       map[int64]map[string]int64{},
		tagNames:   map[int64]string{},
		subs:       map[int64]*Subscription{},
		events:     map[int64][]*Event{},
		next:       map[idKind]int64{},
	}
}

// newID returns the next id of a kind. Caller holds Sim.mu.
func (s *Sim) newID(k idKind) int64 {
	n := s.st.next[k]
	if n == 0 {
		n = firstID[k]
	}
	if k == idEvent {
		// Event ids are large and sparse in the captures; keep them increasing.
		n += 1 + s.cfg.Rand.Int64N(1_000_000)
	}
	s.st.next[k] = n + 1
	return n
}

// reserveID makes sure newID never hands out id again. Caller holds Sim.mu.
func (s *Sim) reserveID(k idKind, id int64) {
	if id >= s.st.next[k] {
		s.st.next[k] = id + 1
	}
}

func (s *Sim) now() time.Time { return s.cfg.Clock().UTC() }

// isMember reports membership and admin flag. Caller holds Sim.mu.
func (s *Sim) isMember(wid, uid int64) (member, admin bool) {
	m, ok := s.st.members[wid]
	if !ok {
		return false, false
	}
	admin, member = m[uid]
	return member, admin
}

// tagIDs returns the ids of names in a workspace, creating tags that do not exist yet.
// Caller holds Sim.mu.
func (s *Sim) tagIDs(wid int64, names []string) []int64 {
	if s.st.tags[wid] == nil {
		s.st.tags[wid] = map[string]int64{}
	}
	ids := make([]int64, 0, len(names))
	for _, n := range names {
		id, ok := s.st.tags[wid][n]
		if !ok {
			id = s.newID(idTag)
			s.st.tags[wid][n] = id
			s.st.tagNames[id] = n
		}
		ids = append(ids, id)
	}
	return ids
}
