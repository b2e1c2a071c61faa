package inbound_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/signature"
	"toggl-attio-sync/internal/testrig"
)

const captured = `{"event_id":8256404788549451,"created_at":"2023-08-22T12:43:35.731Z","creator_id":9547721,"metadata":{"action":"updated","event_user_id":"9547721","model":"time_entry","model_owner_id":"9547721","path":"/api/v9/workspaces/7435584/time_entries/3095646709","request_body":"{}","request_type":"PUT","time_entry_id":"3095646709","workspace_id":"WID"},"payload":{"at":"2023-08-22T12:43:35+00:00","billable":false,"description":"C2C-2 !!","duration":3001,"duronly":true,"id":3095646709,"project_id":null,"server_deleted_at":null,"start":"2023-08-22T11:50:51Z","stop":"2023-08-22T12:40:52Z","tag_ids":null,"tags":[],"task_id":null,"uid":9547721,"user_id":9547721,"wid":WID,"workspace_id":WID},"subscription_id":10713,"timestamp":"2023-08-22T12:43:36.353083349Z","url_callback":"https://example.test/x"}`

// Bad input is refused (or ignored) before anything is stored, with an audit row, and
// never causes an Attio write.
func TestRejectedDeliveries(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	ctx := context.Background()
	other, err := f.App.Conns.Create(ctx, "other")
	must(t, err)
	must(t, f.App.Conns.SaveTogglSubscription(ctx, other.ID, connection.TogglSubscription{ID: 99, Description: "other", Secret: "other-secret", Enabled: true}))

	url := f.URL + "/webhooks/toggl/" + f.conn.Slug
	valid := strings.ReplaceAll(captured, "WID", "7435584")
	future := strings.Replace(valid, `"at":"2023-08-22T12:43:35+00:00"`, `"at":"9999-01-01T00:00:00+00:00"`, 1)
	huge := strings.Replace(valid, `"duration":3001`, `"duration":9007199254740992`, 1)
	archived := strings.Replace(valid, `"action":"updated"`, `"action":"archived"`, 1)
	tag := strings.ReplaceAll(strings.ReplaceAll(valid, `"model":"time_entry"`, `"model":"tag"`), `"time_entry_id"`, `"tag_id"`)
	cases := []struct {
		name, url, body, sig string
		status               int
		audit                string
	}{
		{"missing signature", url, valid, "", 401, "missing X-Webhook-Signature-256"},
		{"wrong signature", url, valid, signature.SignToggl("not-the-secret", []byte(valid)), 401, "does not match"},
		{"other connection's secret", url, valid, signature.SignToggl("other-secret", []byte(valid)), 401, "does not match"},
		{"signature of another body", url, valid, signature.SignToggl(secret, []byte(valid+" ")), 401, "does not match"},
		{"malformed JSON", url, `{"event_id":`, signature.SignToggl(secret, []byte(`{"event_id":`)), 400, "malformed"},
		{"at in year 9999", url, future, signature.SignToggl(secret, []byte(future)), 400, "more than a day ahead"},
		{"duration 2^53", url, huge, signature.SignToggl(secret, []byte(huge)), 400, "is longer than 366 days"},
		{"unknown action", url, archived, signature.SignToggl(secret, []byte(archived)), 400, `action "archived" is not created, updated or deleted`},
		{"unknown entity", url, tag, signature.SignToggl(secret, []byte(tag)), 200, `model "tag" is not synced`},
		{"another workspace", url, strings.ReplaceAll(captured, "WID", "999"), signature.SignToggl(secret, []byte(strings.ReplaceAll(captured, "WID", "999"))), 200, "Toggl workspace 999"},
		{"unknown connection (no audit row: not a connection's history)", f.URL + "/webhooks/toggl/nope", valid, signature.SignToggl(secret, []byte(valid)), 404, "Toggl workspace 999"},
		{"gzip-encoded body", url, valid, signature.SignToggl(secret, []byte(valid)), 415, "Toggl workspace 999"},
		{"oversized body", url, `{"x":"` + strings.Repeat("a", 1<<20) + `"}`, "sha256=00", 413, "larger than 1 MiB"},
	}
	before := writes(f)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", c.url, bytes.NewReader([]byte(c.body)))
			req.Header.Set("Content-Type", "application/json")
			if strings.HasPrefix(c.name, "gzip") {
				req.Header.Set("Content-Encoding", "gzip")
			}
			if c.sig != "" {
				req.Header.Set(signature.TogglHeader, c.sig)
			}
			resp, err := send(req)
			must(t, err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			var msg string
			f.App.Store.QueryRowRaw("SELECT message FROM audit ORDER BY id DESC LIMIT 1").Scan(&msg)
			if !strings.Contains(msg, c.audit) {
				t.Fatalf("last audit row %q, want %q", msg, c.audit)
			}
		})
	}
	var jobs int
	f.App.Store.QueryRowRaw("SELECT count(*) FROM inbox").Scan(&jobs)
	if jobs != 0 {
		t.Fatalf("%d jobs stored from rejected deliveries", jobs)
	}
	time.Sleep(100 * time.Millisecond)
	if w := writes(f) - before; w != 0 {
		t.Fatalf("%d Attio writes from rejected deliveries", w)
	}
	var stored string
	f.App.Store.QueryRowRaw("SELECT group_concat(detail_json) FROM audit").Scan(&stored)
	if strings.Contains(stored, secret) || strings.Contains(stored, "sha256=") {
		t.Fatal("a secret or signature reached the audit rows")
	}
}

// A valid signed delivery is acknowledged with 200 and queued exactly once.
func TestValidDeliveryAcknowledged(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	body := strings.ReplaceAll(captured, "WID", "7435584")
	for i, want := range []string{`"accepted"`, `"duplicate"`} {
		req, _ := http.NewRequest("POST", f.URL+"/webhooks/toggl/"+f.conn.Slug, strings.NewReader(body))
		req.Header.Set(signature.TogglHeader, signature.SignToggl(secret, []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Fatalf("delivery %d: %d %s", i+1, resp.StatusCode, b)
		}
	}
	f.settle(t)
	if n := len(f.entries()[3095646709]); n != 0 {
		// project_id null and no fallback: audit only.
		t.Fatalf("an unroutable entry was written %d times", n)
	}
}

// send posts req; a body over the 1 MiB cap is announced but not written, since the server
// answers 413 from the Content-Length and closes, and a client still writing would see a
// connection reset instead of the answer.
func send(req *http.Request) (*http.Response, error) {
	if req.ContentLength <= 1<<20 {
		return http.DefaultClient.Do(req)
	}
	conn, err := net.Dial("tcp", req.URL.Host)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", req.URL.Path, req.URL.Host, req.ContentLength)
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// A deletion is final: an update delivered after it, whatever its "at", leaves the entry
// deleted. An event refused as implausible (at in year 9999) does not block later real ones.
func TestDeletionIsFinal(t *testing.T) {
	f := newFixture(t, testrig.WorldOptions{})
	te, err := f.Toggl.CreateTimeEntry(togglToken, wid, stoppedEntry(20300001, "to be deleted"))
	must(t, err)
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 1 {
		t.Fatalf("%d entries before the deletion", n)
	}
	// A bogus far-future "at" for the entry is refused, so it cannot make later updates stale.
	post := func(at string, eventID int64) int {
		body := strings.ReplaceAll(captured, "WID", "7435584")
		body = strings.ReplaceAll(body, "3095646709", fmt.Sprint(te.ID))
		body = strings.Replace(body, `"project_id":null`, `"project_id":20300001`, 1)
		body = strings.Replace(body, `"description":"C2C-2 !!"`, `"description":"late update"`, 1)
		body = strings.Replace(body, `"at":"2023-08-22T12:43:35+00:00"`, `"at":"`+at+`"`, 1)
		body = strings.Replace(body, `"event_id":8256404788549451`, fmt.Sprintf(`"event_id":%d`, eventID), 1)
		req, _ := http.NewRequest("POST", f.URL+"/webhooks/toggl/"+f.conn.Slug, strings.NewReader(body))
		req.Header.Set(signature.TogglHeader, signature.SignToggl(secret, []byte(body)))
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post("9999-01-01T00:00:00+00:00", 1); c != 400 {
		t.Fatalf("far-future at: %d", c)
	}
	must(t, f.Toggl.DeleteTimeEntry(togglToken, wid, te.ID))
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 0 {
		t.Fatalf("%d entries after the deletion", n)
	}
	// Late updates, one older and one newer than the deletion by "at": neither revives it.
	for i, at := range []time.Time{time.Now().Add(-time.Hour), time.Now().Add(time.Hour)} {
		if c := post(at.UTC().Format(time.RFC3339), int64(2+i)); c != 200 {
			t.Fatalf("late update %d: %d", i, c)
		}
	}
	f.settle(t)
	if n := len(f.entries()[te.ID]); n != 0 {
		t.Fatalf("a late update brought the deleted entry back (%d entries)\n%s", n, f.audit(t))
	}
	if !strings.Contains(f.audit(t), "a deletion is final") {
		t.Fatalf("the audit does not say why the update was not applied:\n%s", f.audit(t))
	}
}
