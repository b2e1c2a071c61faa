package web

import (
	"fmt"
	"strconv"
	"time"

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

// chartDays lists the n UTC days ending with today's.
func chartDays(now time.Time, n int) []time.Time {
	today := now.UTC().Truncate(24 * time.Hour)
	out := make([]time.Time, n)
	for i := range out {
		out[i] = today.AddDate(0, 0, i-n+1)
	}
	return out
}

func formatCount(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func formatHours(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
