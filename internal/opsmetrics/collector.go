// Package opsmetrics exports, per connection, the figures operators alert on: queue depth by
// status, the oldest queued job's age, dead letters, the age of the last event from each
// side, Toggl's quota, Attio's 429s, and the last reconciliation. They are read at scrape
// time (the database through its read pool, the API clients' in-memory counters), so a
// figure is never stale and nothing runs between scrapes. The console's dashboard reads the
// same figures, and what lies behind them, through Dashboard.
package opsmetrics

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
	"toggl-attio-sync/internal/store"
	"toggl-attio-sync/internal/toggl"
)

// Collector is a prometheus.Collector over every connection.
type Collector struct {
	Store *store.Store
	Conns *connection.Service
	Attio func(context.Context, *connection.Connection) (*attio.Client, error)
	Toggl func(context.Context, *connection.Connection) (*toggl.Client, error)
	Now   func() time.Time
}

var labels = []string{"connection_id", "connection"}

var (
	queueJobs = prometheus.NewDesc("tas_queue_jobs", "Inbox jobs per status (queued, running, done, skipped, dead).",
		append(labels, "status"), nil)
	oldestQueued = prometheus.NewDesc("tas_queue_oldest_age_seconds", "Age of the oldest queued job; 0 when none is queued.", labels, nil)
	deadLetters  = prometheus.NewDesc("tas_dead_letters", "Jobs that ran out of attempts and wait for a replay.", labels, nil)
	lastEventAge = prometheus.NewDesc("tas_last_event_age_seconds", "Seconds since the last delivery taken from a source (toggl, attio); absent before the first.",
		append(labels, "source"), nil)
	quotaRemaining = prometheus.NewDesc("tas_toggl_quota_remaining", "Toggl's hourly request quota left for the connection's token, as last reported; absent until known.", labels, nil)
	quotaBlocked   = prometheus.NewDesc("tas_toggl_quota_exhausted", "1 while Toggl calls wait for the quota to reset after a 402, else 0.", labels, nil)
	attio429s      = prometheus.NewDesc("tas_attio_rate_limited_total", "Attio 429 answers seen by the connection's token since start.", labels, nil)
	reconcileLast  = prometheus.NewDesc("tas_reconcile_last_run_timestamp_seconds", "When the newest finished resync run ended; absent before the first.", append(labels, "status"), nil)
	reconcileKinds = prometheus.NewDesc("tas_reconcile_last_run_entries", "Entries of the newest finished resync run per outcome (created, updated, deleted, unchanged, failed, ...).",
		append(labels, "outcome"), nil)
	scrapeErrors = prometheus.NewDesc("tas_ops_scrape_errors", "1 when the connection's figures could not be read at this scrape.", labels, nil)
)

// Describe sends every metric's description.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{queueJobs, oldestQueued, deadLetters, lastEventAge, quotaRemaining, quotaBlocked, attio429s, reconcileLast, reconcileKinds, scrapeErrors} {
		ch <- d
	}
}

// Collect reads every connection's figures.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conns, err := c.Conns.List(ctx)
	if err != nil {
		return
	}
	now := c.Now()
	for _, conn := range conns {
		lv := []string{strconv.FormatInt(conn.ID, 10), conn.Name}
		failed := 0.0
		if err := c.collectStore(ctx, ch, conn, lv, now); err != nil {
			failed = 1
		}
		c.collectClients(ctx, ch, conn, lv, now)
		ch <- prometheus.MustNewConstMetric(scrapeErrors, prometheus.GaugeValue, failed, lv...)
	}
}

func (c *Collector) collectStore(ctx context.Context, ch chan<- prometheus.Metric, conn *connection.Connection, lv []string, now time.Time) error {
	h, err := c.Store.ConnectionHealth(ctx, conn.ID)
	if err != nil {
		return err
	}
	for _, status := range []string{store.StatusQueued, store.StatusRunning, store.StatusDone, store.StatusSkipped, store.StatusDead} {
		ch <- prometheus.MustNewConstMetric(queueJobs, prometheus.GaugeValue, float64(h.Jobs[status]), append(lv, status)...)
	}
	ch <- prometheus.MustNewConstMetric(deadLetters, prometheus.GaugeValue, float64(h.Jobs[store.StatusDead]), lv...)
	ch <- prometheus.MustNewConstMetric(oldestQueued, prometheus.GaugeValue, ageSeconds(h.OldestQueued, now), lv...)
	for source, at := range h.LastEvent {
		ch <- prometheus.MustNewConstMetric(lastEventAge, prometheus.GaugeValue, ageSeconds(at, now), append(lv, source)...)
	}
	if !h.LastRun.IsZero() {
		status := "failed"
		if h.LastRunOK {
			status = "done"
		}
		ch <- prometheus.MustNewConstMetric(reconcileLast, prometheus.GaugeValue, float64(h.LastRun.Unix()), append(lv, status)...)
		for outcome, n := range h.LastRunKinds {
			ch <- prometheus.MustNewConstMetric(reconcileKinds, prometheus.GaugeValue, float64(n), append(lv, outcome)...)
		}
	}
	return nil
}

// collectClients reads the API clients' counters; a connection without tokens has none.
func (c *Collector) collectClients(ctx context.Context, ch chan<- prometheus.Metric, conn *connection.Connection, lv []string, now time.Time) {
	if c.Toggl != nil {
		if tc, err := c.Toggl(ctx, conn); err == nil {
			q := tc.Quota()
			if q.Known {
				ch <- prometheus.MustNewConstMetric(quotaRemaining, prometheus.GaugeValue, float64(q.Remaining), lv...)
			}
			blocked := 0.0
			if q.Blocked(now) {
				blocked = 1
			}
			ch <- prometheus.MustNewConstMetric(quotaBlocked, prometheus.GaugeValue, blocked, lv...)
		}
	}
	if c.Attio != nil {
		if ac, err := c.Attio(ctx, conn); err == nil {
			ch <- prometheus.MustNewConstMetric(attio429s, prometheus.CounterValue, float64(ac.Stats().RateLimited), lv...)
		}
	}
}

func ageSeconds(at, now time.Time) float64 {
	if at.IsZero() {
		return 0
	}
	return max(0, now.Sub(at).Seconds())
}
