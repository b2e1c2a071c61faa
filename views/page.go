// Package views holds the console's templ components. Files named *_templ.go are generated
// by templ from the .templ files beside them (`make generate`); never edit them by hand.
package views

import (
	"encoding/json"

	"toggl-attio-sync/static"
)

// Page carries what every console page needs from the request.
type Page struct {
	Title    string
	Active   string // nav key of the current page
	CSRF     string // token for forms and htmx requests
	LoggedIn bool
}

// NavItem is one entry of the main navigation.
type NavItem struct{ Key, Label, Href string }

// Nav lists the console's pages in menu order.
var Nav = []NavItem{
	{"dashboard", "Dashboard", "/"},
	{"connection", "Connection", "/connection"},
	{"fieldmap", "Field map", "/fieldmap"},
	{"rules", "Rules", "/rules"},
	{"audit", "Audit", "/audit"},
	{"resync", "Resync", "/resync"},
}

// hxHeaders makes htmx send the CSRF token on every request it issues.
func hxHeaders(csrf string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": csrf})
	return string(b)
}

func cssURL() string  { return static.CSSURL }
func htmxURL() string { return static.HTMXURL }

// FormErrors maps a field name to the message shown beside it.
type FormErrors map[string]string

func invalid(errs FormErrors, field string) string {
	if _, ok := errs[field]; ok {
		return "true"
	}
	return "false"
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
