package auditmirror

import (
	"context"
	"strconv"
	"time"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/attioschema"
	"toggl-attio-sync/internal/connection"
)

// Entry is one entry of Attio's audit list, as the console shows it.
type Entry struct {
	Source, Entity, Status, Message string
	OccurredAt                      time.Time // zero when the entry has none
}

// Entries is what actually is in a connection's Attio audit list.
type Entries struct {
	List    string
	Entries []Entry // newest first
	Problem string  // the list could not be read
}

// Newest reads the newest n entries of the connection's Attio audit list with its own client.
func Newest(ctx context.Context, clients connection.AttioFactory, conn *connection.Connection, n int) Entries {
	list := conn.Settings.Schema.AuditList
	e := Entries{List: list}
	err := attioschema.ErrNoAttio
	var client *attio.Client
	if clients != nil {
		client, err = clients(ctx, conn)
	}
	if err == nil {
		ctx, cancel := context.WithTimeout(ctx, attioschema.DefaultTimeout)
		defer cancel()
		var entries []attio.Entry
		entries, err = client.QueryEntries(ctx, list, attio.Query{Limit: n, Sorts: []attio.Sort{{Direction: "desc", Attribute: "audit_id"}}})
		for _, en := range entries {
			v := en.EntryValues
			got := Entry{Source: attioschema.ValueText(v, "source"), Entity: attioschema.ValueText(v, "entity"),
				Status: attioschema.ValueText(v, "status"), Message: attioschema.ValueText(v, "message")}
			got.OccurredAt, _ = v.Timestamp("occurred_at")
			e.Entries = append(e.Entries, got)
		}
	}
	switch {
	case attio.IsNotFound(err):
		e.Problem = "Attio has no " + list + " list yet: provision the connection's Attio schema."
	case err != nil:
		e.Problem = "Attio could not be read: " + err.Error()
	}
	return e
}

// Explain says whether an audit row of status is copied to Attio under its connection's
// setting (conn nil: the row named no known connection).
func Explain(conn *connection.Connection, status string) string {
	if conn == nil {
		return "No: the delivery named no known connection."
	}
	setting := conn.Settings.AuditMirror
	if status == "rejected" {
		return "No: refused requests are never copied to Attio (anyone can send them); they stay here, at most 20 rows a minute."
	}
	if Wanted(setting, status) {
		return "Yes: the setting is " + strconv.Quote(setting) + ", so " + status + " rows are copied to Attio's " + conn.Settings.Schema.AuditList + " list, one row per cause and minute."
	}
	return "No: the setting is " + strconv.Quote(setting) + ", which does not copy " + status + " rows."
}

// Copied lists the statuses, of those given, that setting copies to Attio.
func Copied(setting string, statuses []string) []string {
	var out []string
	for _, s := range statuses {
		if Wanted(setting, s) {
			out = append(out, s)
		}
	}
	return out
}
