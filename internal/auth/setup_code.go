package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// SetupCodeFile is written into DATA_DIR while no admin password exists. Whoever reaches a
// fresh instance first must also read this file (shell access to the server), so a console
// exposed through the same public address as the webhooks cannot be taken over on first run.
const SetupCodeFile = "setup-code"

// SetupCode guards first-run setup.
type SetupCode struct {
	path string
	code string
}

// NewSetupCode writes a fresh random code (mode 0600) into dir and returns it.
func NewSetupCode(dir string) (*SetupCode, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	code := strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	code = code[:8] + "-" + code[8:]
	path := filepath.Join(dir, SetupCodeFile)
	if err := os.WriteFile(path, []byte(code+"\n"), 0o600); err != nil {
		return nil, err
	}
	return &SetupCode{path: path, code: code}, nil
}

// Path is where the code is.
func (s *SetupCode) Path() string { return s.path }

// Code is the code itself (for tests and the test rig).
func (s *SetupCode) Code() string { return s.code }

// Check compares a typed code in constant time, ignoring case and surrounding space.
func (s *SetupCode) Check(typed string) bool {
	typed = strings.ToLower(strings.TrimSpace(typed))
	return subtle.ConstantTimeCompare([]byte(typed), []byte(s.code)) == 1
}

// Remove deletes the file once setup is done.
func (s *SetupCode) Remove() error {
	err := os.Remove(s.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
