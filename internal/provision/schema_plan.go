package provision

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attiotype"
	"toggl-attio-sync/internal/connection"
)

// SchemaOptions are the admin's choices for provisioning Attio.
type SchemaOptions struct {
	// CreateProjectsObject allows creating the projects object when Attio has none.
	CreateProjectsObject bool
	// TogglWorkspaceID and TogglWorkspaceName name the audit parent record (toggl_connections);
	// 0 leaves that record out of the plan.
	TogglWorkspaceID   int64
	TogglWorkspaceName string
}

// ItemKind says what a plan item is.
type ItemKind string

// Plan item kinds.
const (
	KindObject    ItemKind = "object"
	KindAttribute ItemKind = "attribute"
	KindList      ItemKind = "list"
	KindRecord    ItemKind = "record"
)

// ItemState is what provisioning found or will do.
type ItemState string

// Plan item states.
const (
	StateExists  ItemState = "exists"  // reused as it is
	StateCreate  ItemState = "create"  // Apply creates it
	StateProblem ItemState = "problem" // wrong type, archived, missing and not creatable: never touched
	StateBlocked ItemState = "blocked" // depends on something missing or wrong
)

// PlanItem is one object, attribute, list or record of the schema.
type PlanItem struct {
	Kind     ItemKind
	Parent   string // attribute: its object or list; list: its parent object; record: its object
	OnList   bool   // attribute of a list
	Slug     string
	Title    string
	Type     string // attribute type
	Unique   bool
	Multi    bool
	Ref      string // record-reference target object
	State    ItemState
	Note     string
	singular string       // object's singular noun (KindObject)
	values   attio.Values // record values (KindRecord)
	match    string       // record's matching attribute (KindRecord)
}

// Where names the item the way the console shows it, e.g. "projects.toggl_project_id".
func (it PlanItem) Where() string {
	switch it.Kind {
	case KindAttribute:
		return it.Parent + "." + it.Slug
	case KindRecord:
		return it.Parent + " record " + strconv.Quote(it.Title)
	}
	return it.Slug
}

// Describe is the item's shape, e.g. "text, unique" or "list of projects".
func (it PlanItem) Describe() string {
	switch it.Kind {
	case KindObject:
		return "object"
	case KindList:
		return "list of " + it.Parent
	case KindRecord:
		return "record"
	}
	s := it.Type
	if it.Ref != "" {
		s += " → " + it.Ref
	}
	if it.Unique {
		s += ", unique"
	}
	if it.Multi {
		s += ", multiselect"
	}
	return s
}

func (it PlanItem) String() string {
	s := fmt.Sprintf("%s %s (%s): %s", it.Kind, it.Where(), it.Describe(), it.State)
	if it.Note != "" {
		s += ": " + it.Note
	}
	return s
}

// SchemaPlan is what provisioning found in Attio and what it would create.
type SchemaPlan struct {
	Items []PlanItem
}

// ToCreate lists the items Apply creates.
func (p SchemaPlan) ToCreate() []PlanItem { return p.filter(StateCreate) }

// Problems lists the items that need the admin: wrong types, archived attributes, a missing
// object that may not be created. Apply never touches them.
func (p SchemaPlan) Problems() []PlanItem { return p.filter(StateProblem) }

// Blocked lists the items left out because something they depend on is a problem.
func (p SchemaPlan) Blocked() []PlanItem { return p.filter(StateBlocked) }

// Reused lists the items already in place.
func (p SchemaPlan) Reused() []PlanItem { return p.filter(StateExists) }

// UpToDate reports whether applying would change nothing and nothing is wrong.
func (p SchemaPlan) UpToDate() bool {
	return len(p.ToCreate()) == 0 && len(p.Problems()) == 0 && len(p.Blocked()) == 0
}

func (p SchemaPlan) filter(s ItemState) []PlanItem {
	var out []PlanItem
	for _, it := range p.Items {
		if it.State == s {
			out = append(out, it)
		}
	}
	return out
}

// PlanAttioSchema reads Attio's objects, lists and attributes (reads only) and compares them
// with what the connection's settings need.
func PlanAttioSchema(ctx context.Context, ac *attio.Client, settings connection.Settings, opt SchemaOptions) (SchemaPlan, error) {
	settings = settings.WithDefaults()
	d := desired(settings, opt)
	sp, err := readSchema(ctx, ac)
	if err != nil {
		return SchemaPlan{}, err
	}
	var plan SchemaPlan
	plan.Items = sp.planObjects(d.objects)
	for slug := range sp.objectID {
		if slices.ContainsFunc(d.objects, func(o wantObject) bool { return o.slug == slug }) {
			if err := sp.readAttributes(ctx, attio.Objects, slug); err != nil {
				return SchemaPlan{}, err
			}
		}
	}
	for _, a := range d.attrs {
		plan.Items = append(plan.Items, checkAttr(a, sp.usable, sp.existing["objects/"+a.parent], sp.objectID))
	}
	plan.Items = append(plan.Items, d.conflicts...)
	plan.Items = append(plan.Items, checkRules(settings, sp.existing["objects/"+settings.Schema.ProjectsObject], sp.usable)...)
	if opt.TogglWorkspaceID != 0 {
		it, err := planAuditParent(ctx, ac, opt, plan, sp.objectID)
		if err != nil {
			return SchemaPlan{}, err
		}
		plan.Items = append(plan.Items, it)
	}
	lists, err := sp.planLists(ctx, d.lists)
	if err != nil {
		return SchemaPlan{}, err
	}
	plan.Items = append(plan.Items, lists...)
	for _, a := range d.lattrs {
		listUsable := map[string]bool{a.parent: sp.usable["list:"+a.parent]}
		plan.Items = append(plan.Items, checkAttr(a, listUsable, sp.existing["lists/"+a.parent], sp.objectID))
	}
	return plan, nil
}

// schemaReading is what the workspace has, read once per plan.
type schemaReading struct {
	ac       *attio.Client
	objectID map[string]string                     // slug → id of objects that exist
	lists    map[string]attio.List                 // api slug → list
	existing map[string]map[string]attio.Attribute // "objects/<slug>" or "lists/<slug>" → slug → attribute
	usable   map[string]bool                       // objects (and "list:<slug>") that exist or will be created
}

func readSchema(ctx context.Context, ac *attio.Client) (*schemaReading, error) {
	objects, err := ac.ListObjects(ctx)
	if err != nil {
		return nil, err
	}
	lists, err := ac.ListLists(ctx)
	if err != nil {
		return nil, err
	}
	sp := &schemaReading{ac: ac, objectID: map[string]string{}, lists: map[string]attio.List{},
		existing: map[string]map[string]attio.Attribute{}, usable: map[string]bool{}}
	for _, o := range objects {
		sp.objectID[o.Slug()] = o.ID.ObjectID
	}
	for _, l := range lists {
		sp.lists[l.APISlug] = l
	}
	return sp, nil
}

func (sp *schemaReading) readAttributes(ctx context.Context, target attio.Target, parent string) error {
	attrs, err := sp.ac.ListAttributes(ctx, target, parent, attio.ListAttributesParams{ShowArchived: true})
	if err != nil {
		return err
	}
	m := map[string]attio.Attribute{}
	for _, a := range attrs {
		m[a.APISlug] = a
	}
	sp.existing[string(target)+"/"+parent] = m
	return nil
}

func (sp *schemaReading) planObjects(want []wantObject) []PlanItem {
	var items []PlanItem
	for _, o := range want {
		it := PlanItem{Kind: KindObject, Slug: o.slug, Title: o.plural, singular: o.singular}
		switch _, ok := sp.objectID[o.slug]; {
		case ok:
			it.State = StateExists
			sp.usable[o.slug] = true
		case o.mayCreate:
			it.State, it.Note = StateCreate, fmt.Sprintf("a new custom object %q / %q", o.singular, o.plural)
			sp.usable[o.slug] = true
		default:
			it.State, it.Note = StateProblem, o.missingNote
		}
		items = append(items, it)
	}
	return items
}

func (sp *schemaReading) planLists(ctx context.Context, want []wantList) ([]PlanItem, error) {
	var items []PlanItem
	for _, l := range want {
		it := PlanItem{Kind: KindList, Slug: l.slug, Title: l.name, Parent: l.parent}
		got, ok := sp.lists[l.slug]
		switch {
		case ok && parentMatches(got.ParentObject, l.parent, sp.objectID[l.parent]):
			it.State = StateExists
			sp.usable["list:"+l.slug] = true
			if err := sp.readAttributes(ctx, attio.Lists, l.slug); err != nil {
				return nil, err
			}
		case ok:
			it.State = StateProblem
			it.Note = fmt.Sprintf("Attio has a list %q whose parent is %v, not %s; a list's parent cannot change, so rename or remove that list in Attio", l.slug, got.ParentObject, l.parent)
		case !sp.usable[l.parent]:
			it.State, it.Note = StateBlocked, "needs the "+l.parent+" object"
		default:
			it.State = StateCreate
			sp.usable["list:"+l.slug] = true
		}
		items = append(items, it)
	}
	return items, nil
}

// parentMatches accepts a list parent given as a slug or an id (the spec's example uses slugs).
func parentMatches(parents []string, slug, id string) bool {
	return slices.Contains(parents, slug) || (id != "" && slices.Contains(parents, id))
}

// checkAttr compares one wanted attribute with what Attio has.
func checkAttr(a wantAttr, usable map[string]bool, have map[string]attio.Attribute, objectID map[string]string) PlanItem {
	it := PlanItem{Kind: KindAttribute, Parent: a.parent, OnList: a.onList, Slug: a.slug, Title: a.title, Type: a.typ,
		Unique: a.unique || a.wantUnique, Multi: a.multi, Ref: a.refObject}
	if !usable[a.parent] {
		it.State, it.Note = StateBlocked, "needs "+a.parent
		return it
	}
	got, ok := have[a.slug]
	if !ok {
		if a.refObject != "" && !usable[a.refObject] && objectID[a.refObject] == "" {
			it.State, it.Note = StateBlocked, "needs the "+a.refObject+" object"
			return it
		}
		it.State = StateCreate
		return it
	}
	it.Unique, it.Multi = got.IsUnique, got.IsMultiselect
	switch {
	case got.IsArchived:
		it.State, it.Note = StateProblem, "an archived attribute holds this slug in Attio; restore it there (provisioning never replaces attributes)"
	case got.Type != a.typ:
		it.State = StateProblem
		it.Note = fmt.Sprintf("Attio has it as %s, the sync needs %s; it is left as it is: rename it in Attio or change the field map", got.Type, a.typ)
		it.Type = got.Type
	case a.refObject != "" && !refAllows(got, objectID[a.refObject]):
		it.State = StateProblem
		it.Note = "it references other objects than " + a.refObject + "; it is left as it is"
	case a.unique && !got.IsUnique:
		it.State = StateProblem
		it.Note = "it must be unique (records are matched on it); make it unique in Attio"
	default:
		it.State = StateExists
		if a.wantUnique && !got.IsUnique {
			it.Note = "not unique in Attio: two records could carry the same id"
		}
	}
	return it
}

// refAllows reports whether a record-reference may point at the object with id target (an
// empty allowed list allows every object).
func refAllows(a attio.Attribute, target string) bool {
	ids := a.Config.RecordReference.AllowedObjectIDs
	return len(ids) == 0 || (target != "" && slices.Contains(ids, target))
}

// checkRules reports eligibility rules naming Project attributes Attio does not have:
// provisioning does not create them (they hold the admin's own types and statuses).
func checkRules(s connection.Settings, projects map[string]attio.Attribute, usable map[string]bool) []PlanItem {
	var out []PlanItem
	for _, r := range []struct{ slug, role string }{{s.Rules.TypeAttribute, "type"}, {s.Rules.StatusAttribute, "status"}} {
		if r.slug == "" || !usable[s.Schema.ProjectsObject] {
			continue
		}
		it := PlanItem{Kind: KindAttribute, Parent: s.Schema.ProjectsObject, Slug: r.slug, Title: "rule " + r.role}
		a, ok := projects[r.slug]
		switch {
		case !ok:
			it.State, it.Note = StateProblem, "the eligibility rules read the Project "+r.role+" from it, but Attio has no such attribute; create it in Attio or change the rules"
		case a.Type != attiotype.Select && a.Type != attiotype.Status && a.Type != attiotype.Text:
			it.Type, it.State = a.Type, StateProblem
			it.Note = "the eligibility rules need a select, status or text attribute here"
		default:
			it.Type, it.State, it.Note = a.Type, StateExists, "read by the eligibility rules"
		}
		out = append(out, it)
	}
	return out
}

// planAuditParent finds the toggl_connections record of this Toggl workspace (one read).
func planAuditParent(ctx context.Context, ac *attio.Client, opt SchemaOptions, plan SchemaPlan, objectID map[string]string) (PlanItem, error) {
	wid := strconv.FormatInt(opt.TogglWorkspaceID, 10)
	name := opt.TogglWorkspaceName
	if name == "" {
		name = "Toggl workspace " + wid
	}
	it := PlanItem{Kind: KindRecord, Parent: AuditParentObject, Slug: wid, Title: name, match: AuditParentMatch,
		values: attio.Values{}.Set("name", attio.Text(name)).Set(AuditParentMatch, attio.Text(wid))}
	for _, p := range plan.Items {
		if (p.Kind == KindObject && p.Slug == AuditParentObject || p.Kind == KindAttribute && p.Parent == AuditParentObject) &&
			p.State != StateExists && p.State != StateCreate {
			it.State, it.Note = StateBlocked, "needs "+p.Where()
			return it, nil
		}
	}
	if objectID[AuditParentObject] == "" {
		it.State = StateCreate
		return it, nil
	}
	for _, p := range plan.Items {
		if p.Kind == KindAttribute && p.Parent == AuditParentObject && p.Slug == AuditParentMatch && p.State == StateCreate {
			it.State = StateCreate
			return it, nil
		}
	}
	recs, err := ac.QueryRecords(ctx, AuditParentObject, attio.Query{Filter: attio.Filter{AuditParentMatch: wid}, Limit: 1})
	if err != nil {
		return PlanItem{}, err
	}
	if len(recs) == 1 {
		it.State, it.Note = StateExists, recs[0].ID.RecordID
		return it, nil
	}
	it.State = StateCreate
	return it, nil
}
