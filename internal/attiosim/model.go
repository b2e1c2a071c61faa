package attiosim

import "time"

// actor is who made a change (docs/api/attio.md §3 "created_by_actor.type ∈ api-token|workspace-member|
// system|app; system actor has "id": null").
type actor struct {
	Type string
	ID   string // "" is written as null
}

func (a actor) json() map[string]any {
	var id any
	if a.ID != "" {
		id = a.ID
	}
	return map[string]any{"type": a.Type, "id": id}
}

var systemActor = actor{Type: "system"}

// Attribute value types (docs/api/attio.md §2 "Attribute type enum").
const (
	typeText           = "text"
	typeNumber         = "number"
	typeCheckbox       = "checkbox"
	typeCurrency       = "currency"
	typeDate           = "date"
	typeTimestamp      = "timestamp"
	typeRating         = "rating"
	typeStatus         = "status"
	typeSelect         = "select"
	typeRecordRef      = "record-reference"
	typeActorRef       = "actor-reference"
	typeLocation       = "location"
	typeDomain         = "domain"
	typeEmail          = "email-address"
	typePhone          = "phone-number"
	typeInteraction    = "interaction"
	typePersonalName   = "personal-name"
	targetObjects      = "objects"
	targetLists        = "lists"
	parentRecordAttr   = "parent_record" // docs/api/attio.md §3 "parent_record is a special attribute on every list entry"
	recordIDAttr       = "record_id"
	entryIDFilterField = "entry_id"
)

// object is an Attio object: standard or custom (docs/api/attio.md §2 Objects).
type object struct {
	id, slug, singular, plural string
	createdAt                  time.Time
	standard                   bool
	hidden                     bool // deals while not activated
	attrs                      []*attribute
}

// list is an Attio list (docs/api/attio.md §4 Lists).
type list struct {
	id, slug, name  string
	parentObjectIDs []string
	workspaceAccess *string
	memberAccess    []memberAccess
	createdBy       actor
	createdAt       time.Time
	attrs           []*attribute
}

type memberAccess struct {
	MemberID string `json:"workspace_member_id"`
	Level    string `json:"level"`
}

// attribute belongs to an object or a list (docs/api/attio.md §2 Attributes).
type attribute struct {
	id          string
	parentID    string // object or list id
	target      string // targetObjects | targetLists
	title, slug string
	description *string
	typ         string
	system      bool
	writable    bool
	required    bool
	unique      bool
	multiselect bool
	archived    bool
	createdAt   time.Time

	defaultValue     map[string]any // nil, {"type":"dynamic",…} or {"type":"static",…}
	allowedObjectIDs []string       // record-reference: nil allows every object
	currencyCode     *string
	currencyDisplay  *string
	options          []*selectOption
	statuses         []*statusDef
	relationship     *attribute // inverse side of a two-way relationship
}

type selectOption struct {
	id, title string
	archived  bool
}

type statusDef struct {
	id, title          string
	archived           bool
	celebrationEnabled bool
	targetTime         *string
}

// value is one stored value with its history window (docs/api/attio.md §3 "Store values as history
// (active_from/active_until); reads show active values only").
type value struct {
	fields      map[string]any // type-specific fields; select/status keep ids, references keep object ids
	activeFrom  time.Time
	activeUntil *time.Time
	actor       actor
}

func (v *value) active() bool { return v.activeUntil == nil }

// valueOwner is a record or a list entry: both hold attribute values with history.
type valueOwner interface {
	ownerValues() map[string][]*value
}

type record struct {
	id        string
	obj       *object
	createdAt time.Time
	createdBy actor
	seq       int64
	values    map[string][]*value // by attribute id, oldest first
}

func (r *record) ownerValues() map[string][]*value { return r.values }

type entry struct {
	id             string
	list           *list
	parentObj      *object
	parentRecordID string
	createdAt      time.Time
	createdBy      actor
	seq            int64
	values         map[string][]*value
}

func (e *entry) ownerValues() map[string][]*value { return e.values }

// activeValues returns the currently active values of attribute a.
func activeValues(o valueOwner, a *attribute) []*value {
	var out []*value
	for _, v := range o.ownerValues()[a.id] {
		if v.active() {
			out = append(out, v)
		}
	}
	return out
}

type member struct {
	id, first, last, email, accessLevel string
	createdAt                           time.Time
}
