package attiosim

// createRecord validates values and creates a record (docs/api/attio.md §3 "POST
// /v2/objects/{object}/records … "will throw on conflicts of unique attributes"").
func (s *Sim) createRecord(c *call, obj *object, input map[string]any) (*record, *apiError) {
	plan, e := s.planValues(obj.attrs, nil, input, modeCreate, nil, c.actor, c.now)
	if e != nil {
		return nil, e
	}
	if plan, e = s.addDefaults(obj.attrs, plan, c.actor, c.now); e != nil {
		return nil, e
	}
	if e := s.checkUnique(plan, nil); e != nil {
		return nil, e
	}
	if e := s.checkRequired(obj.attrs, nil, plan, true); e != nil {
		return nil, e
	}
	return s.insertRecord(c, obj, "", plan), nil
}

// insertRecord stores a validated record and emits record.created.
func (s *Sim) insertRecord(c *call, obj *object, id string, plan []change) *record {
	r := &record{id: stableOrRandom(s, id), obj: obj, createdAt: c.now, createdBy: c.actor, seq: s.nextSeq(),
		values: map[string][]*value{}}
	s.records[r.id] = r
	s.byObject[obj.id] = append(s.byObject[obj.id], r)
	applyPlan(r, plan, c.actor, c.now)
	c.events = append(c.events, s.recordEvent("record.created", r, "", c.actor))
	s.mirrorRelationships(c, r, plan)
	return r
}

// updateRecord applies PATCH (append), PUT (overwrite) or an assert update to r.
func (s *Sim) updateRecord(c *call, r *record, input map[string]any, mode writeMode, appendAttr *attribute) *apiError {
	plan, e := s.planValues(r.obj.attrs, r, input, mode, appendAttr, c.actor, c.now)
	if e != nil {
		return e
	}
	if e := s.checkUnique(plan, r); e != nil {
		return e
	}
	if e := s.checkRequired(r.obj.attrs, r, plan, false); e != nil {
		return e
	}
	c.updated(r, applyPlan(r, plan, c.actor, c.now))
	s.mirrorRelationships(c, r, plan)
	return nil
}

// mirrorRelationships keeps both sides of a relationship attribute in step (docs/api/attio.md checklist
// "relationship pairs (company.team ↔ person.company) update both sides").
func (s *Sim) mirrorRelationships(c *call, r *record, plan []change) {
	for _, ch := range plan {
		inv := ch.attr.relationship
		if inv == nil || ch.empty() {
			continue
		}
		for _, v := range ch.deactivate {
			if t := s.records[v.fields["target_record_id"].(string)]; t != nil {
				if s.dropReference(c, t, inv, r.id) {
					c.updated(t, []*attribute{inv})
				}
			}
		}
		for _, f := range ch.add {
			t := s.records[f["target_record_id"].(string)]
			if t == nil || holdsReference(t, inv, r.id) {
				continue
			}
			if !inv.multiselect {
				for _, old := range activeValues(t, inv) {
					until := c.now
					old.activeUntil = &until
					if prev := s.records[old.fields["target_record_id"].(string)]; prev != nil && prev != r {
						if s.dropReference(c, prev, ch.attr, t.id) {
							c.updated(prev, []*attribute{ch.attr})
						}
					}
				}
			}
			t.values[inv.id] = append(t.values[inv.id], &value{
				fields:     map[string]any{"target_object": r.obj.id, "target_record_id": r.id},
				activeFrom: c.now, actor: c.actor,
			})
			c.updated(t, []*attribute{inv})
		}
	}
}

func holdsReference(o valueOwner, a *attribute, targetID string) bool {
	for _, v := range activeValues(o, a) {
		if v.fields["target_record_id"] == targetID {
			return true
		}
	}
	return false
}

// dropReference deactivates o's values of a that point at targetID.
func (s *Sim) dropReference(c *call, o valueOwner, a *attribute, targetID string) bool {
	dropped := false
	for _, v := range activeValues(o, a) {
		if v.fields["target_record_id"] == targetID {
			until := c.now
			v.activeUntil = &until
			dropped = true
		}
	}
	return dropped
}

// deleteRecord removes r, its list entries and references to it (docs/api/attio.md §3 "DELETE … 200 {}").
func (s *Sim) deleteRecord(c *call, r *record) {
	for _, l := range s.lists {
		for _, e := range s.byList[l.id] {
			if e.parentRecordID == r.id {
				s.removeEntry(c, e)
			}
		}
	}
	for _, a := range s.allAttributes() {
		if a.typ != typeRecordRef {
			continue
		}
		for _, o := range s.owners(a) {
			if o == valueOwner(r) {
				continue
			}
			if s.dropReference(c, o, a, r.id) {
				c.updated(o, []*attribute{a})
			}
		}
	}
	delete(s.records, r.id)
	list := s.byObject[r.obj.id]
	for i, x := range list {
		if x == r {
			s.byObject[r.obj.id] = append(list[:i:i], list[i+1:]...)
			break
		}
	}
	c.events = append(c.events, s.recordEvent("record.deleted", r, "", c.actor))
}

// recordOf resolves a record id within obj (docs/api/attio.md §3 "404 Record with ID "…" not found.").
func (s *Sim) recordOf(obj *object, id string) (*record, *apiError) {
	r := s.records[id]
	if r == nil || r.obj != obj {
		return nil, errNotFound("Record with ID \"%s\" not found.", id)
	}
	return r, nil
}

// allAttributes lists object then list attributes in creation order, for deterministic sweeps.
func (s *Sim) allAttributes() []*attribute {
	var out []*attribute
	for _, o := range s.objects {
		out = append(out, o.attrs...)
	}
	for _, l := range s.lists {
		out = append(out, l.attrs...)
	}
	return out
}
