package connection

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"toggl-attio-sync/internal/secrets"
	"toggl-attio-sync/internal/store"
)

// Connection is one workspace pair, settings decoded, tokens still sealed.
type Connection struct {
	ID               int64
	Slug             string
	Name             string
	TogglWorkspaceID int64
	AttioWorkspaceID string
	Status           string
	Settings         Settings

	togglSealed, attioSealed string
	// loaded is Settings by section as read or last saved: SaveSettings writes the sections
	// that differ from it, even when the caller changed Settings in place.
	loaded map[string]json.RawMessage
}

// ErrNotFound means no connection has that id or slug.
var ErrNotFound = errors.New("connection not found")

// Secret is one verified webhook secret: a Toggl subscription's or an Attio webhook's.
type Secret struct {
	ID     string // subscription id or webhook id
	Secret string
}

// Service stores connections and keeps decrypted webhook secrets in memory, so the webhook
// request path verifies a signature without a decryption per secret per request.
type Service struct {
	Store *store.Store
	Box   *secrets.Box
	Now   func() time.Time

	mu      sync.Mutex
	cache   map[string][]Secret // "toggl:<conn>" / "attio:<conn>"
	targets map[string]Target   // by slug
}

// Target is what a webhook request needs of its connection: which one it is and which Toggl
// workspace it syncs. Neither changes after the tokens are first stored, so it is read once
// per process (no settings decoded per webhook).
type Target struct {
	ID               int64
	TogglWorkspaceID int64
}

// NewService builds the service.
func NewService(st *store.Store, box *secrets.Box, now func() time.Time) *Service {
	return &Service{Store: st, Box: box, Now: now, cache: map[string][]Secret{}, targets: map[string]Target{}}
}

func fromRow(r store.Connection) (*Connection, error) {
	s, err := ParseSettings(r.SettingsJson)
	if err != nil {
		return nil, err
	}
	loaded, err := sections(s)
	if err != nil {
		return nil, err
	}
	return &Connection{ID: r.ID, Slug: r.Slug, Name: r.Name, TogglWorkspaceID: r.TogglWorkspaceID,
		AttioWorkspaceID: r.AttioWorkspaceID, Status: r.Status, Settings: s,
		togglSealed: r.TogglTokenSealed, attioSealed: r.AttioTokenSealed, loaded: loaded}, nil
}

// Create makes a connection with default settings.
func (s *Service) Create(ctx context.Context, name string) (*Connection, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	settings, _ := json.Marshal(Settings{}.WithDefaults())
	now := s.Now().UnixMilli()
	row, err := s.Store.CreateConnection(ctx, store.CreateConnectionParams{
		Slug: hex.EncodeToString(b), Name: name, SettingsJson: string(settings), Status: "new",
		CreatedAt: now, UpdatedAt: now,
	})
	if err != nil {
		return nil, err
	}
	return fromRow(row)
}

// Get loads a connection by id.
func (s *Service) Get(ctx context.Context, id int64) (*Connection, error) {
	row, err := s.Store.GetConnection(ctx, id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return fromRow(row)
}

// BySlug loads the connection a webhook URL names.
func (s *Service) BySlug(ctx context.Context, slug string) (*Connection, error) {
	row, err := s.Store.GetConnectionBySlug(ctx, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return fromRow(row)
}

// WebhookTarget finds the connection a webhook URL names (ErrNotFound: none). A connection
// without a Toggl workspace yet (the wizard stores tokens after creating it) is read again.
func (s *Service) WebhookTarget(ctx context.Context, slug string) (Target, error) {
	s.mu.Lock()
	t, ok := s.targets[slug]
	s.mu.Unlock()
	if ok {
		return t, nil
	}
	row, err := s.Store.GetConnectionBySlug(ctx, slug)
	if errors.Is(err, sql.ErrNoRows) {
		return Target{}, ErrNotFound
	}
	if err != nil {
		return Target{}, err
	}
	t = Target{ID: row.ID, TogglWorkspaceID: row.TogglWorkspaceID}
	if t.TogglWorkspaceID != 0 {
		s.mu.Lock()
		s.targets[slug] = t
		s.mu.Unlock()
	}
	return t, nil
}

// List returns every connection.
func (s *Service) List(ctx context.Context) ([]*Connection, error) {
	rows, err := s.Store.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]*Connection, 0, len(rows))
	for _, r := range rows {
		c, err := fromRow(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func purpose(kind string, id int64) string { return fmt.Sprintf("%s:%d", kind, id) }

// SetTokens stores both tokens encrypted, with the workspaces they were validated for. A
// different Attio token writes as a different actor, so the stored AttioActorID is cleared
// then, to be learnt again from the new token's first write.
func (s *Service) SetTokens(ctx context.Context, c *Connection, togglToken, attioToken string, togglWorkspace int64, attioWorkspace string) error {
	if c.Settings.AttioActorID != "" {
		if old, err := s.Box.Open(purpose("attio_token", c.ID), c.attioSealed); err != nil || old != attioToken {
			if err := s.SetAttioActor(ctx, c, ""); err != nil {
				return err
			}
		}
	}
	ts, err := s.Box.Seal(purpose("toggl_token", c.ID), togglToken)
	if err != nil {
		return err
	}
	as, err := s.Box.Seal(purpose("attio_token", c.ID), attioToken)
	if err != nil {
		return err
	}
	if err := s.Store.UpdateConnectionTokens(ctx, store.UpdateConnectionTokensParams{
		TogglTokenSealed: ts, AttioTokenSealed: as, TogglWorkspaceID: togglWorkspace,
		AttioWorkspaceID: attioWorkspace, UpdatedAt: s.Now().UnixMilli(), ID: c.ID,
	}); err != nil {
		return err
	}
	c.togglSealed, c.attioSealed, c.TogglWorkspaceID, c.AttioWorkspaceID = ts, as, togglWorkspace, attioWorkspace
	s.mu.Lock()
	delete(s.targets, c.Slug) // the wizard's plan step may choose another Toggl workspace
	s.mu.Unlock()
	return nil
}

// Tokens decrypts the connection's API tokens.
func (s *Service) Tokens(c *Connection) (toggl, attio string, err error) {
	if c.togglSealed == "" || c.attioSealed == "" {
		return "", "", errors.New("connection has no tokens yet")
	}
	if toggl, err = s.Box.Open(purpose("toggl_token", c.ID), c.togglSealed); err != nil {
		return "", "", err
	}
	attio, err = s.Box.Open(purpose("attio_token", c.ID), c.attioSealed)
	return toggl, attio, err
}

// SaveSettings stores the sections of next that differ from what c was read with (or last
// saved) and keeps every other section as it is stored now: a form that changed the rules
// cannot undo a fallback another form saved meanwhile. c.Settings becomes what is stored.
func (s *Service) SaveSettings(ctx context.Context, c *Connection, next Settings) error {
	b, err := sections(next)
	if err != nil {
		return err
	}
	changed := changedSections(c.loaded, b)
	if len(changed) == 0 {
		return nil
	}
	stored, err := s.Store.UpdateConnectionSettingsSections(ctx, c.ID, changed, s.Now())
	if err != nil {
		return err
	}
	settings, err := ParseSettings(stored)
	if err != nil {
		return err
	}
	if c.loaded, err = sections(settings); err != nil {
		return err
	}
	c.Settings = settings
	return nil
}

// changedSections are the top-level settings keys whose JSON differs between a and b
// (nil: the key is gone from b).
func changedSections(a, b map[string]json.RawMessage) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range b {
		if !bytes.Equal(a[k], v) {
			out[k] = v
		}
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			out[k] = nil
		}
	}
	return out
}

func sections(s Settings) (map[string]json.RawMessage, error) {
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	m := map[string]json.RawMessage{}
	return m, json.Unmarshal(raw, &m)
}

// SetAttioActor stores the api-token actor id the connection's Attio writes carry ("" forgets
// it). Only that key of the settings changes, in one statement, so a console save running at
// the same time keeps its changes.
func (s *Service) SetAttioActor(ctx context.Context, c *Connection, actorID string) error {
	if err := s.Store.UpdateConnectionAttioActor(ctx, store.UpdateConnectionAttioActorParams{
		ActorID: actorID, UpdatedAt: s.Now().UnixMilli(), ID: c.ID,
	}); err != nil {
		return err
	}
	c.Settings.AttioActorID = actorID
	return nil
}

// SetStatus records new | active | disconnected.
func (s *Service) SetStatus(ctx context.Context, c *Connection, status string) error {
	c.Status = status
	return s.Store.UpdateConnectionStatus(ctx, store.UpdateConnectionStatusParams{Status: status, UpdatedAt: s.Now().UnixMilli(), ID: c.ID})
}

func (s *Service) invalidate(key string) {
	s.mu.Lock()
	delete(s.cache, key)
	s.mu.Unlock()
}

func (s *Service) cached(key string, load func() ([]Secret, error)) ([]Secret, error) {
	s.mu.Lock()
	v, ok := s.cache[key]
	s.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := load()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.cache[key] = v
	s.mu.Unlock()
	return v, nil
}
