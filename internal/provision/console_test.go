package provision

import (
	"context"
	"strings"
	"testing"

	"toggl-attio-sync/internal/attio"
	"toggl-attio-sync/internal/connection"
)

// Without Attio access both actions say so; an http PUBLIC_URL is refused before any call to
// Attio, in the words the page shows.
func TestConsoleRefusesWithoutAttioOrHTTPS(t *testing.T) {
	ctx := context.Background()
	conn := &connection.Connection{ID: 1, Slug: "acme", Settings: connection.Settings{Schema: connection.DefaultSchema}}
	none := &Console{PublicURL: "https://sync.example"}
	if _, err := none.Reprovision(ctx, conn, conn.Settings); err == nil || err.Error() != "this console was started without Attio access" {
		t.Fatalf("reprovision without Attio: %v", err)
	}
	if err := none.UpdateAttioWebhook(ctx, conn); err == nil || err.Error() != "this console was started without Attio access" {
		t.Fatalf("webhook without Attio: %v", err)
	}
	// A client nothing listens for: a request would fail with a network error instead.
	ac, err := attio.New(attio.Options{BaseURL: "http://127.0.0.1:1", AccessToken: "t", Pacer: attio.NewPacer(attio.Limits{}, nil)})
	noErr(t, err)
	plain := &Console{PublicURL: "http://sync.example", Attio: func(context.Context, *connection.Connection) (*attio.Client, error) { return ac, nil }}
	if err := plain.UpdateAttioWebhook(ctx, conn); err == nil || !strings.Contains(err.Error(), "Attio only delivers webhooks to https addresses") {
		t.Fatalf("webhook to an http address: %v", err)
	}
	if st := ac.Stats(); st.Reads+st.Writes != 0 {
		t.Fatalf("Attio was called: %+v", st)
	}
}
