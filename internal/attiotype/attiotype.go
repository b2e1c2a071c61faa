// Package attiotype names Attio's attribute types (docs/api/attio.md §2 "Attribute type
// enum"), the values of an attribute's "type" and of a value's "attribute_type".
//
// They live in a leaf package of their own because two packages that must not depend on each
// other both need them: the attio client (creating attributes, reading typed values) and
// fieldmap (which Toggl source fits which attribute), which is pure rendering logic and should
// not import an HTTP client. The emulator, internal/attiosim, keeps its own copy on purpose:
// it models the server from the spec, independently of the client it is used to check.
package attiotype

// Attribute types. Interaction and personal-name cannot be created through the API.
const (
	Text            = "text"
	Number          = "number"
	Checkbox        = "checkbox"
	Currency        = "currency"
	Date            = "date"
	Timestamp       = "timestamp"
	Rating          = "rating"
	Status          = "status"
	Select          = "select"
	RecordReference = "record-reference"
	ActorReference  = "actor-reference"
	Location        = "location"
	Domain          = "domain"
	EmailAddress    = "email-address"
	PhoneNumber     = "phone-number"
	Interaction     = "interaction"
	PersonalName    = "personal-name"
)
