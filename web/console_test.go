package web_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"toggl-attio-sync/internal/testrig"
)

const goodPassword = "correct horse battery"

type step struct {
	name       string
	method     string
	path       string
	form       url.Values // nil: no body; "_csrf" absent: the browser's token is added
	header     map[string]string
	wantStatus int
	wantIn     []string // substrings of the body (or Location header for redirects)
	wantNot    []string
}

// run plays steps in order with one browser (cookie jar), like a person clicking.
func run(t *testing.T, rig *testrig.Rig, steps []step) {
	t.Helper()
	c := rig.Browser()
	for _, s := range steps {
		var resp *http.Response
		var err error
		switch {
		case s.method == "POST" && s.header == nil:
			resp = rig.PostForm(t, c, s.path, s.form)
		default:
			var body io.Reader
			if s.form != nil {
				if _, ok := s.form["_csrf"]; !ok {
					s.form.Set("_csrf", rig.CSRF(t, c))
				}
				body = strings.NewReader(s.form.Encode())
			}
			req, _ := http.NewRequest(s.method, rig.URL+s.path, body)
			if body != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for k, v := range s.header {
				req.Header.Set(k, v)
			}
			resp, err = c.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := string(b) + "\nLocation: " + resp.Header.Get("Location")
		if resp.StatusCode != s.wantStatus {
			t.Fatalf("%s: status %d, want %d\n%s", s.name, resp.StatusCode, s.wantStatus, text)
		}
		for _, w := range s.wantIn {
			if !strings.Contains(text, w) {
				t.Fatalf("%s: response lacks %q\n%s", s.name, w, text)
			}
		}
		for _, w := range s.wantNot {
			if strings.Contains(text, w) {
				t.Fatalf("%s: response contains %q", s.name, w)
			}
		}
	}
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestFirstRunSetupLoginLogout(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	code := rig.App.SetupCode.Code()
	run(t, rig, []step{
		{name: "home before setup", method: "GET", path: "/", wantStatus: 303, wantIn: []string{"Location: /setup"}},
		{name: "login before setup", method: "GET", path: "/login", wantStatus: 303, wantIn: []string{"Location: /setup"}},
		{name: "setup page", method: "GET", path: "/setup", wantStatus: 200, wantIn: []string{"Admin password", `name="_csrf"`, "Setup code", rig.App.SetupCode.Path()}, wantNot: []string{code}},
		{name: "setup without csrf", method: "POST", path: "/setup", form: form("_csrf", "", "code", code, "password", goodPassword, "confirm", goodPassword), wantStatus: 403, wantIn: []string{"did not come from this console"}},
		{name: "setup without the setup code", method: "POST", path: "/setup", form: form("code", "guess-1234", "password", goodPassword, "confirm", goodPassword), wantStatus: 422, wantIn: []string{`id="code-error"`, "not the setup code"}},
		{name: "setup short password", method: "POST", path: "/setup", form: form("code", code, "password", "short", "confirm", "short"), wantStatus: 422, wantIn: []string{`id="password-error"`, "at least 10 characters"}},
		{name: "setup mismatch", method: "POST", path: "/setup", form: form("code", code, "password", goodPassword, "confirm", goodPassword+"!"), wantStatus: 422, wantIn: []string{`id="confirm-error"`, "differ"}},
		{name: "setup ok", method: "POST", path: "/setup", form: form("code", code, "password", goodPassword, "confirm", goodPassword), wantStatus: 303, wantIn: []string{"Location: /"}},
		{name: "home after setup", method: "GET", path: "/", wantStatus: 200, wantIn: []string{"Not configured", "Log out", `aria-current="page"`}},
		{name: "every page says not configured", method: "GET", path: "/audit", wantStatus: 200, wantIn: []string{"Not configured", "No webhook deliveries"}},
		{name: "setup again is refused", method: "GET", path: "/setup", wantStatus: 303, wantIn: []string{"Location: /login"}},
		{name: "logout", method: "POST", path: "/logout", form: form(), wantStatus: 303, wantIn: []string{"Location: /login"}},
		{name: "home after logout", method: "GET", path: "/", wantStatus: 303, wantIn: []string{"Location: /login"}},
		{name: "wrong password", method: "POST", path: "/login", form: form("password", "not the password"), wantStatus: 401, wantIn: []string{"Wrong password."}},
		{name: "right password", method: "POST", path: "/login", form: form("password", goodPassword), wantStatus: 303, wantIn: []string{"Location: /"}},
		{name: "in again", method: "GET", path: "/rules", wantStatus: 200, wantIn: []string{"Not configured"}},
		{name: "unknown page", method: "GET", path: "/nope", wantStatus: 404, wantIn: []string{"no page at this address"}},
	})
	// A second browser cannot take over setup once a password exists.
	run(t, rig, []step{
		{name: "stranger setup", method: "POST", path: "/setup", form: form("code", code, "password", "attacker password", "confirm", "attacker password"), wantStatus: 303, wantIn: []string{"Location: /login"}},
		{name: "stranger login with own password", method: "POST", path: "/login", form: form("password", "attacker password"), wantStatus: 401},
	})
}

func TestCSRFAndOrigin(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword}})
	run(t, rig, []step{
		{name: "login", method: "POST", path: "/login", form: form("password", goodPassword), wantStatus: 303},
		{name: "forged logout without token", method: "POST", path: "/logout", form: form("_csrf", ""), wantStatus: 403},
		{name: "forged logout with a guessed token", method: "POST", path: "/logout", form: form("_csrf", strings.Repeat("A", 43)), wantStatus: 403},
		{name: "cross-origin post with token", method: "POST", path: "/logout", form: form(), header: map[string]string{"Origin": "https://evil.example"}, wantStatus: 403},
		{name: "still logged in", method: "GET", path: "/", wantStatus: 200},
		{name: "htmx header token accepted", method: "POST", path: "/logout", form: form(), header: map[string]string{"HX-Request": "true"}, wantStatus: 200},
	})
}

func TestLoginThrottle(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword}})
	var steps []step
	for range 5 {
		steps = append(steps, step{name: "wrong", method: "POST", path: "/login", form: form("password", "wrong password"), wantStatus: 401})
	}
	steps = append(steps,
		step{name: "throttled even with the right password", method: "POST", path: "/login", form: form("password", goodPassword), wantStatus: 429, wantIn: []string{"Too many failed attempts"}})
	run(t, rig, steps)
}

func TestMachineEndpointsAndLimits(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	run(t, rig, []step{
		{name: "healthz", method: "GET", path: "/healthz", wantStatus: 200, wantIn: []string{"ok"}},
		{name: "readyz", method: "GET", path: "/readyz", wantStatus: 200, wantIn: []string{"ready"}},
		{name: "metrics", method: "GET", path: "/metrics", wantStatus: 200, wantIn: []string{"tas_http_requests_total", "go_goroutines"}},
		{name: "unknown page before login", method: "GET", path: "/nope", wantStatus: 303, wantIn: []string{"Location: /setup"}},
		{name: "static missing", method: "GET", path: "/static/nope.js", wantStatus: 404},
	})
	resp, err := http.Get(rig.URL + "/static/htmx-2.0.11.min.js")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		t.Fatalf("static headers: %v", resp.Header)
	}
	// An oversized body is refused from its Content-Length, before it is read. The request is
	// written by hand without its body: a client still sending when the server answers and
	// closes would see a connection reset instead of the answer.
	conn, err := net.Dial("tcp", strings.TrimPrefix(rig.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", 1<<20+1)
	resp, err = http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: %d", resp.StatusCode)
	}
}

// No secret appears in logs, HTML or the database file in plain text.
func TestSecretsNeverLeak(t *testing.T) {
	key := strings.Repeat("5e", 32)
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword, "SECRET_KEY": key}})
	c := rig.Browser()
	var pages strings.Builder
	resp := rig.PostForm(t, c, "/login", form("password", goodPassword))
	resp.Body.Close()
	var session string
	for _, ck := range resp.Cookies() {
		if ck.Name == "tas_session" {
			session = ck.Value
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
				t.Fatalf("session cookie flags: %+v", ck)
			}
		}
	}
	if session == "" {
		t.Fatal("no session cookie")
	}
	for _, p := range []string{"/", "/connection", "/audit"} {
		r, err := c.Get(rig.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		pages.Write(b)
	}
	rig.App.Store.ExecRaw(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)")
	var dbBytes []byte
	for _, suffix := range []string{"", "-wal"} {
		b, _ := os.ReadFile(filepath.Join(rig.DataDir, "toggl-attio-sync.db"+suffix))
		dbBytes = append(dbBytes, b...)
	}
	for name, secret := range map[string]string{"admin password": goodPassword, "secret key": key, "session token": session} {
		if strings.Contains(rig.Logs.String(), secret) {
			t.Errorf("%s in logs", name)
		}
		if strings.Contains(pages.String(), secret) {
			t.Errorf("%s in HTML", name)
		}
		if strings.Contains(string(dbBytes), secret) {
			t.Errorf("%s in the database file", name)
		}
	}
}

// The CSRF token counts only from the form body or the header: one in the query string (where
// it would leak through logs, history and Referer) is refused.
func TestCSRFTokenNotFromQueryString(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword}})
	c := rig.Browser()
	resp := rig.PostForm(t, c, "/login", form("password", goodPassword))
	resp.Body.Close()
	token := rig.CSRF(t, c)
	req, _ := http.NewRequest("POST", rig.URL+"/logout?_csrf="+url.QueryEscape(token), strings.NewReader(""))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("token in the query string: status %d, want 403", resp.StatusCode)
	}
	// The same token in the body works, multipart included.
	var body strings.Builder
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", token)
	mw.Close()
	req, _ = http.NewRequest("POST", rig.URL+"/logout", strings.NewReader(body.String()))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if resp, err = c.Do(req); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("token in a multipart body: status %d, want 303", resp.StatusCode)
	}
}

// Over https the cookies carry the __Host- prefix: Secure, path /, no Domain.
func TestHostPrefixedCookiesOverHTTPS(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword, "PUBLIC_URL": "https://sync.example.test"}})
	c := rig.Browser()
	resp := rig.PostForm(t, c, "/login", form("password", goodPassword))
	resp.Body.Close()
	names := map[string]bool{}
	for _, ck := range resp.Cookies() {
		names[ck.Name] = true
		if !ck.Secure || ck.Path != "/" || ck.Domain != "" {
			t.Fatalf("cookie %s: %+v", ck.Name, ck)
		}
	}
	if !names["__Host-tas_session"] || !names["__Host-tas_csrf"] {
		t.Fatalf("cookies set at login: %v", names)
	}
}

// With METRICS_TOKEN set, /metrics wants it as a bearer token.
func TestMetricsToken(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"METRICS_TOKEN": "scrape-me-please"}})
	run(t, rig, []step{
		{name: "no token", method: "GET", path: "/metrics", wantStatus: 401, wantIn: []string{"METRICS_TOKEN"}, wantNot: []string{"scrape-me-please"}},
		{name: "wrong token", method: "GET", path: "/metrics", header: map[string]string{"Authorization": "Bearer scrape-me-later"}, wantStatus: 401},
		{name: "basic instead of bearer", method: "GET", path: "/metrics", header: map[string]string{"Authorization": "Basic c2NyYXBlLW1lLXBsZWFzZQ=="}, wantStatus: 401},
		{name: "right token", method: "GET", path: "/metrics", header: map[string]string{"Authorization": "Bearer scrape-me-please"}, wantStatus: 200, wantIn: []string{"tas_http_requests_total"}},
		{name: "health stays open", method: "GET", path: "/readyz", wantStatus: 200},
	})
}

// A GET or HEAD on a webhook URL (an uptime check, a sender probing) gets 200 and one line,
// not the console's login redirect, and the same answer whether the connection exists or not.
func TestWebhookURLsAnswerProbes(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	for _, path := range []string{"/webhooks/toggl/nope", "/webhooks/attio/nope"} {
		run(t, rig, []step{
			{name: "GET " + path, method: "GET", path: path, wantStatus: 200, wantIn: []string{"deliveries are POSTed here"}, wantNot: []string{"/login", "nope"}},
			{name: "HEAD " + path, method: "HEAD", path: path, wantStatus: 200},
		})
	}
}

// Behind a trusted proxy the throttle counts per real client: five wrong passwords from one
// address do not lock out the admin arriving from another. Untrusted peers cannot pick an
// address with X-Forwarded-For.
func TestLoginThrottlePerRealClientBehindProxy(t *testing.T) {
	wrong := func(name, xff string) step {
		return step{name: name, method: "POST", path: "/login", form: form("password", "wrong password"), header: map[string]string{"X-Forwarded-For": xff}, wantStatus: 401}
	}
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword, "TRUSTED_PROXIES": "127.0.0.1/32,::1"}})
	var steps []step
	for range 5 {
		steps = append(steps, wrong("guesser", "203.0.113.66"))
	}
	steps = append(steps,
		step{name: "the guesser is throttled", method: "POST", path: "/login", form: form("password", goodPassword), header: map[string]string{"X-Forwarded-For": "203.0.113.66"}, wantStatus: 429, wantIn: []string{"Too many failed attempts"}},
		step{name: "the admin from elsewhere gets in", method: "POST", path: "/login", form: form("password", goodPassword), header: map[string]string{"X-Forwarded-For": "198.51.100.7"}, wantStatus: 303})
	run(t, rig, steps)

	untrusted := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword}})
	steps = nil
	for i := range 5 {
		steps = append(steps, wrong("spoofing", fmt.Sprintf("203.0.113.%d", i)))
	}
	steps = append(steps, step{name: "a spoofed header changes nothing", method: "POST", path: "/login", form: form("password", goodPassword), header: map[string]string{"X-Forwarded-For": "198.51.100.7"}, wantStatus: 429})
	run(t, untrusted, steps)
}

// Refused webhook requests for a connection write a bounded number of audit rows, whatever
// their number: 300 unsigned posts cost at most a minute's budget (plus one count row per
// minute), and each is still answered 401.
func TestRefusedWebhooksAreBoundedInTheAudit(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	conn, err := rig.App.Conns.Create(context.Background(), "bounded")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		resp, err := http.Post(rig.URL+"/webhooks/toggl/"+conn.Slug, "application/json", strings.NewReader(`{"event_id":1}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Fatalf("post %d: %d", i, resp.StatusCode)
		}
	}
	var rows int
	if err := rig.App.Store.QueryRowRaw("SELECT count(*) FROM audit WHERE connection_id = ?", conn.ID).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	// The posts may straddle a minute boundary: two minutes' budgets and one count row.
	if rows == 0 || rows > 2*20+1 {
		t.Fatalf("%d audit rows for 300 refused requests", rows)
	}
}
