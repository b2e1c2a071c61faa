package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"toggl-attio-sync/internal/store"
)

func TestPasswordHash(t *testing.T) {
	h, err := hashWith("correct horse battery", 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pw   string
		want bool
	}{{"correct horse battery", true}, {"correct horse batter", false}, {"", false}} {
		ok, err := CheckPassword(h, c.pw)
		if err != nil || ok != c.want {
			t.Fatalf("CheckPassword(%q) = %v, %v", c.pw, ok, err)
		}
	}
	if _, err := CheckPassword("md5$abc", "x"); err == nil {
		t.Fatal("accepted an unknown format")
	}
}

func TestThrottle(t *testing.T) {
	th := NewThrottle(3, time.Minute)
	now := time.Unix(1000, 0)
	for i := range 3 {
		if ok, _ := th.Allow("ip", now.Add(time.Duration(i)*time.Second)); !ok {
			t.Fatalf("refused attempt %d", i+1)
		}
	}
	ok, wait := th.Allow("ip", now.Add(3*time.Second))
	if ok || wait != 57*time.Second {
		t.Fatalf("4th attempt: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := th.Allow("other", now); !ok {
		t.Fatal("another client was throttled")
	}
	if ok, _ := th.Allow("ip", now.Add(61*time.Second)); !ok {
		t.Fatal("still throttled after the window")
	}
	th.Reset("ip")
	if ok, _ := th.Allow("ip", now); !ok {
		t.Fatal("Reset did not forget")
	}
}

// Attempts are counted when allowed, not when their hash finishes: parallel tries cannot
// exceed the limit.
func TestThrottleCountsParallelAttempts(t *testing.T) {
	th := NewThrottle(5, time.Minute)
	now := time.Unix(1000, 0)
	var wg sync.WaitGroup
	var allowed atomic.Int32
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := th.Allow("ip", now); ok {
				allowed.Add(1)
			}
		}()
	}
	wg.Wait()
	if allowed.Load() != 5 {
		t.Fatalf("%d of 40 parallel attempts allowed, want 5", allowed.Load())
	}
}

func TestServiceSessionsAndSetup(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Unix(1_700_000_000, 0)
	s := &Service{Store: st, Now: func() time.Time { return now }}
	if has, _ := s.HasPassword(ctx); has {
		t.Fatal("fresh database has a password")
	}
	if _, err := s.CheckPassword(ctx, "x"); !errors.Is(err, ErrNoPassword) {
		t.Fatalf("CheckPassword before setup: %v", err)
	}
	if err := s.SetInitialPassword(ctx, "first password"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetInitialPassword(ctx, "second password"); !errors.Is(err, ErrPasswordAlreadySet) {
		t.Fatalf("second setup: %v", err)
	}
	if ok, _ := s.CheckPassword(ctx, "first password"); !ok {
		t.Fatal("first password rejected")
	}
	tok, err := s.NewSession(ctx, "ua")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ValidSession(ctx, tok); !ok {
		t.Fatal("new session invalid")
	}
	if ok, _ := s.ValidSession(ctx, tok+"x"); ok {
		t.Fatal("forged token valid")
	}
	// Used every 11 hours, it lives until its lifetime ends; idle for 13 hours, it ends.
	for range 16 {
		now = now.Add(11 * time.Hour)
		if ok, _ := s.ValidSession(ctx, tok); !ok && now.Before(time.Unix(1_700_000_000, 0).Add(SessionLifetime)) {
			t.Fatalf("a session in use expired at %v", now)
		}
	}
	if ok, _ := s.ValidSession(ctx, tok); ok {
		t.Fatal("session valid after its lifetime")
	}
	idle, _ := s.NewSession(ctx, "ua")
	now = now.Add(SessionIdle + time.Minute)
	if ok, _ := s.ValidSession(ctx, idle); ok {
		t.Fatal("idle session valid")
	}
	if n, _ := s.PruneSessions(ctx); n != 1 {
		t.Fatalf("pruned %d", n)
	}
	now = now.Add(-SessionLifetime)
	tok2, _ := s.NewSession(ctx, "ua")
	s.EndSession(ctx, tok2)
	if ok, _ := s.ValidSession(ctx, tok2); ok {
		t.Fatal("session valid after logout")
	}
}

func TestSetupCode(t *testing.T) {
	dir := t.TempDir()
	sc, err := NewSetupCode(dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, SetupCodeFile))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("setup code file: %v %v", info, err)
	}
	for typed, want := range map[string]bool{sc.Code(): true, " " + strings.ToUpper(sc.Code()) + "\n": true, "": false, sc.Code()[:8]: false, "wrong-code": false} {
		if sc.Check(typed) != want {
			t.Errorf("Check(%q) = %v", typed, !want)
		}
	}
	if err := sc.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(sc.Path()); !os.IsNotExist(err) {
		t.Fatal("file left after Remove")
	}
}
