package opsmetrics

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// The shipped Grafana dashboard and alert rules query only metrics the service exports.
func TestDeployFilesQueryExportedMetrics(t *testing.T) {
	exported := map[string]bool{"tas_build_info": true, "tas_http_requests_total": true, "tas_http_request_duration_seconds": true}
	ch := make(chan *prometheus.Desc, 32)
	(&Collector{}).Describe(ch)
	close(ch)
	name := regexp.MustCompile(`fqName: "([a-z0-9_]+)"`)
	for d := range ch {
		exported[name.FindStringSubmatch(d.String())[1]] = true
	}
	metric := regexp.MustCompile(`tas_[a-z0-9_]+`)
	check := func(where, expr string) {
		for _, m := range metric.FindAllString(expr, -1) {
			base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_sum"), "_count")
			if !exported[m] && !exported[base] {
				t.Errorf("%s queries %s, which the service does not export", where, m)
			}
		}
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	b, err := os.ReadFile("../../deploy/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	if len(dash.Panels) == 0 {
		t.Fatal("the dashboard has no panels")
	}
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			check("grafana panel "+p.Title, tg.Expr)
		}
	}
	alerts, err := os.ReadFile("../../deploy/alerts.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(alerts), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			check("deploy/alerts.yaml", line)
		}
	}
}
