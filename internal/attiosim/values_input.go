package attiosim

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// parseInput turns one written value into stored fields, per docs/api/attio.md §3 "Writing values (request
// values / entry_values)". writer and now serve dynamic defaults only.
func (s *Sim) parseInput(a *attribute, raw any, writer actor, now time.Time) (map[string]any, *apiError) {
	bad := func(expected string) *apiError {
		return errValidation("Invalid value for attribute \"%s\" of type %s: expected %s, received %s.",
			a.slug, a.typ, expected, jsonType(raw))
	}
	switch a.typ {
	case typeText:
		// "text: "foo" or {"value":"foo"}".
		v, ok := unwrap(raw, "value").(string)
		if !ok {
			return nil, bad("a string")
		}
		return map[string]any{"value": v}, nil
	case typeNumber, typeRating:
		return parseNumber(a, raw, bad)
	case typeCheckbox:
		return parseCheckbox(raw, bad)
	case typeCurrency:
		return s.parseCurrency(a, raw, bad)
	case typeDate:
		return parseDateInput(raw, bad)
	case typeTimestamp:
		return parseTimestampInput(raw, bad)
	case typeSelect:
		return parseSelect(a, raw, bad)
	case typeStatus:
		return parseStatus(a, raw, bad)
	case typeRecordRef:
		return s.parseReference(a, raw, bad)
	case typeActorRef:
		return s.parseActorRef(a, raw, writer, bad)
	case typeDomain:
		return parseDomain(raw, bad)
	case typeEmail:
		str, ok := unwrap(raw, "email_address").(string)
		if !ok {
			return nil, bad("an email address")
		}
		return parseEmail(str, bad)
	case typePhone:
		return parsePhone(raw, bad)
	case typePersonalName:
		return parseName(raw, bad)
	case typeLocation:
		return parseLocation(raw, bad)
	}
	return nil, errValidation("Attributes of type %s cannot be written.", a.typ)
}

// parseNumber: docs/api/attio.md §3 "number / rating: 42 or {"value":42}"; a rating is a whole
// number ("rating value 0–5").
func parseNumber(a *attribute, raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	v, ok := unwrap(raw, "value").(float64)
	if a.typ == typeRating {
		if !ok || v != math.Trunc(v) || v < 0 || v > 5 {
			return nil, bad("an integer from 0 to 5")
		}
	} else if !ok {
		return nil, bad("a number")
	}
	return map[string]any{"value": v}, nil
}

// parseCheckbox: docs/api/attio.md §3 "checkbox: true or {"value":true} ('true'/'false' strings
// also accepted)".
func parseCheckbox(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	switch b := unwrap(raw, "value").(type) {
	case bool:
		return map[string]any{"value": b}, nil
	case string:
		if b == "true" || b == "false" {
			return map[string]any{"value": b == "true"}, nil
		}
	}
	return nil, bad("a boolean")
}

// parseDateInput reads a date value, stored as YYYY-MM-DD (see parseDate).
func parseDateInput(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	str, ok := unwrap(raw, "value").(string)
	if !ok {
		return nil, bad("a date string")
	}
	d, ok := parseDate(str)
	if !ok {
		return nil, bad("a date like 2023-01-01")
	}
	return map[string]any{"value": d}, nil
}

// parseTimestampInput reads a timestamp value, stored in the full UTC form (see parseTimestamp).
func parseTimestampInput(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	str, ok := unwrap(raw, "value").(string)
	if !ok {
		return nil, bad("an ISO 8601 timestamp")
	}
	t, ok := parseTimestamp(str)
	if !ok {
		return nil, bad("an ISO 8601 timestamp")
	}
	return map[string]any{"value": formatTime(t)}, nil
}

// parseSelect: docs/api/attio.md §3 "select: option title string … or {"option":"<title or
// option_id>"}; unknown title/ID → error, never auto-creates an option".
func parseSelect(a *attribute, raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	ref, ok := unwrap(raw, "option").(string)
	if !ok {
		return nil, bad("an option title or id")
	}
	o := findOption(a, ref)
	if o == nil || o.archived {
		return nil, errValueNotFound("Cannot find select attribute with select option title \"%s\".", ref)
	}
	return map[string]any{"option": o.id}, nil
}

// parseStatus: docs/api/attio.md §3 "status: title string ("Lead") or {"status":"<title or
// status_id>"}; unknown → error".
func parseStatus(a *attribute, raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	ref, ok := unwrap(raw, "status").(string)
	if !ok {
		return nil, bad("a status title or id")
	}
	st := findStatus(a, ref)
	if st == nil || st.archived {
		return nil, errValueNotFound("Cannot find status attribute with status title \"%s\".", ref)
	}
	return map[string]any{"status": st.id}, nil
}

// parseDomain reads a domain, stored normalized with its root domain beside it.
func parseDomain(raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	str, ok := unwrap(raw, "domain").(string)
	if !ok {
		return nil, bad("a domain")
	}
	d := normalizeDomain(str)
	if d == "" || !strings.Contains(d, ".") {
		return nil, bad("a domain like example.com")
	}
	return map[string]any{"domain": d, "root_domain": rootDomain(d)}, nil
}

// unwrap returns m[key] when raw is an object holding only key, else raw itself.
func unwrap(raw any, key string) any {
	m, ok := raw.(map[string]any)
	if !ok {
		return raw
	}
	if v, ok := m[key]; ok && len(m) == 1 {
		return v
	}
	return raw
}

// parseCurrency: docs/api/attio.md §3 "currency: 4.99, "4.99", or {"currency_value":4.99}; It is not
// possible to specify the currency_code since this is inherited from the attribute".
func (s *Sim) parseCurrency(a *attribute, raw any, bad func(string) *apiError) (map[string]any, *apiError) {
	if m, ok := raw.(map[string]any); ok {
		if _, has := m["currency_code"]; has {
			return nil, errValidation("It is not possible to specify the currency_code; it is inherited from the attribute \"%s\".", a.slug)
		}
	}
	var amount float64
	switch v := unwrap(raw, "currency_value").(type) {
	case float64:
		amount = v
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return nil, bad("a number")
		}
		amount = f
	default:
		return nil, bad("a number")
	}
	// "currency_value (number, ≤4 dp)" (docs/api/attio.md §3 output table).
	if math.Abs(amount*1e4-math.Round(amount*1e4)) > 1e-6 {
		return nil, errValidation("Currency values may have at most 4 decimal places.")
	}
	var code any
	if a.currencyCode != nil {
		code = *a.currencyCode
	}
	return map[string]any{"currency_value": amount, "currency_code": code}, nil
}

// parseDate: docs/api/attio.md §3 "date: "2023-01-01" (time parts trimmed; "2023"→"2023-01-01")".
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), true
		}
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			if _, ok := parseTimestamp(s); ok {
				return t.Format("2006-01-02"), true
			}
		}
	}
	return "", false
}

// parseTimestamp: docs/api/attio.md §3 "timestamp: ISO-8601 string … coerced to full form, UTC assumed;
// e.g. "2023", "2023-01-02T13:00", "2023-01-02T15:00:00.000000000+02:00" all →
// "2023-01-02T13:00:00.000000000Z"".
func parseTimestamp(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02T15", "2006-01-02", "2006-01", "2006"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// valueKey identifies a value for equality: unique checks, multiselect de-duplication, sync.
func valueKey(a *attribute, f map[string]any) string {
	switch a.typ {
	case typeSelect:
		return fmt.Sprint(f["option"])
	case typeStatus:
		return fmt.Sprint(f["status"])
	case typeRecordRef:
		return fmt.Sprint(f["target_record_id"])
	case typeActorRef:
		return fmt.Sprint(f["referenced_actor_type"], "/", f["referenced_actor_id"])
	case typeDomain:
		return fmt.Sprint(f["domain"])
	case typeEmail:
		return fmt.Sprint(f["email_address"])
	case typePhone:
		return fmt.Sprint(f["phone_number"])
	case typeCurrency:
		return fmt.Sprint(f["currency_value"])
	}
	if v, ok := f["value"]; ok {
		return fmt.Sprint(v)
	}
	b, _ := json.Marshal(f)
	return string(b)
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
