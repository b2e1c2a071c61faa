package attiosim

import (
	"regexp"
	"slices"
	"time"
)

// creatableTypes: docs/api/attio.md §2 "Creatable types (request enum) exclude interaction and personal-name".
var creatableTypes = []string{typeText, typeNumber, typeCheckbox, typeCurrency, typeDate, typeTimestamp,
	typeRating, typeStatus, typeSelect, typeRecordRef, typeActorRef, typeLocation, typeDomain, typeEmail, typePhone}

// multiselectTypes can hold several values ("Multiselect is only available on some value types",
// SPEC attribute.is_multiselect); the list follows the standard multiselect attributes of docs/api/attio.md
// §2 (domains, email_addresses, phone_numbers, team, categories) plus actor references.
var multiselectTypes = []string{typeSelect, typeRecordRef, typeActorRef, typeDomain, typeEmail, typePhone}

// currencyCodes and displayTypes: SPEC attribute.config.currency enums (docs/api/attio.md §2 create body
// "display_type ∈ code|name|narrowSymbol|symbol").
var currencyCodes = []string{"AUD", "BRL", "BEL", "CAD", "CNY", "COP", "CZK", "DKK", "EUR", "HKD", "ISK", "INR",
	"ILS", "JPY", "KRW", "MYR", "MXN", "NTD", "NZD", "NGN", "NOK", "XPF", "PEN", "PHP", "PLN", "GBP", "SAR", "SGD",
	"ZAR", "SEK", "CHF", "AED", "USD"}
var displayTypes = []string{"code", "name", "narrowSymbol", "symbol"}

var isoDuration = regexp.MustCompile(`^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$`)

// validateAttrSpec applies the create-attribute rules of docs/api/attio.md §2.
func (s *Sim) validateAttrSpec(target string, attrs []*attribute, obj *object, sp attrSpec) *apiError {
	if !slugPattern.MatchString(sp.slug) {
		return errValidation("api_slug must be snake_case, got %q.", sp.slug)
	}
	if sp.title == "" {
		return errValidation("title must not be empty.")
	}
	if !slices.Contains(creatableTypes, sp.typ) {
		return errValidation("Attributes of type %q cannot be created.", sp.typ)
	}
	for _, a := range attrs {
		if a.slug == sp.slug {
			// docs/api/attio.md §2 409 slug_conflict "An attribute with the same API slug already exists on this list…"
			kind := "object"
			if target == targetLists {
				kind = "list"
			}
			return errSlugConflict("An attribute with the same API slug already exists on this %s.", kind)
		}
	}
	if sp.multiselect && !slices.Contains(multiselectTypes, sp.typ) {
		return errValidation("Attributes of type %q cannot be multiselect.", sp.typ)
	}
	// docs/api/attio.md §2 "Select attributes cannot be configured to be unique" (statuses likewise).
	if sp.unique && (sp.typ == typeSelect || sp.typ == typeStatus || sp.typ == typeCheckbox) {
		return errValidation("Attributes of type %q cannot be unique.", sp.typ)
	}
	if obj != nil {
		// docs/api/attio.md §2 "you cannot create new custom attributes with a unique constraint for Company objects."
		if sp.unique && obj.slug == "companies" {
			return errValidation("Custom attributes on the companies object cannot be unique.")
		}
		if sp.typ == typeStatus {
			// docs/api/attio.md §2 "Attributes of type "status" are not supported on objects" vs the statuses
			// endpoint's "company and person objects do not support status attributes at this time".
			if s.cfg.Compat.RejectStatusOnObjects ||
				(!s.cfg.Compat.StatusOnAnyObject && (obj.slug == "companies" || obj.slug == "people")) {
				return errValidation("Attributes of type \"status\" are not supported on the %s object.", obj.slug)
			}
		}
	}
	return nil
}

// parseAttrSpec reads the create-attribute body (docs/api/attio.md §2 "Create-attribute request body
// (exact)": title, description, api_slug, type, is_required, is_unique, is_multiselect, config
// required; default_value optional).
func (s *Sim) parseAttrSpec(d map[string]any) (attrSpec, *apiError) {
	at := []any{"data"}
	var sp attrSpec
	var e *apiError
	if sp.title, _, e = stringField(d, "title", at, true); e != nil {
		return sp, e
	}
	desc, ok := d["description"]
	switch v := desc.(type) {
	case nil:
		if !ok {
			return sp, errBodyField([]any{"data", "description"}, "string", "undefined", "Required")
		}
	case string:
		sp.description = &v
	default:
		return sp, errBodyField([]any{"data", "description"}, "string", jsonType(desc), "Expected string, received "+jsonType(desc))
	}
	if sp.slug, _, e = stringField(d, "api_slug", at, true); e != nil {
		return sp, e
	}
	if sp.typ, _, e = stringField(d, "type", at, true); e != nil {
		return sp, e
	}
	if sp.required, _, e = boolField(d, "is_required", at, true); e != nil {
		return sp, e
	}
	if sp.unique, _, e = boolField(d, "is_unique", at, true); e != nil {
		return sp, e
	}
	if sp.multiselect, _, e = boolField(d, "is_multiselect", at, true); e != nil {
		return sp, e
	}
	if rel, ok := d["relationship"]; ok && rel != nil {
		// docs/api/attio.md §2 "at present it is not possible to create relationship attributes using the API".
		return sp, errValidation("Relationship attributes cannot be created through the API.")
	}
	config, e := objectField(d, "config", at)
	if e != nil {
		return sp, e
	}
	if e := s.parseAttrConfig(config, &sp); e != nil {
		return sp, e
	}
	if dv, ok := d["default_value"]; ok && dv != nil {
		m, isMap := dv.(map[string]any)
		if !isMap {
			return sp, errBodyField([]any{"data", "default_value"}, "object", jsonType(dv), "Expected object or null")
		}
		sp.defaultValue = m
	}
	return sp, nil
}

func (s *Sim) parseAttrConfig(config map[string]any, sp *attrSpec) *apiError {
	at := []any{"data", "config"}
	if _, ok := config["currency"]; ok {
		cur, e := objectField(config, "currency", at)
		if e != nil {
			return e
		}
		at := append(at, "currency")
		code, _, e := stringField(cur, "default_currency_code", at, true)
		if e != nil {
			return e
		}
		display, _, e := stringField(cur, "display_type", at, true)
		if e != nil {
			return e
		}
		if !slices.Contains(currencyCodes, code) {
			return errValidation("Unsupported currency code %q.", code)
		}
		if !slices.Contains(displayTypes, display) {
			return errValidation("display_type must be one of code, name, narrowSymbol, symbol.")
		}
		sp.currencyCode, sp.currencyDisplay = &code, &display
	}
	if _, ok := config["record_reference"]; ok {
		rr, e := objectField(config, "record_reference", at)
		if e != nil {
			return e
		}
		raw, ok := rr["allowed_objects"]
		list, isList := raw.([]any)
		if !ok || !isList {
			return errBodyField([]any{"data", "config", "record_reference", "allowed_objects"}, "array", jsonType(raw), "Required")
		}
		ids := []string{}
		for _, item := range list {
			ref, _ := item.(string)
			o := s.findObject(ref)
			if o == nil {
				return errObjectNotFound(ref)
			}
			ids = append(ids, o.id)
		}
		sp.allowedObjects = ids
	}
	return nil
}

// validateDefault checks default_value against the attribute type (SPEC attribute.default_value:
// dynamic "current-user" for actor references, an ISO 8601 duration for dates and timestamps,
// or static values).
func (s *Sim) validateDefault(a *attribute) *apiError {
	dv := a.defaultValue
	if dv == nil {
		return nil
	}
	switch dv["type"] {
	case "dynamic":
		tpl, _ := dv["template"].(string)
		switch {
		case a.typ == typeActorRef && tpl == "current-user":
		case (a.typ == typeDate || a.typ == typeTimestamp) && isoDuration.MatchString(tpl) && tpl != "P":
		default:
			return errValidation("Dynamic default %q is not valid for %s attributes.", tpl, a.typ)
		}
	case "static":
		tpl, ok := dv["template"].([]any)
		if !ok {
			return errValidation("Static default_value template must be an array of values.")
		}
		for _, item := range tpl {
			if _, e := s.parseInput(a, stripAttributeType(item), actor{}, time.Time{}); e != nil {
				return e
			}
		}
	default:
		return errValidation("default_value.type must be \"dynamic\" or \"static\".")
	}
	return nil
}

// stripAttributeType drops the attribute_type key that static default templates carry
// (SPEC example {"value":"Some default text","attribute_type":"text"}).
func stripAttributeType(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := map[string]any{}
	for k, x := range m {
		if k != "attribute_type" {
			out[k] = x
		}
	}
	return out
}

// createAttribute validates and creates an attribute.
func (s *Sim) createAttribute(target, parentRef string, sp attrSpec, now time.Time) (*attribute, *apiError) {
	attrs, parentID, obj, e := s.attrParent(target, parentRef)
	if e != nil {
		return nil, e
	}
	if e := s.validateAttrSpec(target, *attrs, obj, sp); e != nil {
		return nil, e
	}
	probe := &attribute{typ: sp.typ, multiselect: sp.multiselect, defaultValue: sp.defaultValue,
		allowedObjectIDs: sp.allowedObjects, currencyCode: sp.currencyCode}
	if e := s.validateDefault(probe); e != nil {
		return nil, e
	}
	if sp.typ == typeStatus && sp.statuses == nil {
		sp.statuses = []string{}
	}
	return s.addAttribute(target, parentID, sp, now), nil
}

func (s *Sim) createAttributeHTTP(c *call) (any, *apiError) {
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	sp, e := s.parseAttrSpec(d)
	if e != nil {
		return nil, e
	}
	a, e := s.createAttribute(c.params["target"], c.params["identifier"], sp, c.now)
	if e != nil {
		return nil, e
	}
	return dataOf(s.attrJSON(a)), nil
}

// patchAttribute updates title, description, api_slug, is_required, is_unique, is_archived,
// default_value and config; system attributes refuse (docs/api/attio.md §2 "PATCH of a system attribute →
// 400 system_edit_unauthorized "Cannot update a System attribute."").
func (s *Sim) patchAttribute(c *call) (any, *apiError) {
	a, e := s.attrParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	if a.system {
		return nil, invalidRequest(400, "system_edit_unauthorized", "Cannot update a System attribute.")
	}
	at := []any{"data"}
	next := *a
	if v, ok, e := stringField(d, "title", at, false); e != nil {
		return nil, e
	} else if ok {
		next.title = v
	}
	if raw, ok := d["description"]; ok {
		switch v := raw.(type) {
		case nil:
			next.description = nil
		case string:
			next.description = &v
		default:
			return nil, errBodyField([]any{"data", "description"}, "string", jsonType(raw), "Expected string or null")
		}
	}
	if v, ok, e := stringField(d, "api_slug", at, false); e != nil {
		return nil, e
	} else if ok && v != a.slug {
		if !slugPattern.MatchString(v) {
			return nil, errValidation("api_slug must be snake_case, got %q.", v)
		}
		attrs, _, _, _ := s.attrParent(a.target, a.parentID)
		if findAttr(*attrs, v) != nil {
			return nil, errSlugConflict("An attribute with the same API slug already exists.")
		}
		next.slug = v
	}
	for key, dst := range map[string]*bool{"is_required": &next.required, "is_unique": &next.unique, "is_archived": &next.archived} {
		if v, ok, e := boolField(d, key, at, false); e != nil {
			return nil, e
		} else if ok {
			*dst = v
		}
	}
	if next.unique && (next.typ == typeSelect || next.typ == typeStatus || next.typ == typeCheckbox) {
		return nil, errValidation("Attributes of type %q cannot be unique.", next.typ)
	}
	if raw, ok := d["default_value"]; ok {
		m, _ := raw.(map[string]any)
		next.defaultValue = m
		if e := s.validateDefault(&next); e != nil {
			return nil, e
		}
	}
	if _, ok := d["config"]; ok {
		config, e := objectField(d, "config", at)
		if e != nil {
			return nil, e
		}
		sp := attrSpec{allowedObjects: next.allowedObjectIDs, currencyCode: next.currencyCode, currencyDisplay: next.currencyDisplay}
		if e := s.parseAttrConfig(config, &sp); e != nil {
			return nil, e
		}
		next.allowedObjectIDs, next.currencyCode, next.currencyDisplay = sp.allowedObjects, sp.currencyCode, sp.currencyDisplay
	}
	*a = next
	return dataOf(s.attrJSON(a)), nil
}
