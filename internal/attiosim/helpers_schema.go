package attiosim

// CreateObject creates a custom object.
func (s *Sim) CreateObject(slug, singular, plural string) (Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, e := s.newObject("", slug, singular, plural, s.clock.Now())
	if e != nil {
		return Object{}, exportErr(e)
	}
	return Object{ID: o.id, Slug: o.slug, Singular: o.singular, Plural: o.plural}, nil
}

// CreateAttribute adds an attribute to an object (target "objects") or list (target "lists"),
// with the same validation as the API.
func (s *Sim) CreateAttribute(target, parent string, spec AttributeSpec) (Attribute, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := attrSpec{slug: spec.Slug, title: spec.Title, typ: spec.Type, required: spec.Required, unique: spec.Unique,
		multiselect: spec.Multiselect, options: spec.Options, statuses: spec.Statuses}
	if spec.CurrencyCode != "" {
		code, display := spec.CurrencyCode, "symbol"
		sp.currencyCode, sp.currencyDisplay = &code, &display
	}
	if spec.AllowedObjects != nil {
		sp.allowedObjects = []string{}
		for _, ref := range spec.AllowedObjects {
			o := s.findObject(ref)
			if o == nil {
				return Attribute{}, exportErr(errObjectNotFound(ref))
			}
			sp.allowedObjects = append(sp.allowedObjects, o.id)
		}
	}
	if (len(sp.options) > 0 && sp.typ != typeSelect) || (len(sp.statuses) > 0 && sp.typ != typeStatus) {
		return Attribute{}, exportErr(errValidation("Options belong to select attributes and statuses to status attributes."))
	}
	a, e := s.createAttribute(target, parent, sp, s.clock.Now())
	if e != nil {
		return Attribute{}, exportErr(e)
	}
	return exportAttr(a), nil
}

func exportAttr(a *attribute) Attribute {
	return Attribute{ID: a.id, ParentID: a.parentID, Slug: a.slug, Title: a.title, Type: a.typ,
		Required: a.required, Unique: a.unique, Multiselect: a.multiselect}
}

// Attributes lists the attributes of an object or list (target "objects" or "lists").
func (s *Sim) Attributes(target, parent string) ([]Attribute, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	attrs, _, _, e := s.attrParent(target, parent)
	if e != nil {
		return nil, exportErr(e)
	}
	var out []Attribute
	for _, a := range *attrs {
		out = append(out, exportAttr(a))
	}
	return out, nil
}

// AddSelectOption adds an option to a select attribute.
func (s *Sim) AddSelectOption(target, parent, attr, title string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.helperAttr(target, parent, attr)
	if e == nil {
		_, e = s.addOption(a, title)
	}
	return exportErr(e)
}

// AddStatus adds a status to a status attribute.
func (s *Sim) AddStatus(target, parent, attr, title string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, e := s.helperAttr(target, parent, attr)
	if e == nil {
		_, e = s.addStatus(a, title, false, nil)
	}
	return exportErr(e)
}

func (s *Sim) helperAttr(target, parent, ref string) (*attribute, *apiError) {
	attrs, _, _, e := s.attrParent(target, parent)
	if e != nil {
		return nil, e
	}
	a := findAttr(*attrs, ref)
	if a == nil {
		return nil, errAttrNotFound(ref)
	}
	return a, nil
}

// CreateList creates a list of parentObject records with full workspace access.
func (s *Sim) CreateList(name, slug, parentObject string) (List, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	full := "full-access"
	l, e := s.newList(listSpec{name: name, slug: slug, parent: parentObject, workspaceAccess: &full,
		memberAccess: []memberAccess{}}, s.ownerActor(), s.clock.Now())
	if e != nil {
		return List{}, exportErr(e)
	}
	return s.exportList(l), nil
}

func (s *Sim) exportList(l *list) List {
	out := List{ID: l.id, Slug: l.slug, Name: l.name}
	for _, id := range l.parentObjectIDs {
		out.ParentObjects = append(out.ParentObjects, s.objectByID(id).slug)
	}
	return out
}
