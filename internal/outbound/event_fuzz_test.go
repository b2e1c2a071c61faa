package outbound

import (
	"encoding/json"
	"testing"
)

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(`{"event_type":"record.updated","raw":{"event_type":"record.updated","id":{"workspace_id":"w","object_id":"o","record_id":"r","attribute_id":"a"},"actor":{"type":"workspace-member","id":"m"}}}`))
	f.Add([]byte(`{"raw":{"event_type":"record.deleted","id":{"object_id":"o","record_id":"r"}}}`))
	f.Add([]byte(`{"raw":null}`))
	f.Add([]byte(`{"raw":5}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := parseEvent(body)
		if err != nil {
			return
		}
		// The event, stored again the way intake stores it, parses to itself.
		raw, _ := json.Marshal(map[string]any{
			"event_type": ev.Type,
			"id":         map[string]string{"object_id": ev.ObjectID, "record_id": ev.RecordID, "attribute_id": ev.AttributeID},
			"actor":      ev.Actor,
		})
		stored, _ := json.Marshal(storedEvent{EventType: ev.Type, Raw: raw})
		ev2, err := parseEvent(stored)
		if err != nil || ev2 != ev {
			t.Fatalf("round trip of %+v: %+v %v", ev, ev2, err)
		}
	})
}
