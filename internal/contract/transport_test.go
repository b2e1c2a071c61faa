package contract

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// fakeToggl answers like Toggl Track for the project and webhook paths the tests use, and
// records the request bodies it received.
type fakeToggl struct {
	project string // JSON body for GET …/projects/202
	bodies  chan string
}

func (f *fakeToggl) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.bodies <- string(body)
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/v9/workspaces/1/projects/202":
		io.WriteString(w, f.project)
	case "/api/v9/workspaces/1/projects":
		io.WriteString(w, f.project)
	default:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `"not found"`)
	}
}

func TestTransport(t *testing.T) {
	cases := []struct {
		name, method, path, body, project string
		wantReports                       [][]string
	}{
		{name: "valid exchange", method: "GET", path: "/api/v9/workspaces/1/projects/202", project: togglProject},
		{name: "valid create with body", method: "POST", path: "/api/v9/workspaces/1/projects",
			body: `{"name":"Website","active":true}`, project: togglProject},
		{name: "invalid response", method: "GET", path: "/api/v9/workspaces/1/projects/202",
			project:     strings.Replace(togglProject, `"name":"Website"`, `"name":5`, 1),
			wantReports: [][]string{{"GET /api/v9/workspaces/1/projects/202 → 200", "toggl-track", "want string at $.name"}}},
		{name: "invalid request body", method: "POST", path: "/api/v9/workspaces/1/projects",
			body: `{"name":7}`, project: togglProject,
			wantReports: [][]string{{"POST /api/v9/workspaces/1/projects → 200", "want string at $.name"}}},
		{name: "unknown path reported once", method: "GET", path: "/api/v9/workspaces/1/nothing_here",
			wantReports: [][]string{{"GET /api/v9/workspaces/1/nothing_here → 404", "no path matching"}}},
		{name: "path outside every spec", method: "GET", path: "/elsewhere",
			wantReports: [][]string{{"GET /elsewhere → 404", "no spec covers path"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := &fakeToggl{project: tc.project, bodies: make(chan string, 1)}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			rep := &fakeReporter{}
			client := &http.Client{Transport: Transport(rep, nil)}

			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", togglAuth)
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()

			if sent := <-fake.bodies; sent != tc.body {
				t.Errorf("server received body %q, want %q", sent, tc.body)
			}
			if resp.StatusCode == http.StatusOK && string(got) != tc.project {
				t.Errorf("client read %q, want the server's body %q", got, tc.project)
			}
			rep.expectReports(t, tc.wantReports...)
		})
	}
	if !slices.Contains(Covered(), "toggl-track GET /workspaces/{workspace_id}/projects/{project_id}") {
		t.Errorf("Covered() lacks the project operation: %v", Covered())
	}
}

// A transport error is passed through, and the request's own problems are still reported.
func TestTransportReportsRequestWhenNoResponse(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens any more
	rep := &fakeReporter{}
	client := &http.Client{Transport: Transport(rep, nil)}
	resp, err := client.Get(url + "/api/v9/me") // no credentials
	if err == nil {
		resp.Body.Close()
		t.Fatal("request to a closed server succeeded")
	}
	rep.expectReports(t, []string{"GET /api/v9/me → no response", "Authorization header was not found"})
}
