package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/opsmetrics"
	"toggl-attio-sync/views"
)

// Chart geometry in SVG user units; the CSS scales the picture to its box.
const (
	chartWidth  = 560
	chartHeight = 190
	chartTop    = 18 // room for value labels
	chartBottom = 24 // room for day labels
)

// dayPoint is one day of a chart.
type dayPoint struct {
	Day   time.Time
	Value float64
	Title string // tooltip, e.g. "2024-05-02: 3 events (toggl 2, attio 1)"
}

// barChart lays out one bar per day, scaled to the largest value.
func barChart(id, title, unit string, points []dayPoint, format func(float64) string) views.Chart {
	c := views.Chart{ID: id, Title: title, Width: chartWidth, Height: chartHeight, AxisY: chartHeight - chartBottom, Empty: true}
	top := 0.0
	total := 0.0
	for _, p := range points {
		top = max(top, p.Value)
		total += p.Value
	}
	c.Summary = fmt.Sprintf("%s: %s %s over %d days", title, format(total), unit, len(points))
	if len(points) == 0 {
		return c
	}
	slot := chartWidth / len(points)
	plot := float64(c.AxisY - chartTop)
	for i, p := range points {
		b := views.Bar{W: slot * 7 / 10, Label: p.Day.Format("01-02"), Title: p.Title}
		b.X = i*slot + (slot-b.W)/2
		b.CenterX = i*slot + slot/2
		if top > 0 {
			b.H = int(p.Value / top * plot)
		}
		if p.Value > 0 {
			c.Empty = false
			b.H = max(b.H, 1)
			b.Value = format(p.Value)
		}
		b.Y = c.AxisY - b.H
		b.ValueY = b.Y - 4
		b.LabelY = chartHeight - 6
		c.Bars = append(c.Bars, b)
	}
	return c
}

// eventsChart draws deliveries accepted per day, each bar's title naming the sources.
func eventsChart(days []opsmetrics.DayEvents) views.Chart {
	points := make([]dayPoint, 0, len(days))
	for _, d := range days {
		var parts []string
		for _, src := range sortedKeys(d.BySource) {
			parts = append(parts, fmt.Sprintf("%s %d", src, d.BySource[src]))
		}
		title := fmt.Sprintf("%s: %d events", d.Day.Format(time.DateOnly), d.Total)
		if len(parts) > 0 {
			title += " (" + strings.Join(parts, ", ") + ")"
		}
		points = append(points, dayPoint{Day: d.Day, Value: float64(d.Total), Title: title})
	}
	return barChart("chart-events", "Deliveries accepted per day (UTC)", "events", points, formatCount)
}

// hoursChart draws the hours Attio holds per day they were tracked; undated counts the
// entries whose start the map does not know yet.
func hoursChart(days []opsmetrics.DayHours, undated int64) views.Chart {
	points := make([]dayPoint, 0, len(days))
	for _, d := range days {
		hrs := float64(d.Seconds) / 3600
		points = append(points, dayPoint{Day: d.Day, Value: hrs,
			Title: fmt.Sprintf("%s: %.2f hours in Attio (%s)", d.Day.Format(time.DateOnly), hrs, plural(d.Entries, "entry", "entries"))})
	}
	c := barChart("chart-hours", "Hours in Attio by the day the time was tracked (UTC)", "hours", points, formatHours)
	if undated > 0 {
		// Written before the map kept starts (migration 0004): a resync over their days or
		// their next webhook dates them.
		verb := "are"
		if undated == 1 {
			verb = "is"
		}
		c.Note = fmt.Sprintf("%s written before this version %s counted after the next resync.",
			plural(undated, "entry", "entries"), verb)
	}
	return c
}

// plural is "1 entry", "3 entries".
func plural(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func formatCount(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func formatHours(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
