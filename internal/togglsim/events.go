package togglsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// change describes one entity change made through the Track API; it becomes one event per
// matching subscription.
type change struct {
	model    string // "time_entry", "project" or "client"
	action   string // "created", "updated" or "deleted"
	entityID int64
	wid      int64
	ownerID  int64 // model_owner_id: the entry's user, or the project's/client's creator
	actorID  int64 // event_user_id: who made the request
	path     string
	method   string
	body     string
}

// changeFrom fills the request part of a change from the API call that caused it.
func changeFrom(r *http.Request, c *call, model, action string, id, owner int64) change {
	return change{
		model: model, action: action, entityID: id, wid: c.wid, ownerID: owner, actorID: c.user.ID,
		path: r.URL.Path, method: r.Method, body: string(c.body),
	}
}

// payloadOf renders the entity as event payload. Caller holds Sim.mu.
func (s *Sim) payloadOf(ch change) json.RawMessage {
	var v any
	switch ch.model {
	case "time_entry":
		v = s.timeEntryPayload(s.st.entries[ch.entityID])
	case "project":
		v = s.projectJSON(s.st.projects[ch.entityID])
	case "client":
		v = s.clientJSON(s.st.clients[ch.entityID])
	}
	b, _ := json.Marshal(v)
	return b
}

// metadataOf builds the metadata object. docs/api/toggl.md §2.2: "In entity events every `metadata`
// value is a string, including IDs"; keys seen: action, event_user_id, model, model_owner_id,
// path, request_body, request_type, <model>_id, workspace_id.
func metadataOf(ch change) map[string]string {
	return map[string]string{
		"action":         ch.action,
		"event_user_id":  strconv.FormatInt(ch.actorID, 10),
		"model":          ch.model,
		"model_owner_id": strconv.FormatInt(ch.ownerID, 10),
		"path":           ch.path,
		"request_body":   ch.body,
		"request_type":   ch.method,
		ch.model + "_id": strconv.FormatInt(ch.entityID, 10),
		"workspace_id":   strconv.FormatInt(ch.wid, 10),
	}
}

// filtersMatch applies event filters (docs/api/toggl.md §1.4: "Entity `*` matches all entities";
// actions created/updated/deleted or `*`).
func filtersMatch(filters []EventFilter, model, action string) bool {
	for _, f := range filters {
		if (f.Entity == "*" || f.Entity == model) && (f.Action == "*" || f.Action == action) {
			return true
		}
	}
	return false
}

// emit turns a change into events for every subscription that should get it. docs/api/toggl.md §2: "A
// subscription gets events only when it is both enabled and validated"; §1.4: events are
// filtered by the subscription creator's visibility. Caller holds Sim.mu.
func (s *Sim) emit(ch change) {
	now := s.now()
	var payload json.RawMessage
	for _, sid := range sortedKeys(s.st.subs) {
		sub := s.st.subs[sid]
		if sub.WorkspaceID != ch.wid || sub.DeletedAt != nil || !sub.Enabled || sub.ValidatedAt == nil {
			continue
		}
		if !filtersMatch(sub.EventFilters, ch.model, ch.action) || !s.canSeeEntity(sub.UserID, ch.wid, ch.model, ch.entityID) {
			continue
		}
		if payload == nil {
			payload = s.payloadOf(ch)
		}
		ev := &Event{
			ID:             s.newID(idEvent),
			SubscriptionID: sid,
			// docs/api/toggl.md §2.2: "`created_at` has millisecond precision".
			CreatedAt: now.Truncate(1e6),
			CreatorID: ch.actorID,
			Model:     ch.model,
			Action:    ch.action,
			EntityID:  ch.entityID,
			Metadata:  metadataOf(ch),
			Payload:   payload,
		}
		s.pruneEvents(sid, now)
		s.st.events[sid] = append(s.st.events[sid], ev)
		s.st.eventSeq++
		if s.dropEvent() {
			ev.Dropped, ev.Done = true, true
			continue
		}
		s.enqueue(ev)
	}
}

// pruneEvents forgets finished events older than the retention week (S-tw1: events are stored
// "for a week"). Events are kept in creation order, so only the head needs a look. Caller holds
// Sim.mu.
func (s *Sim) pruneEvents(sid int64, now time.Time) {
	evs := s.st.events[sid]
	cutoff := now.Add(-eventRetention)
	i := 0
	for i < len(evs) && evs[i].Done && !evs[i].CreatedAt.After(cutoff) {
		i++
	}
	if i > 0 {
		s.st.events[sid] = append(evs[:0:0], evs[i:]...)
	}
}
