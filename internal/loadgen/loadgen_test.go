package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRunCountsEveryRequest(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%10 == 0 {
			w.WriteHeader(500)
		}
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{URL: srv.URL, Requests: 100, Concurrency: 4, Make: func(int) Request { return Request{Body: []byte("{}")} }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 100 || res.OK != 90 || res.Failed != 10 || res.Statuses[500] != 10 || n.Load() != 100 {
		t.Fatalf("result %+v, server saw %d", res, n.Load())
	}
	if res.Percentile(50) > res.Percentile(99) {
		t.Fatal("percentiles out of order")
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{"http://10.0.0.1/x", "http://example.com/", "http://192.168.1.1:80/"} {
		if _, err := Run(context.Background(), Config{URL: u, Requests: 1, Concurrency: 1, Make: func(int) Request { return Request{} }}); err != ErrNotLoopback {
			t.Fatalf("%s: %v", u, err)
		}
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	if Percentile(d, 50) != 50 || Percentile(d, 99) != 99 || Percentile(d, 100) != 100 || Percentile(nil, 99) != 0 {
		t.Fatal("nearest-rank percentiles wrong")
	}
}
