package routing

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Wildcard on either side of an Exclusion matches any value, including an empty one.
const Wildcard = "*"

// maxSlugLen bounds attribute identifiers; Attio slugs are short snake_case words or UUIDs.
const maxSlugLen = 128

// Rules are one connection's eligibility rules (docs/ARCHITECTURE.md "Routing a time entry" step 3): which
// Attio Project attributes hold the type and the status, and which type × status combinations
// may not receive time.
type Rules struct {
	TypeAttribute   string      `json:"type_attribute"`
	StatusAttribute string      `json:"status_attribute"`
	Exclusions      []Exclusion `json:"exclusions"`
}

// Exclusion is one forbidden type × status combination. Values are the Attio option or status
// titles; comparison ignores case and surrounding spaces because titles are typed by people.
type Exclusion struct {
	Type   string `json:"type"`
	Status string `json:"status"`
}

// String renders the exclusion the way the console and the decision steps show it.
func (e Exclusion) String() string {
	return "type " + display(e.Type) + " + status " + display(e.Status)
}

func display(v string) string {
	if v == Wildcard {
		return "any"
	}
	return v
}

// Validate reports the first problem that would make the rules misleading: an attribute
// identifier that cannot be an Attio slug or id, an exclusion naming a type (status) while no
// type (status) attribute is chosen, an empty side (use "*"), "* + *" (it would exclude every
// Project, which is surely a slip), or a duplicate.
func (r Rules) Validate() error {
	for _, a := range []struct{ name, slug string }{{"type attribute", r.TypeAttribute}, {"status attribute", r.StatusAttribute}} {
		if a.slug != "" && !validSlug(a.slug) {
			return fmt.Errorf("%s %q is not an Attio attribute slug or id", a.name, a.slug)
		}
	}
	if r.TypeAttribute != "" && r.TypeAttribute == r.StatusAttribute {
		return errors.New("type and status attribute must differ")
	}
	seen := make(map[Exclusion]int, len(r.Exclusions))
	for i, e := range r.Exclusions {
		n := i + 1
		t, s := normalize(e.Type), normalize(e.Status)
		switch {
		case t == "" || s == "":
			return fmt.Errorf("rule #%d: type and status must both be set (use %q for any)", n, Wildcard)
		case t == Wildcard && s == Wildcard:
			return fmt.Errorf("rule #%d: %q + %q would exclude every Project", n, Wildcard, Wildcard)
		case t != Wildcard && r.TypeAttribute == "":
			return fmt.Errorf("rule #%d names type %q but no type attribute is chosen", n, e.Type)
		case s != Wildcard && r.StatusAttribute == "":
			return fmt.Errorf("rule #%d names status %q but no status attribute is chosen", n, e.Status)
		}
		key := Exclusion{Type: t, Status: s}
		if prev, dup := seen[key]; dup {
			return fmt.Errorf("rule #%d repeats rule #%d", n, prev)
		}
		seen[key] = n
	}
	return nil
}

// Match returns the 1-based number of the first exclusion matching a Project's type and status
// values, or 0 when the Project is eligible.
func (r Rules) Match(typeValue, statusValue string) int {
	t, s := normalize(typeValue), normalize(statusValue)
	for i, e := range r.Exclusions {
		if sideMatches(e.Type, t) && sideMatches(e.Status, s) {
			return i + 1
		}
	}
	return 0
}

func sideMatches(rule, value string) bool {
	r := normalize(rule)
	return r == Wildcard || (r != "" && r == value)
}

func normalize(v string) string { return strings.ToLower(strings.TrimSpace(v)) }

func validSlug(s string) bool {
	if len(s) > maxSlugLen {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// ParseRules decodes rules stored by json.Marshal, rejecting unknown keys and invalid rules so a
// typo in stored JSON cannot silently drop an exclusion.
func ParseRules(data []byte) (Rules, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Rules
	if err := dec.Decode(&r); err != nil {
		return Rules{}, fmt.Errorf("routing rules: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Rules{}, errors.New("routing rules: trailing data after the JSON object")
	}
	if err := r.Validate(); err != nil {
		return Rules{}, fmt.Errorf("routing rules: %w", err)
	}
	return r, nil
}
