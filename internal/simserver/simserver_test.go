package simserver

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The sim subcommand answers the real API shapes: Basic for Toggl, Bearer for Attio, and
// the real services' statuses for wrong tokens.
func TestSimServesBothAPIsWithRealAuth(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	s, err := Start("127.0.0.1:0", "127.0.0.1:0", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer cancel()
	s.PrintSeed(&out)
	for _, want := range []string{"sim-toggl-token", "Globex", "Website Redesign", "toggl_project_id 20300001", "sim-attio-token", "sim-attio-member-token", "/_sim/delivery_faults"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("seed printout lacks %q:\n%s", want, out.String())
		}
	}
	get := func(url string, auth func(*http.Request)) (int, string) {
		req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
		auth(req)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	cases := []struct {
		name   string
		url    string
		auth   func(*http.Request)
		status int
		want   string
	}{
		{"toggl me", s.TogglURL + "/api/v9/me", func(r *http.Request) { r.SetBasicAuth(TogglToken, "api_token") }, 200, `"fullname":"Ada Admin"`},
		{"toggl wrong token", s.TogglURL + "/api/v9/me", func(r *http.Request) { r.SetBasicAuth("nope", "api_token") }, 403, ""},
		{"toggl no auth", s.TogglURL + "/api/v9/me", func(*http.Request) {}, 403, ""},
		{"attio self", s.AttioURL + "/v2/self", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+AttioToken) }, 200, `"active":true`},
		{"attio member self", s.AttioURL + "/v2/self", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+AttioMemberToken) },
			200, `"authorized_by_workspace_member_id":"` + s.AttioSeed.MemberID + `"`},
		{"attio wrong token", s.AttioURL + "/v2/self", func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") }, 401, ""},
		{"attio projects", s.AttioURL + "/v2/objects/projects", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+AttioToken) }, 200, `"api_slug":"projects"`},
	}
	for _, c := range cases {
		status, body := get(c.url, c.auth)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s", c.name, status, body)
		}
	}
	// The Toggl emulator's delivery loss is switched while it runs, as the printout says.
	req, _ := http.NewRequestWithContext(ctx, http.MethodPatch, s.TogglURL+"/_sim/delivery_faults", strings.NewReader(`{"drop_share":0.3}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || s.Toggl.DeliveryFaults().DropShare != 0.3 {
		t.Fatalf("PATCH delivery_faults: %d, faults now %+v", resp.StatusCode, s.Toggl.DeliveryFaults())
	}
	if _, err := Start(strings.TrimPrefix(s.TogglURL, "http://"), "127.0.0.1:0", time.Now()); err == nil || !strings.Contains(err.Error(), "cannot listen") {
		t.Fatalf("busy port: %v", err)
	}
}
