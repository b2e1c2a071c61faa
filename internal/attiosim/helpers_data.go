package attiosim

import (
	"slices"
	"time"
)

// Record and Entry are snapshots of stored data, values rendered as the API renders them.
type Record struct {
	ID, ObjectID, Object string
	CreatedAt            time.Time
	Values               map[string][]map[string]any
}

type Entry struct {
	ID, ListID, List, ParentRecordID, ParentObject string
	CreatedAt                                      time.Time
	Values                                         map[string][]map[string]any
}

// CreateRecord creates a record as the workspace owner; values use the API's input forms.
func (s *Sim) CreateRecord(object string, values map[string]any) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	obj := s.findObject(object)
	if obj == nil {
		return Record{}, exportErr(errObjectNotFound(object))
	}
	r, e := s.createRecord(c, obj, normalizeInput(values))
	if err := s.finishHelper(c, e); err != nil {
		return Record{}, err
	}
	return s.exportRecord(r), nil
}

// UpdateRecord changes a record as the workspace owner, with PATCH semantics (multiselect values
// are appended).
func (s *Sim) UpdateRecord(object, recordID string, values map[string]any) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	obj := s.findObject(object)
	if obj == nil {
		return Record{}, exportErr(errObjectNotFound(object))
	}
	r, e := s.recordOf(obj, recordID)
	if e == nil {
		e = s.updateRecord(c, r, normalizeInput(values), modeAppend, nil)
	}
	if err := s.finishHelper(c, e); err != nil {
		return Record{}, err
	}
	return s.exportRecord(r), nil
}

// DeleteRecord deletes a record as the workspace owner.
func (s *Sim) DeleteRecord(object, recordID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	obj := s.findObject(object)
	if obj == nil {
		return exportErr(errObjectNotFound(object))
	}
	r, e := s.recordOf(obj, recordID)
	if e == nil {
		s.deleteRecord(c, r)
	}
	return s.finishHelper(c, e)
}

// Record returns a record of object (slug or id) by id.
func (s *Sim) Record(object, recordID string) (Record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj := s.findObject(object)
	if obj == nil {
		return Record{}, false
	}
	r, e := s.recordOf(obj, recordID)
	if e != nil {
		return Record{}, false
	}
	return s.exportRecord(r), true
}

// Records returns every record of object in creation order.
func (s *Sim) Records(object string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj := s.findObject(object)
	if obj == nil {
		return nil
	}
	var out []Record
	for _, r := range s.byObject[obj.id] {
		out = append(out, s.exportRecord(r))
	}
	return out
}

// CreateEntry adds parentRecordID to a list as the workspace owner.
func (s *Sim) CreateEntry(listRef, parentObject, parentRecordID string, values map[string]any) (Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	l := s.findList(listRef)
	if l == nil {
		return Entry{}, exportErr(errListNotFound(listRef))
	}
	en, e := s.createEntry(c, l, parentObject, parentRecordID, normalizeInput(values))
	if err := s.finishHelper(c, e); err != nil {
		return Entry{}, err
	}
	return s.exportEntry(en), nil
}

// UpdateEntry changes an entry's values as the workspace owner (PATCH semantics).
func (s *Sim) UpdateEntry(listRef, entryID string, values map[string]any) (Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	en, e := s.helperEntry(listRef, entryID)
	if e == nil {
		e = s.updateEntry(c, en, normalizeInput(values), modeAppend)
	}
	if err := s.finishHelper(c, e); err != nil {
		return Entry{}, err
	}
	return s.exportEntry(en), nil
}

// DeleteEntry removes an entry as the workspace owner.
func (s *Sim) DeleteEntry(listRef, entryID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.helperCall()
	en, e := s.helperEntry(listRef, entryID)
	if e == nil {
		s.removeEntry(c, en)
	}
	return s.finishHelper(c, e)
}

func (s *Sim) helperEntry(listRef, entryID string) (*entry, *apiError) {
	l := s.findList(listRef)
	if l == nil {
		return nil, errListNotFound(listRef)
	}
	en := s.entries[entryID]
	if en == nil || en.list != l {
		return nil, errNotFound("List entry with ID \"%s\" not found.", entryID)
	}
	return en, nil
}

// Entries returns the entries of a list (slug or id) in creation order.
func (s *Sim) Entries(listRef string) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.findList(listRef)
	if l == nil {
		return nil
	}
	var out []Entry
	for _, en := range s.byList[l.id] {
		out = append(out, s.exportEntry(en))
	}
	return out
}

// Entry returns one entry of a list.
func (s *Sim) Entry(listRef, entryID string) (Entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	en, e := s.helperEntry(listRef, entryID)
	if e != nil {
		return Entry{}, false
	}
	return s.exportEntry(en), true
}

// Webhooks lists registered webhooks with their secrets and current status.
func (s *Sim) Webhooks() []Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	var out []Webhook
	for _, w := range s.webhooks {
		wh := Webhook{ID: w.id, TargetURL: w.targetURL, Secret: w.secret, Status: w.status(now)}
		for _, sub := range w.subs {
			if !slices.Contains(wh.EventTypes, sub.eventType) {
				wh.EventTypes = append(wh.EventTypes, sub.eventType)
			}
		}
		out = append(out, wh)
	}
	return out
}
