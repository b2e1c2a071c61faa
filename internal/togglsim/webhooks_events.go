package togglsim

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// eventRetention is how long events stay listed (S-tw1: "We store events that we attempted to
// deliver to a subscription for a week").
const eventRetention = 7 * 24 * time.Hour

// eventJSON is one item of GET …/events (docs/api/toggl.md §2.3).
type eventJSON struct {
	EventID                int64             `json:"event_id"`
	CreatedAt              string            `json:"created_at"`
	CreatorID              int64             `json:"creator_id"`
	Metadata               map[string]string `json:"metadata"`
	Payload                json.RawMessage   `json:"payload"`
	SubscriptionID         int64             `json:"subscription_id"`
	Timestamp              string            `json:"timestamp"`
	URLCallback            string            `json:"url_callback"`
	ConsumerID             int64             `json:"consumer_id"`
	LastDeliveryAttempt    *string           `json:"last_delivery_attempt"`
	LastDeliveryError      *string           `json:"last_delivery_error"`
	FailedDeliveryAttempts int               `json:"failed_delivery_attempts"`
}

// listEvents serves GET /webhooks/api/v1/subscriptions/{wid}/{sid}/events?offset=N (docs/api/toggl.md
// §2.3: {"total", "events"}), newest first, one page of Quirks.EventsPageSize. Events lost by the
// DropEvery and DropShare faults are not listed: Toggl never knew it lost them. consumer_id is the
// subscription id (UNCONFIRMED).
func (s *Sim) listEvents(w http.ResponseWriter, r *http.Request, c *call) {
	offset := 0
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			s.writeErr(w, http.StatusBadRequest, "Invalid offset")
			return
		}
		offset = n
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := s.findSubscription(w, r, c)
	if sub == nil {
		return
	}
	s.pruneEvents(sub.ID, s.now())
	kept := s.st.events[sub.ID]
	var listed []*Event
	for i := len(kept) - 1; i >= 0; i-- {
		if !kept[i].Dropped {
			listed = append(listed, kept[i])
		}
	}
	out := struct {
		Total  int         `json:"total"`
		Events []eventJSON `json:"events"`
	}{Total: len(listed), Events: []eventJSON{}}
	for i := offset; i < len(listed) && i < offset+s.cfg.Quirks.EventsPageSize; i++ {
		ev := listed[i]
		item := eventJSON{
			EventID: ev.ID, CreatedAt: nanoTime(ev.CreatedAt), CreatorID: ev.CreatorID, Metadata: ev.Metadata,
			Payload: ev.Payload, SubscriptionID: ev.SubscriptionID, Timestamp: nanoTime(ev.CreatedAt),
			URLCallback: sub.URLCallback, ConsumerID: sub.ID, FailedDeliveryAttempts: ev.FailedDeliveryAttempts,
		}
		if ev.LastDeliveryAttempt != nil {
			t := microTime(*ev.LastDeliveryAttempt)
			item.LastDeliveryAttempt, item.Timestamp = &t, nanoTime(*ev.LastDeliveryAttempt)
		}
		if ev.LastDeliveryError != "" {
			e := ev.LastDeliveryError
			item.LastDeliveryError = &e
		}
		out.Events = append(out.Events, item)
	}
	writeJSON(w, http.StatusOK, out)
}
