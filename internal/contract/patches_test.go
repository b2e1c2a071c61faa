package contract

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// attioAttribute is a GET attribute answer for a non-currency attribute, shaped like
// docs/api/attio.md §2 (currency config all null); config is spliced in as JSON.
func attioAttribute(currency string) string {
	return `{"data":{"id":{"workspace_id":"14beef7a-99f7-4534-a87e-70b564330a4c",` +
		`"object_id":"97052eb9-e65e-443f-a297-f2d9a4a7f795","attribute_id":"41252299-f8c7-4b5e-99c9-4ff8321d2f96"},` +
		`"title":"Notes","description":null,"api_slug":"notes","type":"text","is_system_attribute":false,` +
		`"is_writable":true,"is_required":false,"is_unique":false,"is_multiselect":false,` +
		`"is_default_value_enabled":false,"is_archived":false,"default_value":null,"relationship":null,` +
		`"created_at":"2021-11-21T13:22:49.061Z",` +
		`"config":{"currency":` + currency + `,"record_reference":{"allowed_object_ids":null}}}}`
}

// attioList is a GET list answer (docs/api/attio.md §4) with the given workspace_access (JSON).
func attioList(access string) string {
	return `{"data":{"id":{"workspace_id":"14beef7a-99f7-4534-a87e-70b564330a4c",` +
		`"list_id":"33ebdbe9-e529-47c9-b894-0ba25e9c15c0"},"api_slug":"time_entries","name":"Time entries",` +
		`"parent_object":["projects"],"workspace_access":` + access + `,"workspace_member_access":[],` +
		`"created_by_actor":{"type":"api-token","id":"bf071e1f-6035-429d-b874-d83ea64ea13b"},` +
		`"created_at":"2023-08-22T11:50:51.000000000Z"}}`
}

// attioError is an Attio error body (docs/api/attio.md §6).
func attioError(status, code string) string {
	return `{"status_code":` + status + `,"type":"invalid_request_error","code":"` + code + `","message":"x"}`
}

const (
	attributePath = "/v2/objects/projects/attributes/notes"
	listPath      = "/v2/lists/time_entries"
	recordsPath   = "/v2/objects/projects/records"
	recordPath    = recordsPath + "/bf071e1f-6035-429d-b874-d83ea64ea13b"
	entriesPath   = listPath + "/entries"
	entryBody     = `{"data":{"parent_record_id":"bf071e1f-6035-429d-b874-d83ea64ea13b","parent_object":"projects","entry_values":{}}}`
	projectsPath  = "/api/v9/workspaces/1/projects"
	entriesTrack  = "/api/v9/workspaces/1/time_entries"
	entryTrack    = entriesTrack + "/3050537739"
	entryCreate   = `{"created_with":"toggl-attio-sync","workspace_id":1,"start":"2024-01-02T10:00:00Z","duration":-1,"project_id":99}`
	nullCurrency  = `{"default_currency_code":null,"display_type":null}`
)

// patchedTraffic is the real traffic each patch was made for,
// with what the unpatched spec reports about it. With the patches there must be no problem.
var patchedTraffic = []struct {
	exchangeCase
	unpatched string // a substring of the problem reported without the patch
	inCode    bool   // the patch is code (status_only.go), not a spec rewrite
}{
	{exchangeCase{name: "C4 attribute with null currency config", spec: Attio, method: "GET", path: attributePath,
		auth: attioAuth, status: 200, contentType: "application/json", respBody: attioAttribute(nullCurrency)},
		"at $.data.config.currency.display_type", false},
	{exchangeCase{name: "C4 list with null workspace access", spec: Attio, method: "GET", path: listPath,
		auth: attioAuth, status: 200, contentType: "application/json", respBody: attioList("null")},
		"at $.data.workspace_access", false},
	{exchangeCase{name: "C5 create record: uniqueness_conflict", spec: Attio, method: "POST", path: recordsPath,
		auth: attioAuth, reqBody: attioCreateBody, status: 400, contentType: "application/json",
		respBody: attioError("400", "uniqueness_conflict")}, "value must be 'value_not_found' at $.code", false},
	{exchangeCase{name: "C5 assert record: matching_attribute_definition_not_unique", spec: Attio, method: "PUT",
		path: recordsPath + "?matching_attribute=name", auth: attioAuth, reqBody: attioCreateBody, status: 400,
		contentType: "application/json", respBody: attioError("400", "matching_attribute_definition_not_unique")},
		"value must be 'value_not_found' at $.code", false},
	{exchangeCase{name: "C5 create entry: uniqueness_conflict", spec: Attio, method: "POST", path: entriesPath,
		auth: attioAuth, reqBody: entryBody, status: 400, contentType: "application/json",
		respBody: attioError("400", "uniqueness_conflict")}, "value must be 'value_not_found' at $.code", false},
	{exchangeCase{name: "C6 create project: 400 bad colour as plain text", spec: TogglTrack, method: "POST",
		path: projectsPath, auth: togglAuth, reqBody: `{"name":"Website","color":"blue"}`, status: 400,
		contentType: "text/plain; charset=utf-8",
		respBody:    "Error in validating color 'blue'. Project color must be a hex value in the form of #[0-9a-f]{6}."},
		"status 400 is not declared", false},
	{exchangeCase{name: "C6 create project: 400 as a JSON string", spec: TogglTrack, method: "POST",
		path: projectsPath, auth: togglAuth, reqBody: `{"name":"Website","client_id":5}`, status: 400,
		contentType: "application/json", respBody: `"Client with the ID 5 isn't present in workspace 1"`},
		"status 400 is not declared", false},
	{exchangeCase{name: "C7 create time entry: 400 as a JSON string", spec: TogglTrack, method: "POST",
		path: entriesTrack, auth: togglAuth, reqBody: entryCreate, status: 400, contentType: "application/json",
		respBody: `"Conflict with project/workspace: project needs to be in the same workspace as the time entry"`},
		"status 400 is not declared", false},
	{exchangeCase{name: "status-only delete: empty 200 without content type", spec: TogglTrack, method: "DELETE",
		path: entryTrack, auth: togglAuth, status: 200}, "content type '' does not exist", true},
	{exchangeCase{name: "status-only delete: empty 200 with a JSON content type", spec: TogglTrack, method: "DELETE",
		path: entryTrack, auth: togglAuth, status: 200, contentType: "application/json"},
		"response object is missing", true},
}

// Each in-memory patch (specs/README.md C4–C7 and the status-only rule) lets the real traffic it
// was made for through, and still reports nearby variants that stay invalid.
func TestPatchedSpecCases(t *testing.T) {
	var cases []exchangeCase
	for _, tc := range patchedTraffic {
		cases = append(cases, tc.exchangeCase)
	}
	cases = append(cases, []exchangeCase{
		// C4: enums of null-admitting types take null, and nothing else new
		{name: "C4 attribute with a real currency config", spec: Attio, method: "GET", path: attributePath,
			auth: attioAuth, status: 200, contentType: "application/json",
			respBody: attioAttribute(`{"default_currency_code":"EUR","display_type":"symbol"}`)},
		{name: "C4 attribute with an unknown display type", spec: Attio, method: "GET", path: attributePath,
			auth: attioAuth, status: 200, contentType: "application/json",
			respBody: attioAttribute(`{"default_currency_code":null,"display_type":"bogus"}`),
			want:     "at $.data.config.currency.display_type"},
		{name: "C4 attribute with an empty currency code", spec: Attio, method: "GET", path: attributePath,
			auth: attioAuth, status: 200, contentType: "application/json",
			respBody: attioAttribute(`{"default_currency_code":"","display_type":null}`),
			want:     "at $.data.config.currency.default_currency_code"},
		{name: "C4 list with an unknown workspace access", spec: Attio, method: "GET", path: listPath,
			auth: attioAuth, status: 200, contentType: "application/json", respBody: attioList(`"everyone"`),
			want: "at $.data.workspace_access"},

		// C5: only the documented codes, only where documented
		{name: "C5 create record: spec's own value_not_found still passes", spec: Attio, method: "POST", path: recordsPath,
			auth: attioAuth, reqBody: attioCreateBody, status: 400, contentType: "application/json",
			respBody: attioError("400", "value_not_found")},
		{name: "C5 create record: code documented elsewhere", spec: Attio, method: "POST", path: recordsPath,
			auth: attioAuth, reqBody: attioCreateBody, status: 400, contentType: "application/json",
			respBody: attioError("400", "matching_attribute_definition_not_unique"), want: "at $.code"},
		{name: "C5 create record: uniqueness_conflict with a 409 status_code field", spec: Attio, method: "POST",
			path: recordsPath, auth: attioAuth, reqBody: attioCreateBody, status: 400, contentType: "application/json",
			respBody: attioError("409", "uniqueness_conflict"), want: "at $.status_code"},
		{name: "C5 assert record: uniqueness_conflict is not documented there", spec: Attio, method: "PUT",
			path: recordsPath + "?matching_attribute=name", auth: attioAuth, reqBody: attioCreateBody, status: 400,
			contentType: "application/json", respBody: attioError("400", "uniqueness_conflict"), want: "at $.code"},
		{name: "C5 update record: uniqueness_conflict is not documented there", spec: Attio, method: "PATCH",
			path: recordPath, auth: attioAuth, reqBody: attioCreateBody, status: 400,
			contentType: "application/json", respBody: attioError("400", "uniqueness_conflict"), want: "at $.code"},

		// C6, C7: the 400 body is still typed, other statuses and operations stay undeclared
		{name: "C6 create project: 400 as a JSON object", spec: TogglTrack, method: "POST", path: projectsPath,
			auth: togglAuth, reqBody: `{"name":"Website","color":"blue"}`, status: 400, contentType: "application/json",
			respBody: `{"error":"bad colour"}`, want: "want string at $"},
		{name: "C6 create project: 409 stays undeclared", spec: TogglTrack, method: "POST", path: projectsPath,
			auth: togglAuth, reqBody: `{"name":"Website"}`, status: 409, contentType: "text/plain",
			respBody: "conflict", want: "status 409 is not declared"},
		{name: "C7 create time entry: 400 as a JSON object", spec: TogglTrack, method: "POST", path: entriesTrack,
			auth: togglAuth, reqBody: entryCreate, status: 400, contentType: "application/json",
			respBody: `{"error":"conflict"}`, want: "want string at $"},
		{name: "C7 update time entry: 400 stays undeclared", spec: TogglTrack, method: "PUT", path: entryTrack,
			auth: togglAuth, reqBody: `{"description":"x"}`, status: 400, contentType: "text/plain",
			respBody: "bad", want: "status 400 is not declared"},

		// status-only: only the empty body is excused, only on those operations
		{name: "status-only delete: a JSON string body is checked and passes", spec: TogglTrack, method: "DELETE",
			path: entryTrack, auth: togglAuth, status: 200, contentType: "application/json", respBody: `"OK"`},
		{name: "status-only delete: an object body", spec: TogglTrack, method: "DELETE",
			path: entryTrack, auth: togglAuth, status: 200, contentType: "application/json", respBody: `{"deleted":true}`,
			want: "want string at $"},
		{name: "status-only delete: a plain-text body", spec: TogglTrack, method: "DELETE",
			path: entryTrack, auth: togglAuth, status: 200, contentType: "text/plain", respBody: "OK", want: "text/plain"},
		{name: "status-only delete: 204 stays undeclared", spec: TogglTrack, method: "DELETE",
			path: entryTrack, auth: togglAuth, status: 204, want: "status 204 is not declared"},
		{name: "other operation: an empty 200 is still a missing body", spec: TogglTrack, method: "GET",
			path: "/api/v9/workspaces/1/projects/202", auth: togglAuth, status: 200, want: "content type ''"},
	}...)
	runExchangeCases(t, cases)
}

// Without its patch, each piece of patchedTraffic is reported: the patches are what lets it
// through. Spec rewrites are left out of a fresh build; the status-only rule is code, so its
// traffic is put to the library directly.
func TestPatchesAreNeeded(t *testing.T) {
	unpatched := map[Spec]*Validator{}
	for _, s := range []Spec{Attio, TogglTrack} {
		var older []rewrite
		for _, rw := range rewrites {
			if id := rw.id[:2]; id == "C1" || id == "C2" || id == "C3" {
				older = append(older, rw)
			}
		}
		v, err := buildWith(s, older)
		if err != nil {
			t.Fatal(err)
		}
		unpatched[s] = v
	}
	for _, tc := range patchedTraffic {
		t.Run(tc.name, func(t *testing.T) {
			v := unpatched[tc.spec]
			if tc.inCode {
				v = mustLoad(t, tc.spec)
			}
			req := newRequest(tc.method, tc.path, tc.auth, tc.reqBody)
			resp := newResponse(tc.status, tc.contentType, tc.respBody)
			var problems []string
			if tc.inCode {
				problems = v.specResponseProblems(req, resp, []byte(tc.respBody))
			} else {
				problems = append(v.CheckRequest(req), v.CheckResponse(req, resp)...)
			}
			assertProblems(t, problems, tc.unpatched)
		})
	}
}

// C4 changes exactly the documented fields (rewrite_null_enum.go lists the evidence for each);
// a spec update that adds another null-admitting enum fails here until it is looked at.
func TestNullEnumRewriteTouchesOnlyDocumentedFields(t *testing.T) {
	raw, err := specs.ReadFile(specInfos[Attio].file)
	if err != nil {
		t.Fatal(err)
	}
	doc := decodeSpec(t, raw)
	got := appendNullToEnums(doc)
	want := map[string]int{"default_currency_code": 1, "display_type": 1, "workspace_access": 3,
		"currency_code": 15, "country_code": 20}
	if len(got) != len(want) {
		t.Fatalf("rewritten fields = %v, want %v", got, want)
	}
	for field, n := range want {
		if got[field] != n {
			t.Errorf("rewritten fields = %v, want %v", got, want)
			break
		}
	}
	if again := appendNullToEnums(doc); len(again) != 0 {
		t.Errorf("second pass still rewrote %v", again)
	}
	if err := enumsAdmitNull(doc); err == nil || !strings.Contains(err.Error(), "no enum") {
		t.Errorf("enumsAdmitNull with nothing left to do = %v, want an error", err)
	}
	// an enum whose type does not admit null is left alone
	plain := map[string]any{"type": "string", "enum": []any{"a"}}
	if changed := appendNullToEnums(plain); len(changed) != 0 {
		t.Errorf("rewrote a non-nullable enum: %v", plain)
	}
}

func TestRewritesFailWhenTheirTargetChanged(t *testing.T) {
	attio := func() map[string]any {
		raw, _ := specs.ReadFile(specInfos[Attio].file)
		return decodeSpec(t, raw)
	}
	track := func() map[string]any {
		raw, _ := specs.ReadFile(specInfos[TogglTrack].file)
		return decodeSpec(t, raw)
	}
	doc := attio()
	if err := widenAttio400Codes(doc); err != nil {
		t.Fatalf("C5 on the embedded spec: %v", err)
	}
	if err := widenAttio400Codes(doc); err == nil || !strings.Contains(err.Error(), "already declared") {
		t.Errorf("C5 twice = %v, want an 'already declared' error", err)
	}
	if err := widenErrorCodeEnum(attio(), "/v2/self", "get", "400", []string{"x"}); err == nil {
		t.Error("C5 on an operation without a 400 body succeeded")
	}
	doc = track()
	if err := copyProjectUpdate400ToCreate(doc); err != nil {
		t.Fatalf("C6 on the embedded spec: %v", err)
	}
	if err := copyProjectUpdate400ToCreate(doc); err == nil || !strings.Contains(err.Error(), "already declares 400") {
		t.Errorf("C6 twice = %v", err)
	}
	if err := declareTimeEntryCreate400(doc); err != nil {
		t.Fatalf("C7 on the embedded spec: %v", err)
	}
	if err := declareTimeEntryCreate400(doc); err == nil {
		t.Error("C7 twice succeeded")
	}
	created := dig(doc, "paths", trackProjects, "post", "responses", "400")
	updated := dig(doc, "paths", trackProject, "put", "responses", "400")
	created["description"] = "changed"
	if updated["description"] == "changed" {
		t.Error("C6 shares the PUT response map instead of copying it")
	}
}

// The status-only rule keys on a description; these are the operations it covers in the
// embedded Track spec, so a spec update that changes the wording shows up here.
func TestStatusOnlyOperations(t *testing.T) {
	raw, err := specs.ReadFile(specInfos[TogglTrack].file)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	paths, _ := decodeSpec(t, raw)["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			opMap, isOp := op.(map[string]any)
			if !isOp {
				continue // a path-level "parameters" list
			}
			for status, resp := range dig(opMap, "responses") {
				desc, _ := resp.(map[string]any)["description"].(string)
				if strings.HasPrefix(status, "2") && strings.HasPrefix(desc, statusOnlyMarker) {
					got = append(got, method+" "+path+" "+status)
				}
			}
		}
	}
	want := []string{
		"delete /workspaces/{workspace_id}/scheduled_reports/{report_id} 200",
		"delete /workspaces/{workspace_id}/time_entries/{time_entry_id} 200",
		"delete /workspaces/{workspace_id}/track_reminders/{reminder_id} 200",
		"post /organizations/{organization_id}/subscription/discount_request 200",
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("status-only responses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func decodeSpec(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// An empty answer gets the same verdict on the client side (Transport) and the emulator side
// (Middleware): excused on a "Returns only status code." operation, a missing body elsewhere.
func TestEmptyBodiesOverTheWire(t *testing.T) {
	emulator := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(http.StatusOK) // and no body
	})
	cases := []struct {
		method, path string
		want         [][]string
	}{
		{"DELETE", entryTrack, nil},
		{"GET", "/api/v9/workspaces/1/projects/202",
			[][]string{{"GET /api/v9/workspaces/1/projects/202 → 200", "response object is missing"}}},
	}
	for _, side := range []string{"transport", "middleware"} {
		for _, tc := range cases {
			t.Run(side+" "+tc.method, func(t *testing.T) {
				rep := &fakeReporter{}
				handler, transport := http.Handler(emulator), http.DefaultTransport
				if side == "middleware" {
					handler = Middleware(rep, emulator)
				} else {
					transport = Transport(rep, nil)
				}
				srv := httptest.NewServer(handler)
				defer srv.Close()
				req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Authorization", togglAuth)
				resp, err := (&http.Client{Transport: transport}).Do(req)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.Header.Get("Content-Type") != "" && tc.method == "DELETE" {
					t.Fatalf("emulator sent a Content-Type: %q", resp.Header.Get("Content-Type"))
				}
				rep.expectReports(t, tc.want...)
			})
		}
	}
}
