package attiosim

import (
	"slices"
	"time"
)

// findList resolves a list by UUID or api_slug (docs/api/attio.md §4 "GET /v2/lists/{list} (UUID or slug)").
func (s *Sim) findList(ref string) *list {
	for _, l := range s.lists {
		if l.id == ref || l.slug == ref {
			return l
		}
	}
	return nil
}

func (s *Sim) listByID(id string) *list {
	for _, l := range s.lists {
		if l.id == id {
			return l
		}
	}
	return nil
}

func errListNotFound(ref string) *apiError {
	return errNotFound("List with slug/ID \"%s\" not found.", ref)
}

func (s *Sim) listParam(c *call) (*list, *apiError) {
	l := s.findList(c.params["list"])
	if l == nil {
		return nil, errListNotFound(c.params["list"])
	}
	return l, nil
}

// listJSON: docs/api/attio.md §4 "List shape: {"id":{"workspace_id","list_id"},"api_slug","name",
// "parent_object":["people"] (array of slugs), "workspace_access","workspace_member_access":[…],
// "created_by_actor":{type,id},"created_at"}".
func (s *Sim) listJSON(l *list) map[string]any {
	parents := []string{}
	for _, id := range l.parentObjectIDs {
		if o := s.objectByID(id); o != nil {
			parents = append(parents, o.slug)
		}
	}
	access := []any{}
	for _, m := range l.memberAccess {
		access = append(access, map[string]any{"workspace_member_id": m.MemberID, "level": m.Level})
	}
	return map[string]any{
		"id":                      map[string]any{"workspace_id": s.workspace.id, "list_id": l.id},
		"api_slug":                l.slug,
		"name":                    l.name,
		"parent_object":           parents,
		"workspace_access":        strOrNil(l.workspaceAccess),
		"workspace_member_access": access,
		"created_by_actor":        l.createdBy.json(),
		"created_at":              formatTime(l.createdAt),
	}
}

var accessLevels = []string{"full-access", "read-and-write", "read-only"}

// listSpec is a list to create.
type listSpec struct {
	id, name, slug, parent string
	workspaceAccess        *string
	memberAccess           []memberAccess
}

// newList validates and creates a list (docs/api/attio.md §4 "POST /v2/lists … new lists must have either
// workspace_access set to "full-access" or one or more element of workspace_member_access with a
// "full-access" level"; errors 400 value_not_found (member), 404 not_found (parent object), 409
// slug_conflict ("A list with api_slug "my_list" already exists.")).
func (s *Sim) newList(sp listSpec, who actor, now time.Time) (*list, *apiError) {
	if !slugPattern.MatchString(sp.slug) {
		return nil, errValidation("api_slug must be snake_case, got %q.", sp.slug)
	}
	if sp.name == "" {
		return nil, errValidation("name must not be empty.")
	}
	obj := s.findObject(sp.parent)
	if obj == nil {
		return nil, errObjectNotFound(sp.parent)
	}
	if sp.workspaceAccess != nil && !slices.Contains(accessLevels, *sp.workspaceAccess) {
		return nil, errValidation("workspace_access must be full-access, read-and-write, read-only or null.")
	}
	full := sp.workspaceAccess != nil && *sp.workspaceAccess == "full-access"
	for _, m := range sp.memberAccess {
		if !slices.Contains(accessLevels, m.Level) {
			return nil, errValidation("workspace_member_access level must be full-access, read-and-write or read-only.")
		}
		if !s.memberExists(m.MemberID) {
			return nil, errValueNotFound("Workspace member with ID \"%s\" not found.", m.MemberID)
		}
		full = full || m.Level == "full-access"
	}
	if !full {
		return nil, errValidation("New lists must have workspace_access \"full-access\" or a workspace member with \"full-access\".")
	}
	if s.findList(sp.slug) != nil {
		return nil, errSlugConflict("A list with api_slug \"%s\" already exists.", sp.slug)
	}
	l := &list{id: stableOrRandom(s, sp.id), slug: sp.slug, name: sp.name, parentObjectIDs: []string{obj.id},
		workspaceAccess: sp.workspaceAccess, memberAccess: sp.memberAccess, createdBy: who, createdAt: now}
	s.lists = append(s.lists, l)
	return l, nil
}

func (s *Sim) memberExists(id string) bool {
	for _, m := range s.members {
		if m.id == id {
			return true
		}
	}
	return false
}

func (s *Sim) listLists(c *call) (any, *apiError) {
	out := []any{}
	for _, l := range s.lists {
		out = append(out, s.listJSON(l))
	}
	return dataOf(out), nil
}

func (s *Sim) getList(c *call) (any, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.listJSON(l)), nil
}

// parseAccess reads workspace_access (string|null) and workspace_member_access (array).
func parseAccess(d map[string]any, required bool) (*string, bool, []memberAccess, bool, *apiError) {
	var wa *string
	rawWA, hasWA := d["workspace_access"]
	switch v := rawWA.(type) {
	case nil:
	case string:
		wa = &v
	default:
		return nil, false, nil, false, errBodyField([]any{"data", "workspace_access"}, "string", jsonType(rawWA), "Expected string or null")
	}
	if required && !hasWA {
		return nil, false, nil, false, errBodyField([]any{"data", "workspace_access"}, "string", "undefined", "Required")
	}
	rawMA, hasMA := d["workspace_member_access"]
	if required && !hasMA {
		return nil, false, nil, false, errBodyField([]any{"data", "workspace_member_access"}, "array", "undefined", "Required")
	}
	var ma []memberAccess
	if hasMA {
		items, ok := rawMA.([]any)
		if !ok {
			return nil, false, nil, false, errBodyField([]any{"data", "workspace_member_access"}, "array", jsonType(rawMA), "Expected array")
		}
		ma = []memberAccess{}
		for i, it := range items {
			m, _ := it.(map[string]any)
			id, _ := m["workspace_member_id"].(string)
			level, _ := m["level"].(string)
			if id == "" || level == "" {
				return nil, false, nil, false, errBodyField([]any{"data", "workspace_member_access", i}, "object", jsonType(it),
					"Expected {workspace_member_id, level}")
			}
			ma = append(ma, memberAccess{MemberID: id, Level: level})
		}
	}
	return wa, hasWA, ma, hasMA, nil
}

func (s *Sim) createListHTTP(c *call) (any, *apiError) {
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	at := []any{"data"}
	var sp listSpec
	if sp.name, _, e = stringField(d, "name", at, true); e != nil {
		return nil, e
	}
	if sp.slug, _, e = stringField(d, "api_slug", at, true); e != nil {
		return nil, e
	}
	if sp.parent, _, e = stringField(d, "parent_object", at, true); e != nil {
		return nil, e
	}
	if sp.workspaceAccess, _, sp.memberAccess, _, e = parseAccess(d, true); e != nil {
		return nil, e
	}
	l, e := s.newList(sp, c.actor, c.now)
	if e != nil {
		return nil, e
	}
	return dataOf(s.listJSON(l)), nil
}

// patchList: docs/api/attio.md §4 "PATCH /v2/lists/{list} — name/api_slug/access; parent object cannot be
// changed via API".
func (s *Sim) patchList(c *call) (any, *apiError) {
	l, e := s.listParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	if _, ok := d["parent_object"]; ok {
		return nil, errValidation("The parent object of a list cannot be changed.")
	}
	at := []any{"data"}
	name, hasName, e := stringField(d, "name", at, false)
	if e != nil {
		return nil, e
	}
	slug, hasSlug, e := stringField(d, "api_slug", at, false)
	if e != nil {
		return nil, e
	}
	wa, hasWA, ma, hasMA, e := parseAccess(d, false)
	if e != nil {
		return nil, e
	}
	if hasSlug {
		if !slugPattern.MatchString(slug) {
			return nil, errValidation("api_slug must be snake_case, got %q.", slug)
		}
		if other := s.findList(slug); other != nil && other != l {
			return nil, errSlugConflict("A list with api_slug \"%s\" already exists.", slug)
		}
	}
	if hasWA && wa != nil && !slices.Contains(accessLevels, *wa) {
		return nil, errValidation("workspace_access must be full-access, read-and-write, read-only or null.")
	}
	for _, m := range ma {
		if !s.memberExists(m.MemberID) {
			return nil, errValueNotFound("Workspace member with ID \"%s\" not found.", m.MemberID)
		}
	}
	if hasName {
		l.name = name
	}
	if hasSlug {
		l.slug = slug
	}
	if hasWA {
		l.workspaceAccess = wa
	}
	if hasMA {
		l.memberAccess = ma
	}
	return dataOf(s.listJSON(l)), nil
}
