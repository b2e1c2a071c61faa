package attiosim

// event is one webhook event; payloads carry ids only (docs/api/attio.md §5 "Payloads carry IDs only —
// receivers re-fetch the record").
type event struct {
	typ     string
	payload map[string]any
}

// recordEvent: docs/api/attio.md §5 "record.created / record.deleted: id {workspace_id, object_id,
// record_id}, actor"; "record.updated: id additionally has attribute_id".
func (s *Sim) recordEvent(typ string, r *record, attrID string, who actor) event {
	id := map[string]any{"workspace_id": s.workspace.id, "object_id": r.obj.id, "record_id": r.id}
	if attrID != "" {
		id["attribute_id"] = attrID
	}
	return event{typ: typ, payload: map[string]any{"event_type": typ, "id": id, "actor": who.json()}}
}

// entryEvent: docs/api/attio.md §5 "list-entry.created / .deleted: {"event_type":"list-entry.created",
// "id":{"workspace_id","list_id","entry_id"},"parent_object_id","parent_record_id"} (+ actor);
// list-entry.updated adds id.attribute_id".
func (s *Sim) entryEvent(typ string, e *entry, attrID string, who actor) event {
	id := map[string]any{"workspace_id": s.workspace.id, "list_id": e.list.id, "entry_id": e.id}
	if attrID != "" {
		id["attribute_id"] = attrID
	}
	return event{typ: typ, payload: map[string]any{
		"event_type": typ, "id": id, "parent_object_id": e.parentObj.id, "parent_record_id": e.parentRecordID,
		"actor": who.json(),
	}}
}

// updated emits record.updated / list-entry.updated for changed attributes: one per attribute
// with id.attribute_id, or one without it under Compat.UpdatedEventWithoutAttributeID.
func (c *call) updated(owner valueOwner, changed []*attribute) {
	if len(changed) == 0 {
		return
	}
	s := c.sim
	emit := func(attrID string) {
		switch o := owner.(type) {
		case *record:
			c.events = append(c.events, s.recordEvent("record.updated", o, attrID, c.actor))
		case *entry:
			c.events = append(c.events, s.entryEvent("list-entry.updated", o, attrID, c.actor))
		}
	}
	if s.cfg.Compat.UpdatedEventWithoutAttributeID {
		emit("")
		return
	}
	for _, a := range changed {
		emit(a.id)
	}
}
