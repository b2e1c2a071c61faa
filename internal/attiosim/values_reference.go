package attiosim

import (
	"strings"
	"time"
)

// parseReference handles the record-reference input forms of docs/api/attio.md §3:
// [{"target_object":"companies","target_record_id":"<uuid>"}]; a match by unique attribute
// [{"target_object":"companies","domains":[{"domain":"company.com"}]}]; and a bare string for
// references restricted to one standard object. "the write will fail if the target record does
// not exist".
func (s *Sim) parseReference(a *attribute, raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	if str, ok := raw.(string); ok {
		return s.referenceByString(a, str, bad)
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bad("{\"target_object\", \"target_record_id\"}")
	}
	objRef, ok := m["target_object"].(string)
	if !ok {
		return nil, errBodyField([]any{a.slug, "target_object"}, "string", jsonType(m["target_object"]), "Required")
	}
	obj := s.findObject(objRef)
	if obj == nil {
		return nil, errValueNotFound("Object with slug/ID \"%s\" not found.", objRef)
	}
	if len(a.allowedObjectIDs) > 0 && !containsStr(a.allowedObjectIDs, obj.id) { // SPEC: "Leave empty to allow records from all object types"
		return nil, errValidation("Attribute \"%s\" does not accept records of object \"%s\".", a.slug, obj.slug)
	}
	if id, has := m["target_record_id"]; has {
		rid, ok := id.(string)
		if !ok || len(m) != 2 {
			return nil, bad("{\"target_object\", \"target_record_id\"}")
		}
		r := s.records[rid]
		if r == nil || r.obj != obj {
			return nil, errValueNotFound("Record with ID \"%s\" not found on object \"%s\".", rid, obj.slug)
		}
		return map[string]any{"target_object": obj.id, "target_record_id": r.id}, nil
	}
	if len(m) != 2 {
		return nil, bad("target_object plus target_record_id or one unique matching attribute")
	}
	for key, val := range m {
		if key == "target_object" {
			continue
		}
		return s.referenceByMatch(a, obj, key, val)
	}
	return nil, bad("{\"target_object\", \"target_record_id\"}")
}

// referenceByMatch finds the target record by one of its unique attributes.
func (s *Sim) referenceByMatch(a *attribute, obj *object, attrRef string, val any) (map[string]any, *apiError) {
	ma := findAttr(obj.attrs, attrRef)
	if ma == nil {
		return nil, errValueNotFound("Cannot find attribute with slug/ID \"%s\" on object \"%s\".", attrRef, obj.slug)
	}
	if !ma.unique || !ma.writable {
		return nil, errValidation("Attribute \"%s\" is not a unique attribute and cannot identify a referenced record.", ma.slug)
	}
	items, ok := val.([]any)
	if !ok {
		items = []any{val}
	}
	for _, item := range items {
		f, e := s.parseInput(ma, item, actor{}, time.Time{})
		if e != nil {
			return nil, e
		}
		if r := s.findByUnique(obj, ma, valueKey(ma, f), nil); r != nil {
			return map[string]any{"target_object": obj.id, "target_record_id": r.id}, nil
		}
	}
	return nil, errValueNotFound("No %s record found matching %s for attribute \"%s\".", obj.slug, ma.slug, a.slug)
}

// bareMatch: the standard objects whose references accept a bare string (docs/api/attio.md §3 "for
// references restricted to one standard object a bare string is accepted (domain / email /
// user_id / workspace_id)").
var bareMatch = map[string]string{"companies": "domains", "people": "email_addresses", "users": "user_id", "workspaces": "workspace_id"}

func (s *Sim) referenceByString(a *attribute, str string, bad func(string) *apiError) (map[string]any, *apiError) {
	if len(a.allowedObjectIDs) != 1 {
		return nil, bad("{\"target_object\", \"target_record_id\"}")
	}
	obj := s.objectByID(a.allowedObjectIDs[0])
	slug, ok := bareMatch[obj.slug]
	if !ok || !obj.standard {
		return nil, bad("{\"target_object\", \"target_record_id\"}")
	}
	return s.referenceByMatch(a, obj, slug, str)
}

// parseActorRef: docs/api/attio.md §3 "actor-reference: {"referenced_actor_type":"workspace-member",
// "referenced_actor_id":"<uuid>"} or {"workspace_member_email_address":"a@b.com"}; only
// workspace members can be written".
func (s *Sim) parseActorRef(a *attribute, raw any, writer actor, bad func(string) *apiError) (map[string]any, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, bad("an actor reference object")
	}
	if email, ok := m["workspace_member_email_address"].(string); ok {
		for _, mem := range s.members {
			if strings.EqualFold(mem.email, email) {
				return map[string]any{"referenced_actor_type": "workspace-member", "referenced_actor_id": mem.id}, nil
			}
		}
		return nil, errValueNotFound("Workspace member with email \"%s\" not found.", email)
	}
	typ, _ := m["referenced_actor_type"].(string)
	id, _ := m["referenced_actor_id"].(string)
	if typ != "workspace-member" {
		return nil, errValidation("Only workspace-member actors can be written to attribute \"%s\".", a.slug)
	}
	for _, mem := range s.members {
		if mem.id == id {
			return map[string]any{"referenced_actor_type": typ, "referenced_actor_id": id}, nil
		}
	}
	return nil, errValueNotFound("Workspace member with ID \"%s\" not found.", id)
}
