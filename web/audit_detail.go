package web

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/routing"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/views"
)

// auditDetail shows one audit row with its delivery: safe headers, the body pretty-printed, the
// routing decision, and every audit row of that delivery with the calls each step made.
func (h *console) auditDetail(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, _ := c.ParamsInt("id")
	row, err := h.Store.ConsoleGetAudit(ctx, int64(id))
	if errors.Is(err, sql.ErrNoRows) {
		return h.notFound(c)
	}
	if err != nil {
		return err
	}
	names, _, err := h.connNames(c)
	if err != nil {
		return err
	}
	var conn *connection.Connection
	if row.ConnectionID.Valid {
		if conn, err = h.Connections.Get(ctx, row.ConnectionID.Int64); err != nil && !errors.Is(err, connection.ErrNotFound) {
			return err
		}
	}
	d := views.AuditDetail{Row: detailRow(row, names), Mirror: mirrorNote(conn, row.Status)}
	d.Decision, d.Calls, d.Extra = splitDetail(row.DetailJson)
	if row.InboxID.Valid {
		job, err := h.Store.GetInbox(ctx, row.InboxID.Int64)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			d.Problem = "The delivery behind this row is no longer kept (finished deliveries are kept 8 days)."
		case err != nil:
			return err
		default:
			d.Row.JobStatus = job.Status
			d.Job = jobView(job)
			d.Live = job.Status == store.StatusQueued || job.Status == store.StatusRunning
		}
		timeline, err := h.Store.ListAuditForInbox(ctx, row.InboxID)
		if err != nil {
			return err
		}
		for _, t := range timeline {
			_, calls, _ := splitDetail(t.DetailJson)
			d.Timeline = append(d.Timeline, views.TimelineItem{Row: detailRow(t, names), Calls: calls, Current: t.ID == row.ID})
		}
	}
	switch c.Query("replayed") {
	case "1":
		d.Saved = "Queued again with fresh attempts; this page follows it until it finishes."
	case "0":
		d.Problem = "Not replayed: the delivery is not finished (it is queued or running)."
	}
	return render(c, fiber.StatusOK, views.AuditDetailPage(h.page(c, "Audit row", "audit"), d))
}

func detailRow(a store.AuditRow, names map[int64]string) views.AuditRow {
	return auditRowView(a.ID, a.ConnectionID.Int64, a.InboxID.Int64, a.Source, a.Entity, a.Status, a.Message, a.CreatedAt, "", names)
}

// splitDetail takes the routing decision and the calls out of an audit row's detail and
// pretty-prints the rest. Inbound rows name calls "attio_calls", outbound rows "calls".
func splitDetail(detailJSON string) (*views.DecisionView, []string, string) {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(detailJSON), &m) != nil {
		return nil, nil, prettyJSON([]byte(detailJSON))
	}
	var dv *views.DecisionView
	if raw, ok := m["decision"]; ok {
		var d routing.Decision
		if json.Unmarshal(raw, &d) == nil {
			dv = &views.DecisionView{Branch: string(d.Branch), Cause: string(d.Cause), Reason: d.Reason, ProjectRecordID: d.ProjectRecordID}
			for _, s := range d.Steps {
				dv.Steps = append(dv.Steps, s.Text)
			}
			delete(m, "decision")
		}
	}
	var calls []string
	for _, key := range []string{"attio_calls", "calls"} {
		if raw, ok := m[key]; ok {
			var cs []string
			if json.Unmarshal(raw, &cs) == nil {
				calls = append(calls, cs...)
				delete(m, key)
			}
		}
	}
	if len(m) == 0 {
		return dv, calls, ""
	}
	return dv, calls, readableJSON(m)
}

// readableJSON re-encodes the rest of a detail indented and without \u003c-style escapes
// (audit details are stored by json.Marshal, which escapes <, > and &), so an admin reads
// the text as it was; the page escapes it.
func readableJSON(m map[string]json.RawMessage) string {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	decoded := make(map[string]any, len(m))
	for k, raw := range m {
		var v any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if dec.Decode(&v) != nil {
			v = string(raw)
		}
		decoded[k] = v
	}
	if enc.Encode(decoded) != nil {
		return ""
	}
	return clipShown(strings.TrimRight(out.String(), "\n"))
}

// maxBodyShown bounds the body text on the page (bodies are at most 1 MiB).
const maxBodyShown = 256 << 10

// prettyJSON indents JSON for reading, keeping the keys in the order they were sent. Encoders
// (Go's among them) write <, > and & as \u003c, \u003e and \u0026; those are turned back into
// the characters, which is the same JSON, so markup sent by Toggl or Attio reads as the text it
// is (the page escapes it). Non-JSON is shown as sent.
func prettyJSON(b []byte) string {
	var out bytes.Buffer
	if json.Indent(&out, bytes.TrimSpace(b), "", "  ") != nil {
		return clipShown(string(b))
	}
	return clipShown(string(unescapeHTMLSequences(out.Bytes())))
}

// htmlEscapes are the \u sequences JSON encoders use to keep markup out of HTML.
var htmlEscapes = map[string]byte{"003c": '<', "003e": '>', "0026": '&'}

// unescapeHTMLSequences rewrites \u003c, \u003e and \u0026 in valid JSON; every other escape,
// including an escaped backslash followed by "u003c", stays as it is.
func unescapeHTMLSequences(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			if c, ok := htmlEscapes[strings.ToLower(string(b[i+2:i+6]))]; ok {
				out = append(out, c)
				i += 5
				continue
			}
		}
		out = append(out, b[i], b[i+1]) // an escape pair: never split it
		i++
	}
	return out
}

func clipShown(s string) string {
	if len(s) > maxBodyShown {
		return s[:maxBodyShown] + "\n… (cut at 256 KiB)"
	}
	return s
}

// secretish header names are never shown even if a stored value slipped through.
var secretish = []string{"signature", "authorization", "cookie", "secret", "token", "api-key"}

func jobView(j store.Job) *views.JobView {
	v := &views.JobView{ID: j.ID, Source: j.Source, Kind: j.Kind, Entity: j.EntityKey, Status: j.Status,
		Attempts: j.Attempts, LastError: j.LastError, WaitReason: j.WaitReason,
		NextAttempt: views.FmtMs(j.NextAttemptAt), Received: views.FmtMs(j.ReceivedAt), Finished: "not yet",
		Body:      prettyJSON(j.Body),
		CanReplay: j.Status == store.StatusDead || j.Status == store.StatusDone || j.Status == store.StatusSkipped}
	if j.FinishedAt.Valid {
		v.Finished = views.FmtMs(j.FinishedAt.Int64)
	}
	var headers map[string]string
	_ = json.Unmarshal([]byte(j.HeadersJson), &headers)
	for _, name := range sortedKeys(headers) {
		value := headers[name]
		lower := strings.ToLower(name)
		for _, s := range secretish {
			if strings.Contains(lower, s) && value != "(present, not stored)" {
				value = "(hidden)"
			}
		}
		v.Headers = append(v.Headers, [2]string{name, value})
	}
	return v
}
