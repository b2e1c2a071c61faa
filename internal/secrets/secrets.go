// Package secrets encrypts API tokens and webhook secrets at rest with AES-256-GCM.
//
// Each ciphertext is bound to a purpose label (for example "toggl_token:3") as GCM
// additional data, so a value copied into another column does not decrypt there.
// A wrong key never yields garbage: GCM authentication fails and Open says so.
package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the key generated into DATA_DIR when SECRET_KEY is not set.
const KeyFileName = "secret.key"

const version = "v1:"

// ErrWrongKey means the ciphertext was written with another key (or was altered).
var ErrWrongKey = errors.New("secrets: cannot decrypt: the secret key differs from the one this value was encrypted with, or the value was altered")

// Box seals and opens secrets with one 32-byte key.
type Box struct{ aead cipher.AEAD }

// New builds a Box from a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secrets: key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead}, nil
}

// Seal encrypts plaintext for purpose. The result is printable ASCII.
func (b *Box) Seal(purpose, plaintext string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := b.aead.Seal(nonce, nonce, []byte(plaintext), []byte(purpose))
	return version + base64.RawStdEncoding.EncodeToString(out), nil
}

// Open decrypts a value from Seal made for the same purpose.
func (b *Box) Open(purpose, sealed string) (string, error) {
	raw, ok := strings.CutPrefix(sealed, version)
	if !ok {
		return "", errors.New("secrets: value is not in the v1 format")
	}
	data, err := base64.RawStdEncoding.DecodeString(raw)
	if err != nil || len(data) < b.aead.NonceSize()+b.aead.Overhead() {
		return "", errors.New("secrets: value is truncated or not base64")
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, data[:n], data[n:], []byte(purpose))
	if err != nil {
		return "", ErrWrongKey
	}
	return string(plain), nil
}

// ParseKey reads SECRET_KEY: 64 hex characters, or base64 (standard or URL, padded or not)
// of exactly 32 bytes.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 64 {
		if k, err := hex.DecodeString(s); err == nil {
			return k, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil && len(k) == 32 {
			return k, nil
		}
	}
	return nil, errors.New("SECRET_KEY must be 32 bytes written as 64 hex characters or base64 (generate one with: openssl rand -hex 32)")
}

// LoadOrCreateKey returns the key from secretKey when set, else from dataDir/secret.key,
// creating that file (mode 0600) with a random key on first run.
func LoadOrCreateKey(secretKey, dataDir string) ([]byte, error) {
	if secretKey != "" {
		k, err := ParseKey(secretKey)
		if err != nil {
			return nil, fmt.Errorf("config: %v", err)
		}
		return k, nil
	}
	path := filepath.Join(dataDir, KeyFileName)
	if data, err := os.ReadFile(path); err == nil {
		k, err := ParseKey(string(data))
		if err != nil {
			return nil, fmt.Errorf("secrets: key file %s is damaged: %v", path, err)
		}
		return k, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("secrets: cannot read key file %s: %v", path, err)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// O_EXCL: two processes starting together must not each write a different key.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return LoadOrCreateKey("", dataDir)
	}
	if err != nil {
		return nil, fmt.Errorf("secrets: cannot create key file %s: %v", path, err)
	}
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, err
	}
	return key, f.Close()
}
