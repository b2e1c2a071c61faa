// Package loadgen is our own HTTP load generator for benchmarks: a fixed number of requests
// from a fixed number of workers, bounded in time, aimed at loopback only.
package loadgen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one request to send.
type Request struct {
	Body    []byte
	Headers map[string]string
}

// Config bounds one run.
type Config struct {
	URL         string
	Requests    int           // total requests
	Concurrency int           // workers
	MaxDuration time.Duration // stop early when exceeded
	// Make builds request i (0-based); it must be safe for concurrent use.
	Make func(i int) Request
}

// Result summarises a run.
type Result struct {
	Sent, OK, Failed int
	Elapsed          time.Duration
	Latencies        []time.Duration // sorted, successful requests only
	Statuses         map[int]int
}

// Throughput is successful requests per second.
func (r Result) Throughput() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// Percentile returns the p-th percentile latency (0 < p ≤ 100).
func (r Result) Percentile(p float64) time.Duration {
	return Percentile(r.Latencies, p)
}

// Percentile of a sorted slice (nearest rank).
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// ErrNotLoopback refuses targets off this machine.
var ErrNotLoopback = errors.New("loadgen: target must be a loopback address")

// Run sends the requests and waits for every answer.
func Run(ctx context.Context, c Config) (Result, error) {
	u, err := url.Parse(c.URL)
	if err != nil {
		return Result{}, err
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return Result{}, ErrNotLoopback
	}
	if c.MaxDuration <= 0 {
		c.MaxDuration = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, c.MaxDuration)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: c.Concurrency, MaxConnsPerHost: c.Concurrency}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()

	var next atomic.Int64
	var mu sync.Mutex
	res := Result{Statuses: map[int]int{}}
	var wg sync.WaitGroup
	start := time.Now()
	for range c.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			statuses := map[int]int{}
			sent, failed := 0, 0
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= c.Requests {
					break
				}
				r := c.Make(i)
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(r.Body))
				req.Header.Set("Content-Type", "application/json")
				for k, v := range r.Headers {
					req.Header.Set(k, v)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				sent++
				if err != nil {
					failed++
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[resp.StatusCode]++
				if resp.StatusCode/100 == 2 {
					lat = append(lat, time.Since(t0))
				} else {
					failed++
				}
			}
			mu.Lock()
			res.Sent += sent
			res.Failed += failed
			res.Latencies = append(res.Latencies, lat...)
			for k, v := range statuses {
				res.Statuses[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.OK = len(res.Latencies)
	slices.Sort(res.Latencies)
	if res.Sent < c.Requests && ctx.Err() != nil {
		return res, fmt.Errorf("loadgen: stopped after %s with %d of %d sent", c.MaxDuration, res.Sent, c.Requests)
	}
	return res, nil
}
