package connection

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

func newService(t *testing.T) *Service {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	box, err := secrets.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	return NewService(st, box, time.Now)
}

// The Attio actor is stored in the settings JSON without touching the other settings, and is
// forgotten when a different Attio token is saved (its writes carry another actor), not when
// the same one is saved again.
func TestAttioActorStoredAndClearedByANewToken(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	c, err := s.Create(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTokens(ctx, c, "toggl-1", "attio-1", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	settings := c.Settings
	settings.AuditMirror = MirrorAll
	if err := s.SaveSettings(ctx, c, settings); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttioActor(ctx, c, "actor-1"); err != nil {
		t.Fatal(err)
	}
	stored := func() Settings {
		t.Helper()
		got, err := s.Get(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Settings
	}
	if got := stored(); got.AttioActorID != "actor-1" || got.AuditMirror != MirrorAll {
		t.Fatalf("stored actor %q, audit mirror %q: want actor-1 and the saved %q", got.AttioActorID, got.AuditMirror, MirrorAll)
	}

	c, _ = s.Get(ctx, c.ID)
	if err := s.SetTokens(ctx, c, "toggl-2", "attio-1", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	if got := stored().AttioActorID; got != "actor-1" {
		t.Fatalf("the same Attio token saved again forgot the actor: %q", got)
	}
	if err := s.SetTokens(ctx, c, "toggl-2", "attio-2", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	if got := stored(); got.AttioActorID != "" || c.Settings.AttioActorID != "" || got.AuditMirror != MirrorAll {
		t.Fatalf("after a new Attio token: stored actor %q (in memory %q), audit mirror %q; want none and %q",
			got.AttioActorID, c.Settings.AttioActorID, got.AuditMirror, MirrorAll)
	}
}

// Two console forms open at once, each saving its own section from the settings it read:
// both changes are kept (the second save does not write back the first form's old section).
func TestSavesOfDifferentSectionsKeepBoth(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	c, err := s.Create(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	rulesForm, _ := s.Get(ctx, c.ID)
	fallbackForm, _ := s.Get(ctx, c.ID)
	next := rulesForm.Settings
	next.Rules.TypeAttribute = "project_type"
	if err := s.SaveSettings(ctx, rulesForm, next); err != nil {
		t.Fatal(err)
	}
	next = fallbackForm.Settings
	next.Fallback = &ProjectRef{RecordID: "p-fallback", Name: "Internal"}
	if err := s.SaveSettings(ctx, fallbackForm, next); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Settings.Rules.TypeAttribute != "project_type" {
		t.Errorf("the rules form's change was lost: type attribute %q", got.Settings.Rules.TypeAttribute)
	}
	if got.Settings.Fallback == nil || got.Settings.Fallback.RecordID != "p-fallback" {
		t.Errorf("the fallback form's change was lost: %+v", got.Settings.Fallback)
	}
	if fallbackForm.Settings.Rules.TypeAttribute != "project_type" {
		t.Errorf("the saving form's copy is not what is stored: %+v", fallbackForm.Settings.Rules)
	}
	// A caller that changes the connection's settings in place saves that change too.
	rulesForm.Settings.MaxAttempts = 3
	if err := s.SaveSettings(ctx, rulesForm, rulesForm.Settings); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Get(ctx, c.ID); got.Settings.MaxAttempts != 3 || got.Settings.Fallback == nil {
		t.Errorf("in-place change: max attempts %d, fallback %+v", got.Settings.MaxAttempts, got.Settings.Fallback)
	}
	// Removing a section (no fallback) removes only it.
	next = fallbackForm.Settings
	next.Fallback = nil
	if err := s.SaveSettings(ctx, fallbackForm, next); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Get(ctx, c.ID)
	if got.Settings.Fallback != nil || got.Settings.Rules.TypeAttribute != "project_type" {
		t.Errorf("after clearing the fallback: fallback %+v, type attribute %q", got.Settings.Fallback, got.Settings.Rules.TypeAttribute)
	}
}

// A webhook's target follows a change of the connection's Toggl workspace (the wizard's plan
// step may choose another one after deliveries arrived).
func TestWebhookTargetFollowsANewWorkspace(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	c, err := s.Create(ctx, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTokens(ctx, c, "toggl-1", "attio-1", 1, "ws"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WebhookTarget(ctx, c.Slug); err != nil || got.TogglWorkspaceID != 1 {
		t.Fatalf("target %+v, %v", got, err)
	}
	if err := s.SetTokens(ctx, c, "toggl-1", "attio-1", 2, "ws"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.WebhookTarget(ctx, c.Slug); err != nil || got.TogglWorkspaceID != 2 || got.ID != c.ID {
		t.Fatalf("after the workspace changed: target %+v, %v", got, err)
	}
	if _, err := s.WebhookTarget(ctx, "no-such-slug"); err != ErrNotFound {
		t.Fatalf("unknown slug: %v", err)
	}
}
