package connection

import (
	"context"
	"testing"
)

// A connection's tokens are decrypted when its clients are first made and again only when
// its tokens change; every job in between gets the same clients.
func TestClientsDecryptOncePerTokenChange(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	c, err := s.Create(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTokens(ctx, c, "toggl-1", "attio-1", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	f := NewClients(s, ClientsConfig{AttioURL: "http://127.0.0.1:1", TogglURL: "http://127.0.0.1:1"})
	first, err := f.Attio(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		job, err := s.Get(ctx, c.ID) // each job reads its connection afresh
		if err != nil {
			t.Fatal(err)
		}
		ac, err := f.Attio(ctx, job)
		if err != nil || ac != first {
			t.Fatalf("job got another Attio client (%v)", err)
		}
		if _, err := f.Toggl(ctx, job); err != nil {
			t.Fatal(err)
		}
		if _, err := f.TogglFailFast(ctx, job); err != nil {
			t.Fatal(err)
		}
	}
	if f.opened != 1 {
		t.Fatalf("tokens decrypted %d times for 300 client requests, want 1", f.opened)
	}
	if err := s.SetTokens(ctx, c, "toggl-1", "attio-2", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	job, _ := s.Get(ctx, c.ID)
	next, err := f.Attio(ctx, job)
	if err != nil {
		t.Fatal(err)
	}
	if next == first || f.opened != 2 {
		t.Fatalf("a new token: same client %v, decryptions %d (want a new client, 2)", next == first, f.opened)
	}
}
