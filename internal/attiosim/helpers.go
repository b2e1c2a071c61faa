package attiosim

import "fmt"

// APIError is the error direct helpers return: the same status, code and message the HTTP API
// would answer with.
type APIError struct {
	Status  int
	Type    string
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("attiosim: %d %s: %s", e.Status, e.Code, e.Message)
}

func exportErr(e *apiError) error {
	if e == nil {
		return nil
	}
	return &APIError{Status: e.Status, Type: e.Type, Code: e.Code, Message: e.Message}
}

// Object, Attribute and List describe schema for tests.
type Object struct{ ID, Slug, Singular, Plural string }

type Attribute struct {
	ID, ParentID, Slug, Title, Type string
	Required, Unique, Multiselect   bool
}

type List struct {
	ID, Slug, Name string
	ParentObjects  []string // slugs
}

// AttributeSpec describes an attribute for CreateAttribute.
type AttributeSpec struct {
	Slug, Title, Type             string
	Required, Unique, Multiselect bool
	AllowedObjects                []string // record-reference targets, slugs or ids; nil allows all
	Options                       []string // select option titles
	Statuses                      []string // status titles
	CurrencyCode                  string   // currency attributes, e.g. "USD"
}

// Webhook is a snapshot of a registered webhook.
type Webhook struct {
	ID, TargetURL, Secret, Status string
	EventTypes                    []string
}

// Value returns the main field of the first active value of slug: the text, number, checkbox or
// date; an option or status title; a referenced record id; a domain, email or full name.
// Nil when empty.
func (r Record) Value(slug string) any { return mainValue(r.Values[slug]) }

// Value is Record.Value for entries.
func (e Entry) Value(slug string) any { return mainValue(e.Values[slug]) }

func mainValue(vals []map[string]any) any {
	if len(vals) == 0 {
		return nil
	}
	v := vals[0]
	for _, k := range []string{"value", "target_record_id", "domain", "email_address", "full_name",
		"currency_value", "phone_number", "referenced_actor_id", "locality"} {
		if x, ok := v[k]; ok {
			return x
		}
	}
	if o, ok := v["option"].(map[string]any); ok {
		return o["title"]
	}
	if st, ok := v["status"].(map[string]any); ok {
		return st["title"]
	}
	return nil
}

// helperCall is a write made outside HTTP, as the workspace owner (a person using the web app),
// so its webhook events carry a workspace-member actor.
func (s *Sim) helperCall() *call {
	return &call{sim: s, now: s.clock.Now(), actor: s.ownerActor()}
}

func (s *Sim) finishHelper(c *call, e *apiError) error {
	if e == nil {
		s.deliv.enqueue(c.events)
	}
	return exportErr(e)
}

func (s *Sim) exportRecord(r *record) Record {
	return Record{ID: r.id, ObjectID: r.obj.id, Object: r.obj.slug, CreatedAt: r.createdAt,
		Values: roundTrip(s.valuesJSON(r, r.obj.attrs))}
}

func (s *Sim) exportEntry(e *entry) Entry {
	return Entry{ID: e.id, ListID: e.list.id, List: e.list.slug, ParentRecordID: e.parentRecordID,
		ParentObject: e.parentObj.slug, CreatedAt: e.createdAt, Values: roundTrip(s.valuesJSON(e, e.list.attrs))}
}

func roundTrip(values map[string]any) map[string][]map[string]any {
	out := map[string][]map[string]any{}
	for k, v := range values {
		for _, item := range v.([]any) {
			out[k] = append(out[k], item.(map[string]any))
		}
		if out[k] == nil {
			out[k] = []map[string]any{}
		}
	}
	return out
}

// normalizeInput turns Go values into the JSON shapes the API decodes (ints to float64,
// []string to []any), so helpers accept natural Go literals.
func normalizeInput(values map[string]any) map[string]any {
	out := make(map[string]any, len(values))
	for k, v := range values {
		out[k] = normalizeGo(v)
	}
	return out
}

func normalizeGo(v any) any {
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case float32:
		return float64(x)
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, m := range x {
			out[i] = normalizeGo(m)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeGo(e)
		}
		return out
	case map[string]any:
		return normalizeInput(x)
	}
	return v
}
