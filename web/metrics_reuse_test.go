package web_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"toggl-attio-sync/internal/testrig"
)

// Request labels must survive the request: fasthttp reuses its buffers, and a label kept
// from one (a method "GET" overwritten by a later "POST" as "GETT") made /metrics answer 500
// once two series collided. Mixed methods and paths from several clients, /metrics read in
// between, under -race.
func TestMetricsSurviveMixedRequests(t *testing.T) {
	rig := testrig.Start(t, testrig.Options{})
	methods := []string{"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"}
	paths := []string{"/webhooks/toggl/nope", "/webhooks/attio/nope", "/healthz", "/login", "/static/app.css", "/no/such/page", "/readyz"}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	scrape := func() error {
		resp, err := client.Get(rig.URL + "/metrics")
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return fmt.Errorf("/metrics answered %d: %.300s", resp.StatusCode, body)
		}
		for _, line := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(line, "tas_http_requests_total{") && !strings.Contains(line, `method="`) {
				return fmt.Errorf("a request series without a method: %s", line)
			}
		}
		return nil
	}
	const workers, perWorker = 4, 2500 // 10,000 requests
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				n := w*perWorker + i
				if n%50 == 0 {
					if err := scrape(); err != nil {
						errs <- err
						return
					}
					continue
				}
				req, _ := http.NewRequest(methods[n%len(methods)], rig.URL+paths[(n/len(methods))%len(paths)], strings.NewReader(`{"event_id":1}`))
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := scrape(); err != nil {
		t.Fatal(err)
	}
}
