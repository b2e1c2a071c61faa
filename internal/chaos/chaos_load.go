package chaos

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"toggl-attio-sync/internal/signature"
)

// makeEvents are the deliveries of entries time entries, as Toggl would send them to the
// subscription (id, callback).
func makeEvents(entries int, subID int64, callback string) []event {
	var out []event
	base := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for e := range entries {
		id := int64(7_000_000_000 + e)
		for v := 1; v <= 2; v++ {
			at := base.Add(time.Duration(e)*time.Minute + time.Duration(v)*time.Second)
			action := "created"
			if v == 2 {
				action = "updated"
			}
			body := fmt.Sprintf(`{"event_id":%d,"created_at":"%s","creator_id":9547721,"metadata":{"action":"%s","event_user_id":"9547721","model":"time_entry","model_owner_id":"9547721","path":"/api/v9/workspaces/7435584/time_entries","request_body":"{}","request_type":"POST","time_entry_id":"%d","workspace_id":"7435584"},"payload":{"at":"%s","billable":true,"description":"entry %d version %d","duration":1800,"duronly":true,"id":%d,"project_id":20300001,"server_deleted_at":null,"start":"%s","stop":"%s","tag_ids":null,"tags":[],"task_id":null,"uid":9547721,"user_id":9547721,"wid":7435584,"workspace_id":7435584},"subscription_id":%d,"timestamp":"%s","url_callback":"%s"}`,
				8_100_000_000_000_000+int64(len(out)), at.Format("2006-01-02T15:04:05.000Z"), action, id,
				at.Format("2006-01-02T15:04:05+00:00"), e, v, id,
				base.Format(time.RFC3339), base.Add(30*time.Minute).Format(time.RFC3339), subID, at.Format(time.RFC3339Nano), callback)
			out = append(out, event{eventID: 8_100_000_000_000_000 + int64(len(out)), entryID: id, version: v, body: []byte(body)})
		}
	}
	return out
}

// deliver sends event i as Toggl would and records whether the service acknowledged it.
func (r *run) deliver(i int) bool {
	r.sent.Add(1)
	var resp *http.Response
	var err error
	// While the service is down (between a kill and its restart) the sender waits, like
	// Toggl retrying, instead of racing through the plan.
	for try := 0; try < 200; try++ {
		req, _ := http.NewRequestWithContext(r.ctx, http.MethodPost, r.url, strings.NewReader(string(r.events[i].body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(signature.TogglHeader, signature.SignToggl(r.sub.secret, r.events[i].body))
		if resp, err = http.DefaultClient.Do(req); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 == 2 {
		r.acked[i].Store(true)
		return true
	}
	return false
}

// load delivers every event 1–3 times, in shuffled order, from 8 senders, while a killer
// SIGKILLs the service at random moments and restarts it.
func (r *run) load() error {
	plan := r.plan()
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.send(plan, &next)
		}()
	}
	if err := r.killDuring(plan, &next); err != nil {
		return err
	}
	wg.Wait()
	return nil
}

// plan is the order of deliveries: each event 1–3 times, shuffled.
func (r *run) plan() []int {
	var plan []int
	for i := range r.events {
		for range 1 + r.rng.IntN(3) {
			plan = append(plan, i)
		}
	}
	r.rng.Shuffle(len(plan), func(a, b int) { plan[a], plan[b] = plan[b], plan[a] })
	return plan
}

// send is one sender: it takes the plan's next delivery until none is left.
func (r *run) send(plan []int, next *atomic.Int64) {
	for {
		k := int(next.Add(1)) - 1
		if k >= len(plan) || r.ctx.Err() != nil {
			return
		}
		r.deliver(plan[k])
	}
}

// killDuring SIGKILLs and restarts the service Kills times while the senders work through
// the plan. Each kill falls at a random point of its own slice of the load, so all of them
// hit the service while deliveries and jobs are in flight.
func (r *run) killDuring(plan []int, next *atomic.Int64) error {
	o := r.opts
	for k := range o.Kills {
		slice := len(plan) / (o.Kills + 1)
		at := int64(k*slice + slice/2 + r.rng.IntN(max(1, slice)))
		for next.Load() < at && next.Load() < int64(len(plan)) {
			time.Sleep(time.Millisecond)
		}
		r.svc.kill()
		r.res.Kills++
		o.Logf("chaos: SIGKILL %d after %d of %d deliveries", r.res.Kills, min(next.Load(), int64(len(plan))), len(plan))
		if err := r.svc.start(r.ctx); err != nil {
			return err
		}
	}
	return nil
}

// redeliver, like Toggl, delivers again what was never acknowledged.
func (r *run) redeliver() {
	for round := 0; round < 20; round++ {
		missing := 0
		for i := range r.events {
			if !r.acked[i].Load() && !r.deliver(i) {
				missing++
			}
		}
		if missing == 0 {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
}
