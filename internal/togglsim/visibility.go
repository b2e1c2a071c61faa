package togglsim

// Visibility rules. docs/api/toggl.md §1.4: "a non-admin only gets events for entities they can see. For
// example, other users' time entries reach only admins"; §4.2: /me/time_entries returns "the
// authenticated user only". Private projects are visible to admins and their creator (the
// emulator has no project membership). Clients are visible to every member.

func canSeeEntry(uid int64, admin bool, e *TimeEntry) bool {
	return admin || e.UserID == uid
}

func canSeeProject(uid int64, admin bool, p *Project) bool {
	return admin || !p.IsPrivate || p.CreatorID == uid
}

// canSeeEntity applies the rules to an event's entity. Caller holds Sim.mu.
func (s *Sim) canSeeEntity(uid, wid int64, model string, entityID int64) bool {
	member, admin := s.isMember(wid, uid)
	if !member {
		return false
	}
	switch model {
	case "time_entry":
		e := s.st.entries[entityID]
		return e != nil && canSeeEntry(uid, admin, e)
	case "project":
		p := s.st.projects[entityID]
		return p != nil && canSeeProject(uid, admin, p)
	default:
		return true
	}
}
