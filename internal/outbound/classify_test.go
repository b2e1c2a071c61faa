package outbound

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/toggl"
	"toggl-attio-sync/internal/worker"
)

// Outbound adds a lost Company lock (retry) and conflicts (permanent) to the shared policy,
// which failure.TestClassify covers; one case of each verdict shows it is applied.
func TestClassify(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	paused := now.Add(7 * time.Second)
	cases := []struct {
		name  string
		err   error
		kind  worker.Kind
		until time.Time
	}{
		{"done", nil, worker.Done, time.Time{}},
		{"lost lock retries", errLockLost, worker.Retrying, time.Time{}},
		{"wrapped lost lock retries", fmt.Errorf("renew: %w", errLockLost), worker.Retrying, time.Time{}},
		{"conflict is permanent", conflict("two Companies named %q", "x"), worker.Permanent, time.Time{}},
		{"toggl 429 waits for the client's pause", &toggl.APIError{Status: http.StatusTooManyRequests, RetryAt: paused}, worker.Waiting, paused},
		{"attio 5xx retries", &attio.APIError{HTTPStatus: http.StatusServiceUnavailable}, worker.Retrying, time.Time{}},
		{"toggl 400 is permanent", &toggl.APIError{Status: http.StatusBadRequest, Body: `"Name has already been taken"`}, worker.Permanent, time.Time{}},
		{"skip stays a skip", worker.Skip("x"), worker.Skipped, time.Time{}},
	}
	for _, c := range cases {
		got := classify(c.err, now)
		if k := worker.Classify(got); k != c.kind {
			t.Errorf("%s: kind %v, want %v (%v)", c.name, k, c.kind, got)
			continue
		}
		var we *worker.WaitError
		if c.kind == worker.Waiting && (!errors.As(got, &we) || !we.Until.Equal(c.until) || we.Reason == "") {
			t.Errorf("%s: wait %+v, want until %v with a reason", c.name, we, c.until)
		}
	}
}

func TestNameTaken(t *testing.T) {
	for body, want := range map[string]bool{
		`"Name has already been taken"`: true,
		"client already exists":         true,
		`"Client name cannot be empty"`: false,
	} {
		if got := nameTaken(&toggl.APIError{Status: 400, Body: body}); got != want {
			t.Errorf("%s: %v", body, got)
		}
	}
	if nameTaken(&toggl.APIError{Status: 403, Body: `"Name has already been taken"`}) {
		t.Error("a 403 is not a taken name")
	}
}

func TestParseEvent(t *testing.T) {
	body := `{"webhook_id":"w","event_type":"record.updated","raw":{"event_type":"record.updated",
		"id":{"workspace_id":"ws","object_id":"o","record_id":"r","attribute_id":"a"},
		"actor":{"type":"api-token","id":"tok"}}}`
	ev, err := parseEvent([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	want := event{Type: "record.updated", ObjectID: "o", RecordID: "r", AttributeID: "a", Actor: actor{Type: "api-token", ID: "tok"}}
	if ev != want {
		t.Fatalf("got %+v, want %+v", ev, want)
	}
	// A system actor has "id": null (docs/api/attio.md §3).
	ev, err = parseEvent([]byte(`{"event_type":"record.created","raw":{"id":{"object_id":"o","record_id":"r"},"actor":{"type":"system","id":null}}}`))
	if err != nil || ev.Actor != (actor{Type: "system"}) {
		t.Fatalf("system actor: %+v %v", ev, err)
	}
	if _, err := parseEvent([]byte(`{"event_type":"record.created"}`)); err == nil {
		t.Fatal("an event without raw parsed")
	}
}
