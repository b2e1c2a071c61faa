package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
)

// The console pages against a connection that has no tokens yet: every page renders and says
// plainly what it cannot read, forms refuse bad input beside the field, and the no-JavaScript
// paths (fragments as pages, search by GET) work.
func TestConsolePagesWithoutAPIs(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": goodPassword}})
	ctx := context.Background()
	conn, err := rig.App.Conns.Create(ctx, "Acme <b>Agency</b>")
	must(t, err)
	id := fmt.Sprint(conn.ID)
	deadRow, err := rig.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Entity: "time_entry:1",
		Status: "rejected", Message: "bad <i>signature</i>"}, time.Now())
	must(t, err)
	row := fmt.Sprint(deadRow)

	run(t, rig, []step{
		{name: "login", method: "POST", path: "/login", form: form("password", goodPassword), wantStatus: 303},
		{name: "dashboard", method: "GET", path: "/", wantStatus: 200,
			wantIn:  []string{"Acme &lt;b&gt;Agency&lt;/b&gt;", `id="queue"`, "connection has no tokens yet", `hx-get="/dashboard/toggl?conn=` + id, `id="chart-events"`, "<svg", `id="build"`, "toggl-attio-sync devel"},
			wantNot: []string{"<b>Agency"}},
		{name: "toggl view without javascript", method: "GET", path: "/dashboard/toggl?conn=" + id, wantStatus: 200,
			wantIn: []string{"Toggl could not be asked", "no Toggl subscription"}},
		{name: "field map says Attio cannot be read", method: "GET", path: "/fieldmap?map=project", wantStatus: 200,
			wantIn: []string{"Attio's attributes could not be read", "toggl_project_id", `aria-current="page">Projects`}},
		{name: "field map save refused while unchecked", method: "POST", path: "/fieldmap",
			form:       form("conn", id, "map", "project", "rows", "1", "source_0", "time_entry.description", "target_0", "Bad Slug", "type_0", "text", "action", "save"),
			wantStatus: 422,
			wantIn:     []string{`id="row-0-error"`, "the projects map cannot read time_entry.description", "Bad Slug&#34; is not an Attio api_slug", `value="Bad Slug"`}},
		{name: "rules page", method: "GET", path: "/rules", wantStatus: 200, wantIn: []string{"Attio could not be read", `id="simulate-form"`, "record.created"}},
		{name: "simulate nothing chosen", method: "POST", path: "/rules/simulate", form: form("conn", id), wantStatus: 422,
			wantIn: []string{`id="paste-error"`, "Choose a recent time entry or paste one."}},
		{name: "simulate a paste that is not JSON", method: "POST", path: "/rules/simulate", form: form("conn", id, "paste", "<b>not json"), wantStatus: 422,
			wantIn: []string{"This cannot be routed: this is not JSON", "&lt;b&gt;not json"}},
		{name: "triggers need one event", method: "POST", path: "/rules/triggers", form: form("conn", id), wantStatus: 422,
			wantIn: []string{`id="triggers-error"`, "Choose at least one event."}},
		{name: "triggers saved for later", method: "POST", path: "/rules/triggers", form: form("conn", id, "event", "record.created"), wantStatus: 303,
			wantIn: []string{"Location: /rules?conn=" + id + "&saved=triggers&webhook=later"}},
		{name: "fallback search without javascript", method: "GET", path: "/rules/fallback/search?conn=" + id + "&q=Sec", wantStatus: 303,
			wantIn: []string{"Location: /rules?conn=" + id + "&q=Sec"}},
		{name: "fallback search in the page", method: "GET", path: "/rules?conn=" + id + "&q=Sec", wantStatus: 200,
			wantIn: []string{`id="fallback-search-error"`, "Attio cannot be searched"}},
		{name: "audit lists the row escaped", method: "GET", path: "/audit", wantStatus: 200,
			wantIn: []string{`id="audit-row-` + row + `"`, "bad &lt;i&gt;signature&lt;/i&gt;", `hx-trigger="every 2s"`}},
		{name: "nothing new since the newest row", method: "GET", path: "/audit/rows?since=" + row, wantStatus: 204},
		{name: "a newer row is fetched", method: "GET", path: "/audit/rows?since=0", wantStatus: 200, wantIn: []string{`id="audit-results"`}},
		{name: "detail", method: "GET", path: "/audit/" + row, wantStatus: 200,
			wantIn: []string{"Audit row " + row, "bad &lt;i&gt;signature&lt;/i&gt;", "No: refused requests are never copied to Attio"}},
		{name: "detail of a missing row", method: "GET", path: "/audit/999999", wantStatus: 404},
		{name: "replay a row without a delivery", method: "POST", path: "/audit/" + row + "/replay", form: form(), wantStatus: 303,
			wantIn: []string{"Location: /audit/" + row + "?replayed=0"}},
		{name: "mirror setting refused", method: "POST", path: "/audit/mirror", form: form("conn", id, "mirror", "everything"), wantStatus: 422},
		{name: "mirror setting saved", method: "POST", path: "/audit/mirror", form: form("conn", id, "mirror", "off"), wantStatus: 303,
			wantIn: []string{"Location: /audit?conn=" + id + "&mirror=saved"}},
		{name: "mirror shown", method: "GET", path: "/audit?conn=" + id + "&mirror=saved", wantStatus: 200,
			wantIn: []string{"Mirror setting saved.", `id="mirror-off" value="off" checked`}},
		{name: "mirror entries without javascript", method: "GET", path: "/audit/mirror/entries?conn=" + id, wantStatus: 200,
			wantIn: []string{"Attio could not be read"}},
		{name: "bulk replay needs the token", method: "POST", path: "/audit/replay", form: form("_csrf", ""), wantStatus: 403},
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
