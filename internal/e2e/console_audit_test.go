package e2e

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/testrig"
)

// auditSeed is one known audit row.
type auditSeed struct {
	id                              int64
	i                               int
	source, entity, status, message string
	at                              time.Time
}

// The audit history's filters (source × status from the form; entity, text and time range by
// URL, as the GET form sends them) return exactly the rows that match, pages walk the history
// in order while new rows arrive, and a new delivery appears on the first page without a
// reload.
func TestConsoleAuditFiltersAndPagination(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{Env: map[string]string{"ADMIN_PASSWORD": password}})
	ctx := context.Background()
	conn, err := rig.App.Conns.Create(ctx, "Audit test")
	must(t, err)
	base := time.Date(2030, 1, 2, 8, 0, 0, 0, time.UTC)
	var rows []auditSeed
	for i := range 130 {
		r := auditSeed{i: i, source: "toggl", status: "written", entity: fmt.Sprintf("time_entry:%d", 1000+i), at: base.Add(time.Duration(i) * time.Minute)}
		if i%3 == 0 {
			r.source = "attio"
		}
		switch {
		case i%10 == 0:
			r.status = "dead"
		case i%7 == 0:
			r.status = "rejected"
		}
		if i%5 == 0 {
			r.entity = fmt.Sprintf("project:%d", i)
		}
		r.message = fmt.Sprintf("row %d", i)
		if i == 17 || i == 42 || i == 99 {
			r.message += " with the Needle inside"
		}
		r.id, err = rig.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: r.source, Entity: r.entity,
			Status: r.status, Message: r.message}, r.at)
		must(t, err)
		rows = append(rows, r)
	}
	want := func(keep func(auditSeed) bool) []int64 {
		var ids []int64
		for _, r := range slices.Backward(rows) {
			if keep(r) {
				ids = append(ids, r.id)
			}
		}
		return ids
	}
	all := want(func(auditSeed) bool { return true })

	b := testrig.Chromium(t)
	consoleLogin(t, b, rig.URL)
	shown := func() []int64 {
		return evalJS[[]int64](t, b, `[...document.querySelectorAll("#audit-table tbody tr")].map(r => +r.dataset.id)`)
	}
	check := func(name string, want []int64) {
		t.Helper()
		if got := shown(); !slices.Equal(got, want) {
			t.Errorf("%s: rows %v, want %v", name, got, want)
		}
	}

	// Pages of 50, newest first.
	visit(t, b, rig.URL+"/audit", "#audit-table")
	check("page 1", all[:50])
	if n := evalJS[int](t, b, `document.querySelectorAll("#page-newer").length`); n != 0 {
		t.Error("page 1 offers newer rows")
	}
	must(t, chromedp.Do(b, chromedp.Click("#page-older")))
	waitText(t, b, "#page-number", "Page 2")
	check("page 2", all[50:100])

	// A row arriving meanwhile does not shift the pages an admin is walking.
	late, err := rig.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Entity: "time_entry:5000",
		Status: "accepted", Message: "arrived while paging"}, base.Add(200*time.Minute))
	must(t, err)
	must(t, chromedp.Do(b, chromedp.Click("#page-older")))
	waitText(t, b, "#page-number", "Page 3")
	check("page 3", all[100:])
	if n := evalJS[int](t, b, `document.querySelectorAll("#page-older").length`); n != 0 {
		t.Error("the last page offers older rows")
	}
	must(t, chromedp.Do(b, chromedp.Click("#page-newer")))
	waitText(t, b, "#page-number", "Page 2")
	check("back to page 2", all[50:100])
	must(t, chromedp.Do(b, chromedp.Click("#page-newer")))
	waitText(t, b, "#page-number", "Page 1")
	check("back to page 1", append([]int64{late}, all[:49]...))

	// Source × status through the form.
	must(t, chromedp.Do(b,
		chromedp.SetValue("#f-source", "attio"),
		chromedp.SetValue("#f-status", "dead"),
		chromedp.Click("#audit-apply"),
	))
	waitLocation(t, b, "status=dead")
	check("attio + dead", want(func(r auditSeed) bool { return r.source == "attio" && r.status == "dead" }))

	for _, c := range []struct {
		name  string
		query url.Values
		keep  func(auditSeed) bool
	}{
		{"text, any case", url.Values{"q": {"needle"}}, func(r auditSeed) bool { return strings.Contains(r.message, "Needle") }},
		{"entity kind", url.Values{"entity": {"project"}}, func(r auditSeed) bool { return strings.HasPrefix(r.entity, "project:") }},
		{"one entity", url.Values{"entity": {"time_entry:1042"}}, func(r auditSeed) bool { return r.entity == "time_entry:1042" }},
		{"time range", url.Values{"from": {"2030-01-02T09:40"}, "to": {"2030-01-02T09:50"}},
			func(r auditSeed) bool { return r.i >= 100 && r.i < 110 }},
		{"toggl rejected in range", url.Values{"source": {"toggl"}, "status": {"rejected"}, "to": {"2030-01-02T09:00:00"}},
			func(r auditSeed) bool { return r.source == "toggl" && r.status == "rejected" && r.i < 60 }},
	} {
		visit(t, b, rig.URL+"/audit?"+c.query.Encode(), "#audit-results")
		check(c.name, want(c.keep))
	}

	// A bad time is shown beside its field and ignored.
	visit(t, b, rig.URL+"/audit?from=yesterday&q=needle", "#f-from-error")
	if got := text(t, b, "#f-from-error"); !strings.Contains(got, `"yesterday" is not a date and time`) {
		t.Errorf("time error: %q", got)
	}
	check("bad time ignored", want(func(r auditSeed) bool { return strings.Contains(r.message, "Needle") }))

	// Live: a new matching row appears on the first page without a reload; one that does
	// not match the filter does not.
	visit(t, b, rig.URL+"/audit?q=live", "#audit-results")
	other, err := rig.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Status: "accepted", Message: "unrelated"}, time.Now())
	must(t, err)
	fresh, err := rig.App.Store.AddAudit(ctx, store.Audit{ConnectionID: conn.ID, Source: "toggl", Entity: "time_entry:6000",
		Status: "accepted", Message: "a live delivery"}, time.Now())
	must(t, err)
	must(t, chromedp.Do(b, chromedp.WaitVisible(fmt.Sprintf("#audit-row-%d", fresh))))
	check("live", []int64{fresh})
	if n := evalJS[int](t, b, fmt.Sprintf(`document.querySelectorAll("#audit-row-%d").length`, other)); n != 0 {
		t.Error("a row the filter does not match appeared")
	}
}
