package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"toggl-attio-sync/internal/store"
)

// SessionLifetime is how long a login lasts at most; SessionIdle ends it sooner when the
// browser has not been used for that long.
const (
	SessionLifetime = 7 * 24 * time.Hour
	SessionIdle     = 12 * time.Hour
	touchEvery      = 5 * time.Minute // last-seen is written at most this often (a write per request otherwise)
)

const passwordSetting = "admin_password_hash"

// ErrNoPassword means first-run setup has not happened yet.
var ErrNoPassword = errors.New("auth: no admin password is set")

// ErrPasswordAlreadySet means setup was attempted after a password exists.
var ErrPasswordAlreadySet = errors.New("auth: the admin password is already set")

// Service is the admin account over the store.
type Service struct {
	Store *store.Store
	Now   func() time.Time
	// Iterations is the PBKDF2 cost for new hashes (0: DefaultIterations). Tests lower it:
	// under the race detector the default costs seconds per login.
	Iterations int
}

// HasPassword reports whether first-run setup is done.
func (s *Service) HasPassword(ctx context.Context) (bool, error) {
	_, err := s.Store.GetSetting(ctx, passwordSetting)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// SetInitialPassword stores the first password; it never overwrites an existing one, so
// a second visitor to the setup page cannot take over the console.
func (s *Service) SetInitialPassword(ctx context.Context, password string) error {
	iter := s.Iterations
	if iter == 0 {
		iter = DefaultIterations
	}
	hash, err := hashWith(password, iter)
	if err != nil {
		return err
	}
	n, err := s.Store.InsertSettingIfAbsent(ctx, store.InsertSettingIfAbsentParams{
		Key: passwordSetting, Value: hash, UpdatedAt: s.Now().UnixMilli(),
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrPasswordAlreadySet
	}
	return nil
}

// CheckPassword verifies the admin password.
func (s *Service) CheckPassword(ctx context.Context, password string) (bool, error) {
	hash, err := s.Store.GetSetting(ctx, passwordSetting)
	if errors.Is(err, sql.ErrNoRows) {
		return false, ErrNoPassword
	}
	if err != nil {
		return false, err
	}
	return CheckPassword(hash, password)
}

// NewSession creates a session and returns its cookie token.
func (s *Service) NewSession(ctx context.Context, userAgent string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	now := s.Now()
	if len(userAgent) > 256 {
		userAgent = userAgent[:256]
	}
	err := s.Store.CreateSession(ctx, store.CreateSessionParams{
		TokenHash: hashToken(token), CreatedAt: now.UnixMilli(), LastSeenAt: now.UnixMilli(),
		ExpiresAt: now.Add(SessionLifetime).UnixMilli(), UserAgent: userAgent,
	})
	return token, err
}

// ValidSession reports whether token names a live session.
func (s *Service) ValidSession(ctx context.Context, token string) (bool, error) {
	if token == "" {
		return false, nil
	}
	now := s.Now()
	sess, err := s.Store.GetSession(ctx, store.GetSessionParams{TokenHash: hashToken(token), ExpiresAt: now.UnixMilli()})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	seen := time.UnixMilli(sess.LastSeenAt)
	if now.Sub(seen) > SessionIdle {
		return false, s.Store.DeleteSession(ctx, sess.TokenHash)
	}
	if now.Sub(seen) > touchEvery {
		if err := s.Store.TouchSession(ctx, store.TouchSessionParams{LastSeenAt: now.UnixMilli(), TokenHash: sess.TokenHash}); err != nil {
			return false, err
		}
	}
	return true, nil
}

// EndSession deletes a session (logout).
func (s *Service) EndSession(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, hashToken(token))
}

// PruneSessions deletes expired sessions.
func (s *Service) PruneSessions(ctx context.Context) (int64, error) {
	return s.Store.DeleteExpiredSessions(ctx, s.Now().UnixMilli())
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
