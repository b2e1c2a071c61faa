package resync

import (
	"fmt"
	"strings"
	"time"
)

// Text is the estimate as the command prints it (the console renders the same fields).
func (e Estimate) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Resync %s (%d days)\n", e.Window, e.Window.Days())
	if e.EntriesKnown {
		fmt.Fprintf(&b, "  about %d time entries (%s)\n", e.Entries, e.Basis)
	} else {
		fmt.Fprintf(&b, "  time entries: unknown (%s)\n", e.Basis)
	}
	fmt.Fprintf(&b, "  Toggl requests: %d workspace (%d for clients, users and projects, %d report pages, 1 for the totals) + %d user-specific\n",
		e.Requests, e.NameRequests, e.ReportPages, e.UserRequests)
	fmt.Fprintf(&b, "  Attio reads: about %d list queries for the window's entries\n", e.AttioReads)
	if e.QuotaKnown {
		fmt.Fprintf(&b, "  quota: %d of %d left, resets at %s\n", e.QuotaRemaining, e.QuotaTotal, e.QuotaResetAt.UTC().Format("15:04:05 UTC"))
		if e.Pauses > 0 {
			fmt.Fprintf(&b, "  the quota does not cover it: the run will pause %d time(s) until the reset and resume\n", e.Pauses)
		}
	} else {
		b.WriteString("  quota: unknown\n")
	}
	fmt.Fprintf(&b, "  estimated time: %s\n", e.Duration.Round(time.Second))
	return b.String()
}

// Line is one progress line: phase, share, counts, requests and the time left.
func (p Progress) Line() string {
	c := p.Counts
	s := fmt.Sprintf("run %d %s %s %3d%% · %d created, %d updated, %d unchanged, %d deleted, %d unroutable",
		p.RunID, p.Status, p.Phase, p.Percent(), c.Created, c.Updated, c.Unchanged, c.Deleted, c.Unroutable)
	if c.Failed > 0 {
		s += fmt.Sprintf(", %d failed", c.Failed)
	}
	if p.Mode == ModeCheck {
		s = fmt.Sprintf("drift check %d %s %s %3d%% · %d differences", p.RunID, p.Status, p.Phase, p.Percent(), p.Differences())
	}
	if f := p.FindingsText(); f != "" {
		s += " · " + f
	}
	s += fmt.Sprintf(" · %d Toggl requests, %d Attio reads", p.TogglRequests, p.AttioReads)
	if p.Status == StatusPaused {
		s += " · paused for Toggl's quota until " + p.PausedUntil.UTC().Format("15:04:05 UTC")
	}
	if p.ETAKnown && !p.Finished() {
		s += " · about " + p.ETA.String() + " left"
	}
	return s
}

// FindingsText lists the findings by kind, "2 deleted in Attio, 1 edited in Attio".
func (p Progress) FindingsText() string {
	var parts []string
	for _, k := range FindingKinds {
		if n := p.Findings[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, FindingLabels[k]))
		}
	}
	return strings.Join(parts, ", ")
}

// Summary is what a finished run did, several lines.
func (p Progress) Summary() string {
	var b strings.Builder
	c := p.Counts
	if p.Mode == ModeCheck {
		fmt.Fprintf(&b, "Drift check %d %s: %d differences", p.RunID, p.Status, p.Differences())
		if f := p.FindingsText(); f != "" {
			fmt.Fprintf(&b, " (%s)", f)
		}
		fmt.Fprintf(&b, "; nothing was written; %d Toggl requests, %d Attio reads (%d entries).\n", p.TogglRequests, p.AttioReads, p.AttioEntries)
	} else {
		fmt.Fprintf(&b, "Run %d %s: %d created, %d updated, %d deleted, %d unchanged, %d unroutable", p.RunID, p.Status,
			c.Created, c.Updated, c.Deleted, c.Unchanged, c.Unroutable)
		if c.Failed > 0 {
			fmt.Fprintf(&b, ", %d failed (see the audit)", c.Failed)
		}
		fmt.Fprintf(&b, "; %d Toggl requests, %d Attio reads.\n", p.TogglRequests, p.AttioReads)
		if f := p.FindingsText(); f != "" {
			fmt.Fprintf(&b, "Repaired: %s.\n", f)
		}
	}
	if p.Waiting() {
		fmt.Fprintf(&b, "Waiting: %d entries would be removed; confirm or decline in the console (resync -confirm %d or -decline %d).\n",
			p.Findings["orphan"], p.RunID, p.RunID)
	}
	if p.Names != "" {
		fmt.Fprintf(&b, "Names: %s.\n", p.Names)
	}
	if p.Note != "" {
		fmt.Fprintf(&b, "Note: %s\n", p.Note)
	}
	if p.Error != "" {
		fmt.Fprintf(&b, "Error: %s\n", p.Error)
	}
	return b.String()
}
