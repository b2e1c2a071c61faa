package attio

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"toggl-attio-sync/internal/attiotype"
)

// Actor is who made a change: type ∈ api-token|workspace-member|system|app; a system actor has
// a null id (docs/api/attio.md §3). Both fields are "" when null.
type Actor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// Value is one element of a record's values[slug] or an entry's entry_values[slug]: a value
// with its history window (active_until null = current) and the fields of its attribute_type
// (docs/api/attio.md §3 "Output (read) value shapes"). Fields of other types stay zero.
type Value struct {
	ActiveFrom     time.Time  `json:"active_from"`
	ActiveUntil    *time.Time `json:"active_until"`
	CreatedByActor Actor      `json:"created_by_actor"`
	AttributeType  string     `json:"attribute_type"`

	// Raw is the "value" field of text, number, checkbox, date, timestamp and rating values.
	Raw json.RawMessage `json:"value,omitempty"`
	// Currency: CurrencyValue is a number in the spec, a string ("499.00") in a docs example;
	// both decode. CurrencyCode may be null.
	CurrencyValue FlexFloat `json:"currency_value,omitempty"`
	CurrencyCode  *string   `json:"currency_code,omitempty"`
	// Select and status carry the option/status object (or only its id).
	Option *SelectOption `json:"option,omitempty"`
	Status *Status       `json:"status,omitempty"`
	// Record reference.
	TargetObject   string `json:"target_object,omitempty"`
	TargetRecordID string `json:"target_record_id,omitempty"`
	// Actor reference.
	ReferencedActorType string  `json:"referenced_actor_type,omitempty"`
	ReferencedActorID   *string `json:"referenced_actor_id,omitempty"`
	// Domain.
	Domain     string `json:"domain,omitempty"`
	RootDomain string `json:"root_domain,omitempty"`
	// Email address.
	OriginalEmailAddress string `json:"original_email_address,omitempty"`
	EmailAddress         string `json:"email_address,omitempty"`
	EmailDomain          string `json:"email_domain,omitempty"`
	// Personal name.
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	FullName  string `json:"full_name,omitempty"`
}

// IsActive reports whether this is a current value (active_until is null).
func (v Value) IsActive() bool { return v.ActiveUntil == nil }

// Text returns a text value.
func (v Value) Text() (string, bool) {
	var s string
	if v.AttributeType != attiotype.Text || json.Unmarshal(v.Raw, &s) != nil {
		return "", false
	}
	return s, true
}

// Number returns a number or rating value.
func (v Value) Number() (float64, bool) {
	var f float64
	if (v.AttributeType != attiotype.Number && v.AttributeType != attiotype.Rating) || json.Unmarshal(v.Raw, &f) != nil {
		return 0, false
	}
	return f, true
}

// Checkbox returns a checkbox value.
func (v Value) Checkbox() (bool, bool) {
	var b bool
	if v.AttributeType != attiotype.Checkbox || json.Unmarshal(v.Raw, &b) != nil {
		return false, false
	}
	return b, true
}

// Timestamp returns a timestamp value (always UTC).
func (v Value) Timestamp() (time.Time, bool) {
	var s string
	if v.AttributeType != attiotype.Timestamp || json.Unmarshal(v.Raw, &s) != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// Date returns a date value as midnight UTC of that day.
func (v Value) Date() (time.Time, bool) {
	var s string
	if v.AttributeType != attiotype.Date || json.Unmarshal(v.Raw, &s) != nil {
		return time.Time{}, false
	}
	t, err := time.Parse(DateLayout, s)
	return t, err == nil
}

// SelectTitle returns the option title of a select value ("" and false if only an id came back).
func (v Value) SelectTitle() (string, bool) {
	if v.AttributeType != attiotype.Select || v.Option == nil || v.Option.Title == "" {
		return "", false
	}
	return v.Option.Title, true
}

// StatusTitle returns the status title of a status value.
func (v Value) StatusTitle() (string, bool) {
	if v.AttributeType != attiotype.Status || v.Status == nil || v.Status.Title == "" {
		return "", false
	}
	return v.Status.Title, true
}

// Ref is a record-reference value.
type Ref struct {
	Object   string // target_object (slug)
	RecordID string // target_record_id
}

// RecordRef returns a record-reference value.
func (v Value) RecordRef() (Ref, bool) {
	if v.AttributeType != attiotype.RecordReference || v.TargetRecordID == "" {
		return Ref{}, false
	}
	return Ref{Object: v.TargetObject, RecordID: v.TargetRecordID}, true
}

// Currency returns a currency value's amount and code ("" if null).
func (v Value) Currency() (float64, string, bool) {
	if v.AttributeType != attiotype.Currency || !v.CurrencyValue.Valid {
		return 0, "", false
	}
	return v.CurrencyValue.Float, deref(v.CurrencyCode), true
}

// FlexFloat decodes a JSON number or a numeric string; Valid is false for null or absent.
type FlexFloat struct {
	Float float64
	Valid bool
}

func (n *FlexFloat) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*n = FlexFloat{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		*n = FlexFloat{Float: f, Valid: true}
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = FlexFloat{Float: f, Valid: true}
	return nil
}

func (n FlexFloat) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.Float)
}

// ValueMap is a record's "values" or an entry's "entry_values": api_slug → value history.
// Attio returns only active values on normal reads, but the map may hold historic ones (the
// values endpoint with show_historic), so the accessors below always pick active values.
type ValueMap map[string][]Value

// Active returns the current values of attr (several for a multiselect), in server order.
func (m ValueMap) Active(attr string) []Value {
	var out []Value
	for _, v := range m[attr] {
		if v.IsActive() {
			out = append(out, v)
		}
	}
	return out
}

// Current returns the first current value of attr.
func (m ValueMap) Current(attr string) (Value, bool) {
	for _, v := range m[attr] {
		if v.IsActive() {
			return v, true
		}
	}
	return Value{}, false
}

// Text is the current text of attr.
func (m ValueMap) Text(attr string) (string, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return "", false
	}
	return v.Text()
}

// Number is the current number (or rating) of attr.
func (m ValueMap) Number(attr string) (float64, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return 0, false
	}
	return v.Number()
}

// Checkbox is the current checkbox of attr.
func (m ValueMap) Checkbox(attr string) (bool, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return false, false
	}
	return v.Checkbox()
}

// Timestamp is the current timestamp of attr.
func (m ValueMap) Timestamp(attr string) (time.Time, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return time.Time{}, false
	}
	return v.Timestamp()
}

// Date is the current date of attr (midnight UTC).
func (m ValueMap) Date(attr string) (time.Time, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return time.Time{}, false
	}
	return v.Date()
}

// SelectTitle is the current option title of a single-select attr.
func (m ValueMap) SelectTitle(attr string) (string, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return "", false
	}
	return v.SelectTitle()
}

// SelectTitles are the current option titles of a (multi)select attr.
func (m ValueMap) SelectTitles(attr string) []string {
	var out []string
	for _, v := range m.Active(attr) {
		if t, ok := v.SelectTitle(); ok {
			out = append(out, t)
		}
	}
	return out
}

// StatusTitle is the current status title of attr.
func (m ValueMap) StatusTitle(attr string) (string, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return "", false
	}
	return v.StatusTitle()
}

// RecordRef is the current single record reference of attr.
func (m ValueMap) RecordRef(attr string) (Ref, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return Ref{}, false
	}
	return v.RecordRef()
}

// RecordRefs are all current record references of a multiselect attr.
func (m ValueMap) RecordRefs(attr string) []Ref {
	var out []Ref
	for _, v := range m.Active(attr) {
		if r, ok := v.RecordRef(); ok {
			out = append(out, r)
		}
	}
	return out
}

// Currency is the current amount and currency code of attr.
func (m ValueMap) Currency(attr string) (float64, string, bool) {
	v, ok := m.Current(attr)
	if !ok {
		return 0, "", false
	}
	return v.Currency()
}
