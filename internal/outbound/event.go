package outbound

import (
	"encoding/json"
	"errors"
)

// event is what a job needs of one stored Attio event (web.AttioEvent; its Raw is the event
// as delivered, docs/api/attio.md §5 "Delivery body": event_type, id {workspace_id, object_id,
// record_id[, attribute_id]}, actor {type, id}).
type event struct {
	Type        string
	ObjectID    string
	RecordID    string
	AttributeID string
	Actor       actor
}

type actor struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type storedEvent struct {
	EventType string          `json:"event_type"`
	Raw       json.RawMessage `json:"raw"`
}

type rawEvent struct {
	EventType string `json:"event_type"`
	ID        struct {
		ObjectID    string `json:"object_id"`
		RecordID    string `json:"record_id"`
		AttributeID string `json:"attribute_id"`
	} `json:"id"`
	Actor *actor `json:"actor"`
}

func parseEvent(body []byte) (event, error) {
	var s storedEvent
	if err := json.Unmarshal(body, &s); err != nil {
		return event{}, err
	}
	if len(s.Raw) == 0 {
		return event{}, errors.New("no raw event")
	}
	var r rawEvent
	if err := json.Unmarshal(s.Raw, &r); err != nil {
		return event{}, err
	}
	ev := event{Type: s.EventType, ObjectID: r.ID.ObjectID, RecordID: r.ID.RecordID, AttributeID: r.ID.AttributeID}
	if ev.Type == "" {
		ev.Type = r.EventType
	}
	if r.Actor != nil {
		ev.Actor = *r.Actor
	}
	return ev, nil
}
