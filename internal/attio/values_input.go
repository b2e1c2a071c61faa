package attio

import (
	"encoding/json"
	"time"
)

// Input is one attribute value in a write, in the object form of the spec's input-value
// (docs/api/attio.md §3 "Writing values"). Build it with the helpers below.
type Input map[string]any

// Values are the "values" of a record write or the "entry_values" of an entry write, keyed by
// attribute api_slug or id. Every attribute maps to an array — the spec types these maps as
// additionalProperties {type: array} (docs/api/contract-testing.md quirks) — and an empty array clears
// the attribute.
type Values map[string][]Input

// MarshalJSON writes nil maps as {} (entry_values is required even when empty, docs/api/attio.md §9.6)
// and nil arrays as [] (so "clear" is never sent as null).
func (v Values) MarshalJSON() ([]byte, error) {
	out := make(map[string][]Input, len(v))
	for k, ins := range v {
		if ins == nil {
			ins = []Input{}
		}
		out[k] = ins
	}
	return json.Marshal(out)
}

// Set puts the given inputs under attr (none = clear) and returns v for chaining.
func (v Values) Set(attr string, in ...Input) Values {
	if in == nil {
		in = []Input{}
	}
	v[attr] = in
	return v
}

// Text: {"value": s}.
func Text(s string) Input { return Input{"value": s} }

// Number (also rating): {"value": f}.
func Number(f float64) Input { return Input{"value": f} }

// Checkbox: {"value": b}.
func Checkbox(b bool) Input { return Input{"value": b} }

// TimestampLayout is how Attio writes timestamps: UTC with nanoseconds
// ("2023-01-01T15:00:00.000000000Z", docs/api/attio.md §3).
const TimestampLayout = "2006-01-02T15:04:05.000000000Z"

// Timestamp: {"value": t in UTC, TimestampLayout}.
func Timestamp(t time.Time) Input { return Input{"value": t.UTC().Format(TimestampLayout)} }

// DateLayout is a date attribute's form ("2023-01-01").
const DateLayout = "2006-01-02"

// Date: {"value": "YYYY-MM-DD"} of t's calendar day in t's own location (Attio trims time parts,
// so converting to UTC first could move the day).
func Date(t time.Time) Input { return Input{"value": t.Format(DateLayout)} }

// SelectTitle: {"option": title}. Attio looks the option up by title (or id) and never creates
// one; an unknown title answers 400 value_not_found.
func SelectTitle(title string) Input { return Input{"option": title} }

// StatusTitle: {"status": title}; an unknown title answers 400 value_not_found.
func StatusTitle(title string) Input { return Input{"status": title} }

// RecordRef: {"target_object": object, "target_record_id": id}. The target must exist.
func RecordRef(object, recordID string) Input {
	return Input{"target_object": object, "target_record_id": recordID}
}

// Currency: {"currency_value": amount}. The currency code cannot be written; it is the
// attribute's default ("It is not possible to specify the currency_code", docs/api/attio.md §3).
func Currency(amount float64) Input { return Input{"currency_value": amount} }

// Domain: {"domain": d} (companies.domains, the unique matching attribute of companies).
func Domain(d string) Input { return Input{"domain": d} }

// EmailAddress: {"email_address": e} (people.email_addresses).
func EmailAddress(e string) Input { return Input{"email_address": e} }
