package togglsim

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"
)

// The envelope is written field by field because its byte layout is part of the contract: the
// signature covers the raw body and consumers have been seen to depend on it. docs/api/toggl.md §2.2:
// "Top-level key order in the raw body: event_id, created_at, creator_id, metadata, payload,
// subscription_id, timestamp, url_callback[, validation_code, validation_code_url]. … Inside
// metadata and payload the keys come alphabetically … apart from the ping metadata, which is
// request_type, event_user_id." Strings use encoding/json's escaping, as Toggl's Go server does.

// nanoTime formats like Go's time marshaling: RFC 3339 with trailing zeros trimmed. docs/api/toggl.md
// §2.2: "`created_at` has millisecond precision (`.827Z`); `timestamp` (send time) has
// nanosecond precision"; subscription times carry microseconds (§1.3).
func nanoTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func writeField(b *bytes.Buffer, first bool, key string, raw []byte) {
	if !first {
		b.WriteByte(',')
	}
	k, _ := json.Marshal(key)
	b.Write(k)
	b.WriteByte(':')
	b.Write(raw)
}

func jsonString(v string) []byte {
	out, _ := json.Marshal(v)
	return out
}

func jsonInt(v int64) []byte { return []byte(strconv.FormatInt(v, 10)) }

// entityEnvelope is the body of one delivery attempt of an entity event. creator_id is the
// user who made the change (UNCONFIRMED: every capture has the same user in all roles).
func entityEnvelope(ev *Event, urlCallback string, sentAt time.Time) []byte {
	var b bytes.Buffer
	meta, _ := json.Marshal(ev.Metadata) // maps encode with sorted keys
	b.WriteByte('{')
	writeField(&b, true, "event_id", jsonInt(ev.ID))
	writeField(&b, false, "created_at", jsonString(nanoTime(ev.CreatedAt)))
	writeField(&b, false, "creator_id", jsonInt(ev.CreatorID))
	writeField(&b, false, "metadata", meta)
	writeField(&b, false, "payload", ev.Payload)
	writeField(&b, false, "subscription_id", jsonInt(ev.SubscriptionID))
	writeField(&b, false, "timestamp", jsonString(nanoTime(sentAt)))
	writeField(&b, false, "url_callback", jsonString(urlCallback))
	b.WriteByte('}')
	return b.Bytes()
}

// pingEnvelope is the PING body (docs/api/toggl.md §2.1): event_id 0, payload "ping", numeric
// event_user_id, created_at equal to timestamp, and validation_code/validation_code_url only
// while the subscription is not validated.
func pingEnvelope(sub *Subscription, sentAt time.Time, validationURL string) []byte {
	var b bytes.Buffer
	ts := jsonString(nanoTime(sentAt))
	meta := []byte(`{"request_type":"POST","event_user_id":` + strconv.FormatInt(sub.UserID, 10) + `}`)
	b.WriteByte('{')
	writeField(&b, true, "event_id", []byte("0"))
	writeField(&b, false, "created_at", ts)
	writeField(&b, false, "creator_id", jsonInt(sub.UserID))
	writeField(&b, false, "metadata", meta)
	writeField(&b, false, "payload", []byte(`"ping"`))
	writeField(&b, false, "subscription_id", jsonInt(sub.ID))
	writeField(&b, false, "timestamp", ts)
	writeField(&b, false, "url_callback", jsonString(sub.URLCallback))
	if sub.ValidatedAt == nil {
		writeField(&b, false, "validation_code", jsonString(sub.ValidationCode))
		writeField(&b, false, "validation_code_url", jsonString(validationURL))
	}
	b.WriteByte('}')
	return b.Bytes()
}
