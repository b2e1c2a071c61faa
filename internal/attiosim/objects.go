package attiosim

import (
	"regexp"
	"time"
)

// slugPattern: api slugs are snake case (docs/api/attio.md §2 "all required; slug snake_case").
var slugPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// findObject resolves an object by UUID or api_slug (docs/api/attio.md checklist "Slug-or-UUID resolution
// for {object}"). Deals stay invisible until activated (docs/api/attio.md §2 "disabled by default").
func (s *Sim) findObject(ref string) *object {
	for _, o := range s.objects {
		if !o.hidden && (o.id == ref || o.slug == ref) {
			return o
		}
	}
	return nil
}

func (s *Sim) objectByID(id string) *object {
	for _, o := range s.objects {
		if o.id == id {
			return o
		}
	}
	return nil
}

// errObjectNotFound: docs/api/attio.md §2 404 "Object with slug/ID \"people\" not found."
func errObjectNotFound(ref string) *apiError {
	return errNotFound("Object with slug/ID \"%s\" not found.", ref)
}

func (s *Sim) objectParam(c *call) (*object, *apiError) {
	ref := c.params["object"]
	o := s.findObject(ref)
	if o == nil {
		return nil, errObjectNotFound(ref)
	}
	return o, nil
}

// objectJSON: docs/api/attio.md §2 "Object shape: {"id":{"workspace_id","object_id"},"api_slug",
// "singular_noun","plural_noun","created_at"}".
func (s *Sim) objectJSON(o *object) map[string]any {
	return map[string]any{
		"id":            map[string]any{"workspace_id": s.workspace.id, "object_id": o.id},
		"api_slug":      o.slug,
		"singular_noun": o.singular,
		"plural_noun":   o.plural,
		"created_at":    formatTime(o.createdAt),
	}
}

// systemAttributes every record exposes: record_id (text, not writable), created_at (timestamp),
// created_by (actor-reference) (docs/api/attio.md §2 "Every record also exposes system attributes …").
func (s *Sim) addSystemAttributes(o *object, now time.Time) {
	for _, def := range []attrSpec{
		{slug: "record_id", title: "Record ID", typ: typeText, system: true, readOnly: true, unique: true},
		{slug: "created_at", title: "Created at", typ: typeTimestamp, system: true, readOnly: true},
		{slug: "created_by", title: "Created by", typ: typeActorRef, system: true, readOnly: true},
	} {
		s.addAttribute(targetObjects, o.id, def, now)
	}
}

// newObject validates and creates a custom object (docs/api/attio.md §2 "POST /v2/objects — Creates a new
// custom object"; 409 slug_conflict "Failed to create object. Please ensure your api_slug and
// names are unique.").
func (s *Sim) newObject(id, slug, singular, plural string, now time.Time) (*object, *apiError) {
	if !slugPattern.MatchString(slug) {
		return nil, errValidation("api_slug must be snake_case, got %q.", slug)
	}
	if singular == "" || plural == "" {
		return nil, errValidation("singular_noun and plural_noun must not be empty.")
	}
	for _, o := range s.objects {
		if o.slug == slug || o.singular == singular || o.plural == plural {
			return nil, errSlugConflict("Failed to create object. Please ensure your api_slug and names are unique.")
		}
	}
	if id == "" {
		id = s.rnd.newID()
	}
	o := &object{id: id, slug: slug, singular: singular, plural: plural, createdAt: now}
	s.objects = append(s.objects, o)
	s.addSystemAttributes(o, now)
	return o, nil
}

func (s *Sim) listObjects(c *call) (any, *apiError) {
	out := []any{}
	for _, o := range s.objects {
		if !o.hidden {
			out = append(out, s.objectJSON(o))
		}
	}
	return dataOf(out), nil
}

func (s *Sim) getObject(c *call) (any, *apiError) {
	o, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.objectJSON(o)), nil
}

func (s *Sim) createObjectHTTP(c *call) (any, *apiError) {
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	at := []any{"data"}
	slug, _, e := stringField(d, "api_slug", at, true)
	if e != nil {
		return nil, e
	}
	singular, _, e := stringField(d, "singular_noun", at, true)
	if e != nil {
		return nil, e
	}
	plural, _, e := stringField(d, "plural_noun", at, true)
	if e != nil {
		return nil, e
	}
	o, e := s.newObject("", slug, singular, plural, c.now)
	if e != nil {
		return nil, e
	}
	return dataOf(s.objectJSON(o)), nil
}

// patchObject: docs/api/attio.md §2 "PATCH /v2/objects/{object} — body {"data":{api_slug?, singular_noun?,
// plural_noun?}}; empty payload → 400 validation_type; 409 slug_conflict".
func (s *Sim) patchObject(c *call) (any, *apiError) {
	o, e := s.objectParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	at := []any{"data"}
	slug, hasSlug, e := stringField(d, "api_slug", at, false)
	if e != nil {
		return nil, e
	}
	singular, hasSingular, e := stringField(d, "singular_noun", at, false)
	if e != nil {
		return nil, e
	}
	plural, hasPlural, e := stringField(d, "plural_noun", at, false)
	if e != nil {
		return nil, e
	}
	if !hasSlug && !hasSingular && !hasPlural {
		return nil, errValidation("Request body must update at least one of api_slug, singular_noun, plural_noun.")
	}
	if hasSlug && !slugPattern.MatchString(slug) {
		return nil, errValidation("api_slug must be snake_case, got %q.", slug)
	}
	for _, other := range s.objects {
		if other == o {
			continue
		}
		if (hasSlug && other.slug == slug) || (hasSingular && other.singular == singular) || (hasPlural && other.plural == plural) {
			return nil, errSlugConflict("Failed to update object. Please ensure your api_slug and names are unique.")
		}
	}
	if hasSlug {
		o.slug = slug
	}
	if hasSingular {
		o.singular = singular
	}
	if hasPlural {
		o.plural = plural
	}
	return dataOf(s.objectJSON(o)), nil
}
