package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/views"
)

// fallbackSearch answers the fallback picker's search as a fragment (htmx); without
// JavaScript the form goes to /rules?q=, which shows the same results in the page.
func (h *console) fallbackSearch(c *fiber.Ctx) error {
	conn, _, err := h.pickConnection(c)
	if err != nil {
		return err
	}
	if conn == nil {
		return h.notConfigured(c, "Rules", "rules")
	}
	q := strings.TrimSpace(c.Query("q"))
	if c.Get("HX-Request") != "true" {
		return redirect(c, fmt.Sprintf("/rules?conn=%d&q=%s", conn.ID, url.QueryEscape(q)))
	}
	ctx := c.UserContext()
	s := h.searchProjects(ctx, conn, h.loadRulesContext(ctx, conn), q)
	return render(c, fiber.StatusOK, views.FallbackResults(h.page(c, "Rules", "rules"), conn.ID, s))
}

// maxFallbackResults bounds one search's answer.
const maxFallbackResults = 20

// searchProjects finds Projects whose name contains q (all Projects for an empty q) with an
// Attio records query.
func (h *console) searchProjects(ctx context.Context, conn *connection.Connection, rc rulesContext, q string) views.FallbackSearch {
	s := views.FallbackSearch{Query: q, Searched: true}
	if rc.ac == nil {
		s.Error = "Attio cannot be searched: " + rc.err.Error()
		return s
	}
	ctx, cancel := context.WithTimeout(ctx, attioTimeout)
	defer cancel()
	schema := conn.Settings.Schema
	query := attio.Query{Limit: maxFallbackResults}
	if q != "" {
		query.Filter = attio.Filter{schema.ProjectNameAttr: map[string]any{"$contains": q}}
	}
	recs, err := rc.ac.QueryRecords(ctx, schema.ProjectsObject, query)
	if err != nil {
		s.Error = "The Attio search failed: " + err.Error()
		return s
	}
	rules := conn.Settings.Rules
	for _, r := range recs {
		pc := views.ProjectChoice{RecordID: r.ID.RecordID, Name: valueText(r.Values, schema.ProjectNameAttr)}
		if pc.Name == "" {
			pc.Name = "(unnamed) " + r.ID.RecordID
		}
		var detail []string
		if rules.TypeAttribute != "" {
			detail = append(detail, "type "+orWord(valueText(r.Values, rules.TypeAttribute), "(none)"))
		}
		if rules.StatusAttribute != "" {
			detail = append(detail, "status "+orWord(valueText(r.Values, rules.StatusAttribute), "(none)"))
		}
		pc.Detail = strings.Join(detail, ", ")
		s.Results = append(s.Results, pc)
	}
	return s
}

// valueText reads an attribute's current value as text: text, select or status title, number.
func valueText(vals attio.ValueMap, slug string) string {
	for _, v := range vals.Active(slug) {
		if s, ok := v.Text(); ok {
			return s
		}
		if s, ok := v.SelectTitle(); ok {
			return s
		}
		if s, ok := v.StatusTitle(); ok {
			return s
		}
		if f, ok := v.Number(); ok {
			return fmt.Sprint(f)
		}
	}
	return ""
}
