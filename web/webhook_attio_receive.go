package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/utils"

	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/store"
)

// AttioEvent is one event of Attio's batched delivery, stored as its own inbox job
// (docs/api/attio.md §5 "Delivery body"). Events carry ids only.
type AttioEvent struct {
	WebhookID string          `json:"webhook_id"`
	EventType string          `json:"event_type"`
	Actor     json.RawMessage `json:"actor,omitempty"`
	Raw       json.RawMessage `json:"raw"` // the event exactly as delivered
}

type attioEnvelope struct {
	WebhookID string            `json:"webhook_id"`
	Events    []json.RawMessage `json:"events"`
}

type attioEventHead struct {
	EventType string `json:"event_type"`
	ID        struct {
		ObjectID string `json:"object_id"`
		RecordID string `json:"record_id"`
		ListID   string `json:"list_id"`
		EntryID  string `json:"entry_id"`
	} `json:"id"`
	Actor json.RawMessage `json:"actor"`
}

// webhookAttioReceive takes an Attio delivery: Attio-Signature (or the legacy
// X-Attio-Signature) checked over the raw body before parsing, then every event of the batch
// checked, then all stored as jobs in one transaction (or none), deduplicated by
// Idempotency-Key and position, and acknowledged.
func (h *Handler) webhookAttioReceive(c *fiber.Ctx) error {
	in, ok, err := h.startIntake(c, "attio")
	if !ok {
		return err
	}
	ctx, conn, body, reject := in.ctx, in.conn, in.body, in.reject
	audit, now := in.audit, h.Now()
	header := c.Get(signature.AttioHeader)
	if header == "" {
		header = c.Get(signature.AttioLegacyHeader)
	}
	if header == "" {
		return reject(fiber.StatusUnauthorized, "missing "+signature.AttioHeader+" header")
	}
	secrets, err := h.Connections.AttioSecrets(ctx, conn.ID)
	if err != nil {
		return err
	}
	verified := false
	for _, s := range secrets {
		if signature.VerifyAttio(s.Secret, body, header) {
			verified = true
			break
		}
	}
	if !verified {
		return reject(fiber.StatusUnauthorized, "signature does not match this connection's Attio webhook")
	}
	var env attioEnvelope
	if err := json.Unmarshal(body, &env); err != nil || env.Events == nil {
		return reject(fiber.StatusBadRequest, "body is not Attio's {webhook_id, events} envelope")
	}
	key := utils.CopyString(c.Get("Idempotency-Key"))
	headers := safeHeadersJSON(c)
	// Every event is read before any is stored: a delivery is accepted whole or refused whole.
	events := make([]store.NewEvent, 0, len(env.Events))
	audits := make([]store.Audit, 0, len(env.Events))
	for i, raw := range env.Events {
		var head attioEventHead
		if err := json.Unmarshal(raw, &head); err != nil || head.EventType == "" {
			return reject(fiber.StatusBadRequest, "event "+strconv.Itoa(i)+" has no event_type; nothing of this delivery was stored")
		}
		entity := "record:" + head.ID.RecordID
		if head.ID.EntryID != "" {
			entity = "entry:" + head.ID.EntryID
		}
		job, _ := json.Marshal(AttioEvent{WebhookID: env.WebhookID, EventType: head.EventType, Actor: head.Actor, Raw: raw})
		events = append(events, store.NewEvent{
			ConnectionID: conn.ID, Source: "attio", DedupeKey: attioDedupeKey(key, i, raw), EntityKey: entity,
			Kind: head.EventType, Body: job, HeadersJSON: headers,
		})
		a := audit
		a.Entity, a.Status, a.Message = entity, "accepted", head.EventType+" queued"
		audits = append(audits, a)
	}
	accepted := 0
	if len(events) > 0 {
		stored, err := h.Store.EnqueueBatch(ctx, events, audits, now)
		if err != nil {
			return err
		}
		for _, e := range stored {
			if !e.Dup {
				accepted++
			}
		}
	}
	if accepted > 0 {
		h.Notify()
	}
	return c.JSON(fiber.Map{"status": "accepted", "events": len(env.Events), "new": accepted})
}

// attioDedupeKey identifies event i of a delivery across Attio's retries: by the
// Idempotency-Key Attio keeps for one message, or, for a delivery without one, by the event's
// own content. A content key only coalesces copies while the first is unfinished (the store
// releases it when the job ends): two identical events minutes apart can be two real edits,
// and the job re-reads the record, so a copy after that is harmless work, never a lost edit.
func attioDedupeKey(idempotencyKey string, i int, raw json.RawMessage) string {
	if idempotencyKey != "" {
		return idempotencyKey + "#" + strconv.Itoa(i)
	}
	sum := sha256.Sum256(raw)
	return "content:" + hex.EncodeToString(sum[:])
}
