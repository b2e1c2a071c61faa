// Package fieldmap renders Toggl entities into Attio attribute values: list entry_values for the
// toggl_time_entries list, record values for Projects and toggl_clients. It is pure: names come
// from the caller's cache, the clock from Source.Now.
//
// Every rendered value is an array (docs/api/contract-testing.md "values must be arrays"),
// holding bare input values as docs/api/attio.md §3 "Writing values" allows: a string for
// text/select/status/timestamp/date, a number, a bool. A field with no value renders as [], which
// clears the attribute, so an update never leaves a stale value behind. Escaping for display is
// the console's job; values here are data.
package fieldmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"toggl-attio-sync/internal/attiotype"
)

// Field copies one Toggl source into one Attio attribute.
type Field struct {
	Source string `json:"source"`          // a SourceInfo.Path, e.g. "time_entry.duration_hours"
	Target string `json:"target"`          // Attio attribute api_slug
	Type   string `json:"type"`            // Attio attribute type (attiotype), e.g. "number"
	Title  string `json:"title,omitempty"` // attribute title for provisioning; default from the source
}

// Map is an ordered list of fields, stored per connection as JSON.
type Map []Field

// accepts lists, per writable attribute type, the source kinds it can hold. Types missing here
// exist in Attio but no Toggl field fits them (references, locations, names, ratings...).
var accepts = map[string][]Kind{
	attiotype.Text:      {KindText, KindInteger, KindNumber, KindBool, KindTime, KindTextList},
	attiotype.Number:    {KindInteger, KindNumber},
	attiotype.Currency:  {KindInteger, KindNumber},
	attiotype.Checkbox:  {KindBool},
	attiotype.Timestamp: {KindTime},
	attiotype.Date:      {KindTime},
	// Select values must be existing option titles; Attio never creates options on write
	// (docs/api/attio.md §3 "select ... never auto-creates an option").
	attiotype.Select: {KindText, KindTextList},
	attiotype.Status: {KindText},
}

var attioTypes = map[string]bool{
	attiotype.Text: true, attiotype.Number: true, attiotype.Checkbox: true, attiotype.Currency: true, attiotype.Date: true,
	attiotype.Timestamp: true, attiotype.Rating: true, attiotype.Status: true, attiotype.Select: true,
	attiotype.RecordReference: true, attiotype.ActorReference: true, attiotype.Location: true, attiotype.Domain: true,
	attiotype.EmailAddress: true, attiotype.PhoneNumber: true, attiotype.Interaction: true, attiotype.PersonalName: true,
}

// Compatible reports whether a source kind can be written into an attribute of attrType.
func Compatible(kind Kind, attrType string) bool {
	for _, k := range accepts[attrType] {
		if k == kind {
			return true
		}
	}
	return false
}

// FieldError codes.
const (
	CodeUnknownSource    = "unknown_source"
	CodeBadTarget        = "bad_target"
	CodeDuplicateTarget  = "duplicate_target"
	CodeUnknownType      = "unknown_type"
	CodeUnsupportedType  = "unsupported_type"
	CodeIncompatible     = "incompatible"
	CodeMissingAttribute = "missing_attribute" // the attribute must be provisioned first
	CodeTypeMismatch     = "type_mismatch"     // Attio has the attribute with another type
)

// FieldError is one problem with one field, shown beside it in the field map editor.
type FieldError struct {
	Index   int // position in the Map
	Source  string
	Target  string
	Code    string
	Message string
}

func (e FieldError) Error() string {
	return fmt.Sprintf("field #%d (%s → %s): %s", e.Index+1, e.Source, e.Target, e.Message)
}

// Validate checks every field: known source, valid and unique target slug, known and writable
// type, and a source kind that fits the type (a boolean cannot go into a timestamp). With
// attributeTypes (api_slug → Attio type, as read from the object or list), it also reports
// targets Attio does not have yet (CodeMissingAttribute: reprovisioning needed) and targets whose
// real type differs from the declared one. It returns nil when the map is usable.
func (m Map) Validate(attributeTypes map[string]string) []FieldError {
	var errs []FieldError
	seen := make(map[string]int, len(m))
	for i, f := range m {
		add := func(code, format string, args ...any) {
			errs = append(errs, FieldError{Index: i, Source: f.Source, Target: f.Target, Code: code, Message: fmt.Sprintf(format, args...)})
		}
		src, known := byPath[f.Source]
		if !known {
			add(CodeUnknownSource, "%q is not a Toggl field this service reads", f.Source)
		}
		if !validSlug(f.Target) {
			add(CodeBadTarget, "%q is not an Attio api_slug (lowercase letters, digits, underscores)", f.Target)
		} else if prev, dup := seen[f.Target]; dup {
			add(CodeDuplicateTarget, "attribute %q is already written by field #%d", f.Target, prev+1)
		} else {
			seen[f.Target] = i
		}
		switch {
		case !attioTypes[f.Type]:
			add(CodeUnknownType, "%q is not an Attio attribute type", f.Type)
			continue
		case accepts[f.Type] == nil:
			add(CodeUnsupportedType, "%s attributes cannot be filled from Toggl fields", f.Type)
			continue
		case known && !Compatible(src.Kind, f.Type):
			add(CodeIncompatible, "%s is %s; it cannot go into a %s attribute", f.Source, kindPhrase(src.Kind), f.Type)
		}
		if attributeTypes == nil || !validSlug(f.Target) {
			continue
		}
		actual, exists := attributeTypes[f.Target]
		switch {
		case !exists:
			add(CodeMissingAttribute, "Attio has no attribute %q yet; provisioning will create it as %s", f.Target, f.Type)
		case actual != f.Type:
			msg := fmt.Sprintf("Attio's %q is a %s attribute, not %s", f.Target, actual, f.Type)
			if known && !Compatible(src.Kind, actual) {
				msg += fmt.Sprintf(", and %s (%s) cannot go into a %s", f.Source, kindPhrase(src.Kind), actual)
			}
			add(CodeTypeMismatch, "%s", msg)
		}
	}
	return errs
}

func kindPhrase(k Kind) string {
	switch k {
	case KindText:
		return "text"
	case KindInteger:
		return "a whole number"
	case KindNumber:
		return "a number"
	case KindBool:
		return "a boolean"
	case KindTime:
		return "a point in time"
	case KindTextList:
		return "a list of texts"
	}
	return string(k)
}

// maxSlugLen keeps targets to sane Attio slugs.
const maxSlugLen = 128

// validSlug accepts snake_case api_slugs: a lowercase letter, then lowercase letters, digits, _.
func validSlug(s string) bool {
	if s == "" || len(s) > maxSlugLen || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ParseMap decodes a stored map strictly (unknown keys rejected) and validates it without
// Attio's attribute types.
func ParseMap(data []byte) (Map, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Map
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidMap, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the JSON array", ErrInvalidMap)
	}
	if errs := m.Validate(nil); len(errs) > 0 {
		return nil, fmt.Errorf("%w: %w", ErrInvalidMap, errors.Join(asErrors(errs)...))
	}
	return m, nil
}

func asErrors(errs []FieldError) []error {
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = e
	}
	return out
}
