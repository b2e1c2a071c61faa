package togglevent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// envelope is the top level of every delivery (docs/api/toggl.md §2.1, §2.2). Ids are pointers so a
// missing key is distinguishable from 0 (PING's event_id is a real 0).
type envelope struct {
	EventID           *int64               `json:"event_id"`
	CreatedAt         *time.Time           `json:"created_at"`
	CreatorID         *int64               `json:"creator_id"`
	Metadata          map[string]metaValue `json:"metadata"`
	Payload           json.RawMessage      `json:"payload"`
	SubscriptionID    *int64               `json:"subscription_id"`
	Timestamp         *time.Time           `json:"timestamp"`
	URLCallback       string               `json:"url_callback"`
	ValidationCode    string               `json:"validation_code"`
	ValidationCodeURL string               `json:"validation_code_url"`
}

// metaValue accepts any JSON value and keeps it as text: entity events send every metadata value
// as a string, PING sends event_user_id as a number (docs/api/toggl.md §2.2 "A Go consumer needs a
// tolerant type").
type metaValue string

func (m *metaValue) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*m = metaValue(s)
	case bytes.Equal(b, []byte("null")):
		*m = ""
	default:
		var buf bytes.Buffer
		if err := json.Compact(&buf, b); err != nil {
			return err
		}
		*m = metaValue(buf.String())
	}
	return nil
}

const pingPayload = "ping"

// Parse decodes one webhook body. On ErrUnknownModel the returned Event is filled in as far as
// the envelope allows (ids, model, action, metadata); on other errors it must not be used.
func Parse(body []byte) (Event, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return Event{}, fmt.Errorf("%w: body is not a JSON object", ErrMalformed)
	}
	var env envelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	ev, err := envelopeEvent(env)
	if err != nil {
		return Event{}, err
	}
	if ev.IsPing {
		return ev, nil
	}
	return entityEvent(ev, env)
}

// envelopeEvent copies and checks the fields every delivery has.
func envelopeEvent(env envelope) (Event, error) {
	if env.EventID == nil {
		return Event{}, fmt.Errorf("%w: event_id is missing", ErrMissingID)
	}
	if *env.EventID < 0 {
		return Event{}, fmt.Errorf("%w: event_id %d is negative", ErrMalformed, *env.EventID)
	}
	if deref(env.SubscriptionID) <= 0 {
		return Event{}, fmt.Errorf("%w: subscription_id is missing or not positive", ErrMissingID)
	}
	if env.CreatedAt == nil {
		return Event{}, fmt.Errorf("%w: created_at is missing", ErrMalformed)
	}
	if err := checkTimes(env.CreatedAt, env.Timestamp); err != nil {
		return Event{}, err
	}
	ev := Event{
		EventID:           *env.EventID,
		CreatedAt:         env.CreatedAt.UTC(),
		Timestamp:         deref(env.Timestamp).UTC(),
		CreatorID:         deref(env.CreatorID),
		SubscriptionID:    *env.SubscriptionID,
		URLCallback:       env.URLCallback,
		ValidationCode:    env.ValidationCode,
		ValidationCodeURL: env.ValidationCodeURL,
		Metadata:          make(map[string]string, len(env.Metadata)),
		RawPayload:        env.Payload,
	}
	for k, v := range env.Metadata {
		ev.Metadata[k] = string(v)
	}
	uid, err := metaID(ev.Metadata, "event_user_id")
	if err != nil {
		return Event{}, err
	}
	ev.EventUserID = deref(uid)

	// PING: payload is the string "ping" (docs/api/toggl.md §2.1). Any other string is not a Toggl shape.
	if len(env.Payload) > 0 && env.Payload[0] == '"' {
		var s string
		if err := json.Unmarshal(env.Payload, &s); err != nil {
			return Event{}, fmt.Errorf("%w: payload: %v", ErrMalformed, err)
		}
		if s != pingPayload {
			return Event{}, fmt.Errorf("%w: payload is the string %q, want \"ping\" or an object", ErrMalformed, s)
		}
		ev.IsPing = true
	}
	return ev, nil
}

// entityEvent fills model, action, ids and the typed payload of a non-PING delivery.
func entityEvent(ev Event, env envelope) (Event, error) {
	ev.Model = ev.Metadata["model"]
	ev.Action = ev.Metadata["action"]
	if ev.Action == "" {
		return Event{}, fmt.Errorf("%w: metadata.action is missing", ErrMalformed)
	}
	payload := env.Payload
	hasPayload := len(payload) > 0 && !bytes.Equal(payload, []byte("null"))
	if hasPayload && payload[0] != '{' {
		return Event{}, fmt.Errorf("%w: payload is neither \"ping\" nor an object", ErrMalformed)
	}
	// A deletion may plausibly arrive without the entity (no verbatim sample exists, docs/api/toggl.md
	// §2.2); its id then comes from metadata.<model>_id. Every other action needs the entity.
	if !hasPayload && ev.Action != ActionDeleted {
		return Event{}, fmt.Errorf("%w: payload is missing for action %q", ErrMalformed, ev.Action)
	}
	if !hasPayload {
		payload = []byte("{}")
	}

	var j payloadJSON
	switch ev.Model {
	case ModelTimeEntry:
		j = &timeEntryJSON{}
	case ModelProject:
		j = &projectJSON{}
	case ModelClient:
		j = &clientJSON{}
	default:
		return unknownModel(ev, payload)
	}
	if err := json.Unmarshal(payload, j); err != nil {
		return Event{}, fmt.Errorf("%w: %s payload: %v", ErrMalformed, ev.Model, err)
	}
	if err := checkTimes(j.times()...); err != nil {
		return Event{}, err
	}
	c := j.common()

	var err error
	if ev.EntityID, err = agreeIDs(ev.Metadata, ev.Model+"_id", c.ID); err != nil {
		return Event{}, err
	}
	if ev.EntityID == 0 {
		return Event{}, fmt.Errorf("%w: %s id (payload.id or metadata.%s_id)", ErrMissingID, ev.Model, ev.Model)
	}
	if ev.WorkspaceID, err = agreeIDs(ev.Metadata, "workspace_id", c.WorkspaceID, c.WID); err != nil {
		return Event{}, err
	}
	if ev.WorkspaceID == 0 {
		return Event{}, fmt.Errorf("%w: workspace id (payload.workspace_id, payload.wid or metadata.workspace_id)", ErrMissingID)
	}
	ev.At = ev.CreatedAt
	if c.At != nil && !c.At.IsZero() {
		ev.At = c.At.UTC()
	}
	j.attach(&ev)
	return ev, nil
}

// unknownModel fills what it can of a delivery for a model this service does not sync, so the
// audit row shows what arrived; problems in that payload do not matter.
func unknownModel(ev Event, payload []byte) (Event, error) {
	var c common
	_ = json.Unmarshal(payload, &c)
	if id, err := agreeIDs(ev.Metadata, ev.Model+"_id", c.ID); err == nil {
		ev.EntityID = id
	}
	if id, err := agreeIDs(ev.Metadata, "workspace_id", c.WorkspaceID, c.WID); err == nil {
		ev.WorkspaceID = id
	}
	ev.At = ev.CreatedAt
	if c.At != nil && !c.At.IsZero() {
		ev.At = c.At.UTC()
	}
	if ev.Model == "" {
		return ev, fmt.Errorf("%w: metadata.model is missing", ErrUnknownModel)
	}
	return ev, fmt.Errorf("%w: %q is not synced (want %s, %s or %s)",
		ErrUnknownModel, ev.Model, ModelTimeEntry, ModelProject, ModelClient)
}

// agreeIDs returns the id named by metadata[metaKey] and the payload candidates, all of which
// must agree when present. 0 means none was present.
func agreeIDs(meta map[string]string, metaKey string, payload ...*int64) (int64, error) {
	fromMeta, err := metaID(meta, metaKey)
	if err != nil {
		return 0, err
	}
	var got int64
	for _, p := range append(payload, fromMeta) {
		if p == nil {
			continue
		}
		if *p <= 0 {
			return 0, fmt.Errorf("%w: %s is %d", ErrMissingID, metaKey, *p)
		}
		if got != 0 && got != *p {
			return 0, fmt.Errorf("%w: %s disagrees between payload and metadata (%d vs %d)", ErrMalformed, metaKey, got, *p)
		}
		got = *p
	}
	return got, nil
}

// metaID parses metadata[key] as an integer id; nil when absent or empty.
func metaID(meta map[string]string, key string) (*int64, error) {
	s, ok := meta[key]
	if !ok || s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: metadata.%s %q is not an integer", ErrMalformed, key, s)
	}
	return &n, nil
}

// checkTimes rejects instants that leave years 1..9999 once converted to UTC (for example
// "0000-01-01T00:00:00+01:00"): RFC 3339 cannot write them back, so Attio could not take them.
func checkTimes(ts ...*time.Time) error {
	for _, t := range ts {
		if t == nil {
			continue
		}
		if y := t.UTC().Year(); y < 1 || y > 9999 {
			return fmt.Errorf("%w: time %s is out of range", ErrMalformed, t.Format(time.RFC3339Nano))
		}
	}
	return nil
}
