package attiosim

import "time"

// installStandardObjects creates Attio's five standard objects (docs/api/attio.md §2 "Exactly five:
// companies, people, deals, users, workspaces") with their writable attributes. Deals stay
// hidden unless Compat.DealsEnabled ("available in every Attio workspace, but disabled by
// default"). Enriched read-only attributes are left out.
func (s *Sim) installStandardObjects(now time.Time) {
	std := func(slug, singular, plural string) *object {
		o := &object{id: stableID(s.workspace.id + "/object/" + slug), slug: slug, singular: singular,
			plural: plural, createdAt: now, standard: true}
		s.objects = append(s.objects, o)
		return o
	}
	companies := std("companies", "Company", "Companies")
	people := std("people", "Person", "People")
	deals := std("deals", "Deal", "Deals")
	deals.hidden = !s.cfg.Compat.DealsEnabled
	users := std("users", "User", "Users")
	workspaces := std("workspaces", "Workspace", "Workspaces")

	add := func(o *object, sp attrSpec) *attribute {
		sp.system = true
		return s.addAttribute(targetObjects, o.id, sp, now)
	}
	system := func(o *object) {
		add(o, attrSpec{slug: "record_id", title: "Record ID", typ: typeText, readOnly: true, unique: true})
	}
	trailer := func(o *object) {
		add(o, attrSpec{slug: "created_at", title: "Created at", typ: typeTimestamp, readOnly: true})
		add(o, attrSpec{slug: "created_by", title: "Created by", typ: typeActorRef, readOnly: true})
	}
	refs := func(o ...*object) []string {
		ids := make([]string, len(o))
		for i, x := range o {
			ids[i] = x.id
		}
		return ids
	}

	// docs/api/attio.md §2 companies: "domains (domain; unique, multiselect), name (text), description
	// (text), team (record-reference, relationship ↔ people.company, multiselect), categories
	// (select, multiselect), primary_location (location), angellist|facebook|instagram|linkedin|twitter (text)".
	system(companies)
	add(companies, attrSpec{slug: "domains", title: "Domains", typ: typeDomain, unique: true, multiselect: true})
	add(companies, attrSpec{slug: "name", title: "Name", typ: typeText})
	add(companies, attrSpec{slug: "description", title: "Description", typ: typeText})
	team := add(companies, attrSpec{slug: "team", title: "Team", typ: typeRecordRef, multiselect: true, allowedObjects: refs(people)})
	add(companies, attrSpec{slug: "categories", title: "Categories", typ: typeSelect, multiselect: true,
		options: []string{"B2B", "B2C", "SaaS", "Agency", "Enterprise"}})
	add(companies, attrSpec{slug: "primary_location", title: "Primary location", typ: typeLocation})
	for _, social := range []string{"angellist", "facebook", "instagram", "linkedin", "twitter"} {
		add(companies, attrSpec{slug: social, title: social, typ: typeText})
	}
	trailer(companies)

	// docs/api/attio.md §2 people: "email_addresses (email-address; unique, multiselect), name
	// (personal-name), company (record-reference ↔ companies.team), description, job_title,
	// phone_numbers (multiselect), primary_location, socials".
	system(people)
	add(people, attrSpec{slug: "name", title: "Name", typ: typePersonalName})
	add(people, attrSpec{slug: "email_addresses", title: "Email addresses", typ: typeEmail, unique: true, multiselect: true})
	company := add(people, attrSpec{slug: "company", title: "Company", typ: typeRecordRef, allowedObjects: refs(companies)})
	add(people, attrSpec{slug: "description", title: "Description", typ: typeText})
	add(people, attrSpec{slug: "job_title", title: "Job title", typ: typeText})
	add(people, attrSpec{slug: "phone_numbers", title: "Phone numbers", typ: typePhone, multiselect: true})
	add(people, attrSpec{slug: "primary_location", title: "Primary location", typ: typeLocation})
	for _, social := range []string{"linkedin", "twitter"} {
		add(people, attrSpec{slug: social, title: social, typ: typeText})
	}
	trailer(people)
	team.relationship, company.relationship = company, team

	// docs/api/attio.md §2 deals: "name (text, required), stage (status, required; defaults "Lead",
	// "In Progress", "Won 🎉", "Lost"), owner (actor-reference, required), value (currency,
	// default USD), associated_people, associated_company".
	usd, symbol := "USD", "symbol"
	system(deals)
	add(deals, attrSpec{slug: "name", title: "Deal name", typ: typeText, required: true})
	add(deals, attrSpec{slug: "stage", title: "Deal stage", typ: typeStatus, required: true,
		statuses: []string{"Lead", "In Progress", "Won 🎉", "Lost"}})
	add(deals, attrSpec{slug: "owner", title: "Deal owner", typ: typeActorRef, required: true})
	add(deals, attrSpec{slug: "value", title: "Deal value", typ: typeCurrency, currencyCode: &usd, currencyDisplay: &symbol})
	add(deals, attrSpec{slug: "associated_people", title: "Associated people", typ: typeRecordRef, multiselect: true, allowedObjects: refs(people)})
	add(deals, attrSpec{slug: "associated_company", title: "Associated company", typ: typeRecordRef, allowedObjects: refs(companies)})
	trailer(deals)

	// users and workspaces are matched by user_id / workspace_id (docs/api/attio.md §3 record-reference
	// "user_id for users, workspace_id for workspaces").
	system(users)
	add(users, attrSpec{slug: "user_id", title: "User ID", typ: typeText, unique: true})
	add(users, attrSpec{slug: "primary_email_address", title: "Primary email address", typ: typeEmail, unique: true})
	add(users, attrSpec{slug: "person", title: "Person", typ: typeRecordRef, allowedObjects: refs(people)})
	add(users, attrSpec{slug: "workspace", title: "Workspace", typ: typeRecordRef, multiselect: true, allowedObjects: refs(workspaces)})
	trailer(users)

	system(workspaces)
	add(workspaces, attrSpec{slug: "workspace_id", title: "Workspace ID", typ: typeText, unique: true})
	add(workspaces, attrSpec{slug: "name", title: "Name", typ: typeText})
	add(workspaces, attrSpec{slug: "users", title: "Users", typ: typeRecordRef, multiselect: true, allowedObjects: refs(users)})
	add(workspaces, attrSpec{slug: "company", title: "Company", typ: typeRecordRef, allowedObjects: refs(companies)})
	trailer(workspaces)
}
