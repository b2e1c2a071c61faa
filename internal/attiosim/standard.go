package attiosim

import (
	"slices"
	"time"
)

// standardObject is one of Attio's standard objects as installed: its names and the attributes
// between the record_id every object opens with and the created_at / created_by it closes with.
type standardObject struct {
	slug, singular, plural string
	// disabledByDefault: docs/api/attio.md §2 deals are "available in every Attio workspace, but
	// disabled by default", so they stay hidden unless Compat.DealsEnabled.
	disabledByDefault bool
	attrs             []standardAttr
}

// standardAttr is an attribute of a standard object. A record reference names the objects it
// may target by slug (targets) and the other side of a two-way relationship as
// "object.attribute" (inverse); both are resolved to the installed ones.
type standardAttr struct {
	attrSpec
	targets []string
	inverse string
}

// standardHead and standardTail are the read-only attributes every standard object opens and
// closes with.
var (
	standardHead = []standardAttr{
		{attrSpec: attrSpec{slug: "record_id", title: "Record ID", typ: typeText, readOnly: true, unique: true}},
	}
	standardTail = []standardAttr{
		{attrSpec: attrSpec{slug: "created_at", title: "Created at", typ: typeTimestamp, readOnly: true}},
		{attrSpec: attrSpec{slug: "created_by", title: "Created by", typ: typeActorRef, readOnly: true}},
	}
)

// standardObjects is the table of Attio's five standard objects (docs/api/attio.md §2 "Exactly five:
// companies, people, deals, users, workspaces") with their writable attributes, in install
// order. Enriched read-only attributes are left out. It is built per call, so no two
// workspaces share the currency pointers an attribute keeps.
func standardObjects() []standardObject {
	text := func(slug, title string) standardAttr {
		return standardAttr{attrSpec: attrSpec{slug: slug, title: title, typ: typeText}}
	}
	ref := func(slug, title string, multiselect bool, targets ...string) standardAttr {
		return standardAttr{attrSpec: attrSpec{slug: slug, title: title, typ: typeRecordRef, multiselect: multiselect}, targets: targets}
	}
	usd, symbol := "USD", "symbol"
	team, company := ref("team", "Team", true, "people"), ref("company", "Company", false, "companies")
	team.inverse, company.inverse = "people.company", "companies.team"
	return []standardObject{
		// docs/api/attio.md §2 companies: "domains (domain; unique, multiselect), name (text), description
		// (text), team (record-reference, relationship ↔ people.company, multiselect), categories
		// (select, multiselect), primary_location (location), angellist|facebook|instagram|linkedin|twitter (text)".
		{slug: "companies", singular: "Company", plural: "Companies", attrs: []standardAttr{
			{attrSpec: attrSpec{slug: "domains", title: "Domains", typ: typeDomain, unique: true, multiselect: true}},
			text("name", "Name"),
			text("description", "Description"),
			team,
			{attrSpec: attrSpec{slug: "categories", title: "Categories", typ: typeSelect, multiselect: true,
				options: []string{"B2B", "B2C", "SaaS", "Agency", "Enterprise"}}},
			{attrSpec: attrSpec{slug: "primary_location", title: "Primary location", typ: typeLocation}},
			text("angellist", "angellist"), text("facebook", "facebook"), text("instagram", "instagram"),
			text("linkedin", "linkedin"), text("twitter", "twitter"),
		}},
		// docs/api/attio.md §2 people: "email_addresses (email-address; unique, multiselect), name
		// (personal-name), company (record-reference ↔ companies.team), description, job_title,
		// phone_numbers (multiselect), primary_location, socials".
		{slug: "people", singular: "Person", plural: "People", attrs: []standardAttr{
			{attrSpec: attrSpec{slug: "name", title: "Name", typ: typePersonalName}},
			{attrSpec: attrSpec{slug: "email_addresses", title: "Email addresses", typ: typeEmail, unique: true, multiselect: true}},
			company,
			text("description", "Description"),
			text("job_title", "Job title"),
			{attrSpec: attrSpec{slug: "phone_numbers", title: "Phone numbers", typ: typePhone, multiselect: true}},
			{attrSpec: attrSpec{slug: "primary_location", title: "Primary location", typ: typeLocation}},
			text("linkedin", "linkedin"), text("twitter", "twitter"),
		}},
		// docs/api/attio.md §2 deals: "name (text, required), stage (status, required; defaults "Lead",
		// "In Progress", "Won 🎉", "Lost"), owner (actor-reference, required), value (currency,
		// default USD), associated_people, associated_company".
		{slug: "deals", singular: "Deal", plural: "Deals", disabledByDefault: true, attrs: []standardAttr{
			{attrSpec: attrSpec{slug: "name", title: "Deal name", typ: typeText, required: true}},
			{attrSpec: attrSpec{slug: "stage", title: "Deal stage", typ: typeStatus, required: true,
				statuses: []string{"Lead", "In Progress", "Won 🎉", "Lost"}}},
			{attrSpec: attrSpec{slug: "owner", title: "Deal owner", typ: typeActorRef, required: true}},
			{attrSpec: attrSpec{slug: "value", title: "Deal value", typ: typeCurrency, currencyCode: &usd, currencyDisplay: &symbol}},
			ref("associated_people", "Associated people", true, "people"),
			ref("associated_company", "Associated company", false, "companies"),
		}},
		// users and workspaces are matched by user_id / workspace_id (docs/api/attio.md §3 record-reference
		// "user_id for users, workspace_id for workspaces").
		{slug: "users", singular: "User", plural: "Users", attrs: []standardAttr{
			{attrSpec: attrSpec{slug: "user_id", title: "User ID", typ: typeText, unique: true}},
			{attrSpec: attrSpec{slug: "primary_email_address", title: "Primary email address", typ: typeEmail, unique: true}},
			ref("person", "Person", false, "people"),
			ref("workspace", "Workspace", true, "workspaces"),
		}},
		{slug: "workspaces", singular: "Workspace", plural: "Workspaces", attrs: []standardAttr{
			{attrSpec: attrSpec{slug: "workspace_id", title: "Workspace ID", typ: typeText, unique: true}},
			text("name", "Name"),
			ref("users", "Users", true, "users"),
			ref("company", "Company", false, "companies"),
		}},
	}
}

// installStandardObjects creates the objects of standardObjects, then their attributes, each
// object's between standardHead and standardTail. All objects exist before
// any attribute, so a record reference can target an object installed after its own.
func (s *Sim) installStandardObjects(now time.Time) {
	table := standardObjects()
	bySlug := map[string]*object{}
	for _, so := range table {
		o := &object{id: stableID(s.workspace.id + "/object/" + so.slug), slug: so.slug, singular: so.singular,
			plural: so.plural, createdAt: now, standard: true, hidden: so.disabledByDefault && !s.cfg.Compat.DealsEnabled}
		s.objects = append(s.objects, o)
		bySlug[so.slug] = o
	}
	installed := map[string]*attribute{} // by "object.attribute"
	for _, so := range table {
		o := bySlug[so.slug]
		for _, sa := range slices.Concat(standardHead, so.attrs, standardTail) {
			sp := sa.attrSpec
			sp.system = true
			for _, target := range sa.targets {
				sp.allowedObjects = append(sp.allowedObjects, bySlug[target].id)
			}
			installed[so.slug+"."+sp.slug] = s.addAttribute(targetObjects, o.id, sp, now)
		}
	}
	// Two-way relationships (docs/api/attio.md checklist "relationship pairs (company.team ↔
	// person.company) update both sides") point at each other once both sides exist.
	for _, so := range table {
		for _, sa := range so.attrs {
			if sa.inverse != "" {
				installed[so.slug+"."+sa.slug].relationship = installed[sa.inverse]
			}
		}
	}
}
