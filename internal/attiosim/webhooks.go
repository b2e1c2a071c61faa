package attiosim

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// eventTypes: docs/api/attio.md §5 "Event types [SPEC enum]".
var eventTypes = []string{"comment.created", "comment.resolved", "comment.unresolved", "comment.deleted",
	"list.created", "list.updated", "list.deleted", "list-attribute.created", "list-attribute.updated",
	"list-entry.created", "list-entry.updated", "list-entry.deleted", "object-attribute.created",
	"object-attribute.updated", "note.created", "note-content.updated", "note.updated", "note.deleted",
	"record.created", "record.merged", "record.updated", "record.deleted", "task.created", "task.updated",
	"task.deleted", "workspace-member.created"}

type webhook struct {
	id, targetURL, secret string
	subs                  []subscription
	createdAt             time.Time
	degradedAt            *time.Time
}

// subscription: docs/api/attio.md §5 "filter is required in the schema (object with $or or $and array of
// {field, operator: "equals"|"not_equals", value} — or null = all events)".
type subscription struct {
	eventType string
	logic     string // "$and" | "$or" | "" (null filter)
	conds     []filterCond
}

type filterCond struct{ field, operator, value string }

// degradedForInactive: docs/api/attio.md §5 "If a webhook remains in the degraded state for 7 days, it will
// be marked inactive".
const degradedForInactive = 7 * 24 * time.Hour

// status: docs/api/attio.md §5 "status ∈ active|degraded|inactive".
func (w *webhook) status(now time.Time) string {
	switch {
	case w.degradedAt == nil:
		return "active"
	case now.Sub(*w.degradedAt) >= degradedForInactive:
		return "inactive"
	}
	return "degraded"
}

func (s *Sim) webhookJSON(w *webhook, now time.Time, withSecret bool) map[string]any {
	subs := []any{}
	for _, sub := range w.subs {
		subs = append(subs, map[string]any{"event_type": sub.eventType, "filter": sub.filterJSON()})
	}
	out := map[string]any{
		"target_url":    w.targetURL,
		"subscriptions": subs,
		"id":            map[string]any{"workspace_id": s.workspace.id, "webhook_id": w.id},
		"status":        w.status(now),
		"created_at":    formatTime(w.createdAt),
	}
	if withSecret {
		out["secret"] = w.secret // docs/api/attio.md §5 "secret only on create"
	}
	return out
}

func (sub subscription) filterJSON() any {
	if sub.logic == "" {
		return nil
	}
	conds := []any{}
	for _, c := range sub.conds {
		conds = append(conds, map[string]any{"field": c.field, "operator": c.operator, "value": c.value})
	}
	return map[string]any{sub.logic: conds}
}

// matches evaluates the filter on an event payload; fields are dot paths such as "id.list_id" or
// "actor.type" (docs/api/attio.md §5 "Field uses dot paths into the event payload").
func (sub subscription) matches(ev event) bool {
	if sub.eventType != ev.typ {
		return false
	}
	if sub.logic == "" {
		return true
	}
	or := sub.logic == "$or"
	for _, c := range sub.conds {
		got, ok := dotPath(ev.payload, c.field)
		hit := ok && got == c.value
		if c.operator == "not_equals" {
			hit = !hit
		}
		if hit == or {
			return or
		}
	}
	return !or
}

func dotPath(m map[string]any, path string) (string, bool) {
	var cur any = m
	for _, part := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return "", false
		}
		if cur, ok = obj[part]; !ok {
			return "", false
		}
	}
	if cur == nil {
		return "", false
	}
	return fmt.Sprint(cur), true
}

// parseTargetURL: the spec pattern is "^https:\/\/.*" (docs/api/attio.md §5 "Must be HTTPS").
func (s *Sim) parseTargetURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errBodyField([]any{"data", "target_url"}, "string", "string", "Invalid url")
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && s.cfg.Deliveries.AllowHTTP) {
		return errBodyField([]any{"data", "target_url"}, "string", "string", "Webhook target URLs must use https")
	}
	return nil
}

// parseSubscriptions validates the subscriptions array (docs/api/attio.md §5 POST /v2/webhooks body; 400
// validation_type ("Related list not found")).
func (s *Sim) parseSubscriptions(raw any) ([]subscription, *apiError) {
	list, ok := raw.([]any)
	if !ok {
		return nil, errBodyField([]any{"data", "subscriptions"}, "array", jsonType(raw), "Expected array")
	}
	if len(list) == 0 {
		return nil, errValidation("At least one subscription is required.")
	}
	var out []subscription
	for i, item := range list {
		at := []any{"data", "subscriptions", i}
		m, ok := item.(map[string]any)
		if !ok {
			return nil, errBodyField(at, "object", jsonType(item), "Expected object")
		}
		et, _, e := stringField(m, "event_type", at, true)
		if e != nil {
			return nil, e
		}
		if !slices.Contains(eventTypes, et) {
			return nil, errBodyField(append(at, "event_type"), "event type", "string", "Invalid enum value "+et)
		}
		rawFilter, has := m["filter"]
		if !has {
			return nil, errBodyField(append(at, "filter"), "object | null", "undefined", "Required")
		}
		sub := subscription{eventType: et}
		if rawFilter != nil {
			if sub.logic, sub.conds, e = s.parseWebhookFilter(rawFilter, append(at, "filter")); e != nil {
				return nil, e
			}
		}
		out = append(out, sub)
	}
	return out, nil
}

func (s *Sim) parseWebhookFilter(raw any, at []any) (string, []filterCond, *apiError) {
	m, ok := raw.(map[string]any)
	if !ok || len(m) != 1 {
		return "", nil, errBodyField(at, "{$and} | {$or}", jsonType(raw), "Expected an object with exactly one of $and, $or")
	}
	for logic, v := range m {
		if logic != "$and" && logic != "$or" {
			return "", nil, errBodyField(at, "{$and} | {$or}", "object", "Unknown key "+logic)
		}
		items, ok := v.([]any)
		if !ok {
			return "", nil, errBodyField(append(at, logic), "array", jsonType(v), "Expected array")
		}
		var conds []filterCond
		for i, it := range items {
			cm, _ := it.(map[string]any)
			field, _ := cm["field"].(string)
			op, _ := cm["operator"].(string)
			val, isStr := cm["value"].(string)
			if field == "" || !isStr || (op != "equals" && op != "not_equals") {
				return "", nil, errBodyField(append(at, logic, i), "{field, operator: equals|not_equals, value}", jsonType(it), "Invalid filter condition")
			}
			if e := s.checkRelated(field, op, val); e != nil {
				return "", nil, e
			}
			conds = append(conds, filterCond{field: field, operator: op, value: val})
		}
		return logic, conds, nil
	}
	return "", nil, nil
}

// checkRelated rejects filters naming a list or object that does not exist (docs/api/attio.md §5 "400
// validation_type ("Related list not found")").
func (s *Sim) checkRelated(field, op, val string) *apiError {
	if op != "equals" {
		return nil
	}
	switch field {
	case "id.list_id":
		if s.listByID(val) == nil {
			return errValidation("Related list not found")
		}
	case "id.object_id", "parent_object_id":
		if s.objectByID(val) == nil {
			return errValidation("Related object not found")
		}
	}
	return nil
}

func (s *Sim) findWebhook(id string) *webhook {
	for _, w := range s.webhooks {
		if w.id == id {
			return w
		}
	}
	return nil
}

func (s *Sim) webhookParam(c *call) (*webhook, *apiError) {
	w := s.findWebhook(c.params["webhook_id"])
	if w == nil {
		return nil, errNotFound("Webhook with ID \"%s\" not found.", c.params["webhook_id"])
	}
	return w, nil
}

func (s *Sim) createWebhookHTTP(c *call) (any, *apiError) {
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	target, _, e := stringField(d, "target_url", []any{"data"}, true)
	if e != nil {
		return nil, e
	}
	if e := s.parseTargetURL(target); e != nil {
		return nil, e
	}
	rawSubs, ok := d["subscriptions"]
	if !ok {
		return nil, errBodyField([]any{"data", "subscriptions"}, "array", "undefined", "Required")
	}
	subs, e := s.parseSubscriptions(rawSubs)
	if e != nil {
		return nil, e
	}
	w := &webhook{id: s.rnd.newID(), targetURL: target, secret: s.rnd.newSecret(), subs: subs, createdAt: c.now}
	s.webhooks = append(s.webhooks, w)
	return dataOf(s.webhookJSON(w, c.now, true)), nil
}

// listWebhooks: docs/api/attio.md §5 "GET /v2/webhooks?limit=(10–100, default 10)&offset=".
func (s *Sim) listWebhooks(c *call) (any, *apiError) {
	limit, offset, e := c.pageParams(10, 10, 100)
	if e != nil {
		return nil, e
	}
	out := []any{}
	for _, w := range s.webhooks {
		out = append(out, s.webhookJSON(w, c.now, false))
	}
	return dataOf(page(out, limit, offset)), nil
}

func (s *Sim) getWebhook(c *call) (any, *apiError) {
	w, e := s.webhookParam(c)
	if e != nil {
		return nil, e
	}
	return dataOf(s.webhookJSON(w, c.now, false)), nil
}

// patchWebhook: docs/api/attio.md §5 "PATCH body: target_url?, subscriptions?".
func (s *Sim) patchWebhook(c *call) (any, *apiError) {
	w, e := s.webhookParam(c)
	if e != nil {
		return nil, e
	}
	d, e := c.data()
	if e != nil {
		return nil, e
	}
	target, hasTarget, e := stringField(d, "target_url", []any{"data"}, false)
	if e != nil {
		return nil, e
	}
	if hasTarget {
		if e := s.parseTargetURL(target); e != nil {
			return nil, e
		}
	}
	var subs []subscription
	rawSubs, hasSubs := d["subscriptions"]
	if hasSubs {
		if subs, e = s.parseSubscriptions(rawSubs); e != nil {
			return nil, e
		}
	}
	if hasTarget {
		w.targetURL = target
	}
	if hasSubs {
		w.subs = subs
	}
	return dataOf(s.webhookJSON(w, c.now, false)), nil
}

func (s *Sim) deleteWebhookHTTP(c *call) (any, *apiError) {
	w, e := s.webhookParam(c)
	if e != nil {
		return nil, e
	}
	s.webhooks = slices.DeleteFunc(s.webhooks, func(x *webhook) bool { return x == w })
	return map[string]any{}, nil
}
