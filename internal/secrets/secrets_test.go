package secrets

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func box(t *testing.T, fill byte) *Box {
	t.Helper()
	b, err := New(bytes.Repeat([]byte{fill}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSealOpen(t *testing.T) {
	b := box(t, 1)
	sealed, err := b.Seal("toggl_token:1", "tok-123")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "tok-123") {
		t.Fatal("plaintext visible in ciphertext")
	}
	again, _ := b.Seal("toggl_token:1", "tok-123")
	if again == sealed {
		t.Fatal("nonce reused: two seals are equal")
	}
	got, err := b.Open("toggl_token:1", sealed)
	if err != nil || got != "tok-123" {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestOpenFailsClearly(t *testing.T) {
	sealed, _ := box(t, 1).Seal("p", "secret value")
	cases := []struct {
		name    string
		b       *Box
		purpose string
		value   string
		wrong   bool
	}{
		{"wrong key", box(t, 2), "p", sealed, true},
		{"other purpose", box(t, 1), "q", sealed, true},
		{"tampered", box(t, 1), "p", sealed[:len(sealed)-2] + "AA", true},
		{"no version", box(t, 1), "p", strings.TrimPrefix(sealed, "v1:"), false},
		{"truncated", box(t, 1), "p", "v1:AAAA", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.b.Open(c.purpose, c.value)
			if err == nil || got != "" {
				t.Fatalf("Open = %q, %v", got, err)
			}
			if errors.Is(err, ErrWrongKey) != c.wrong {
				t.Fatalf("error %v", err)
			}
		})
	}
}

func TestParseKey(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	for _, s := range []string{
		strings.Repeat("07", 32),
		base64.StdEncoding.EncodeToString(key),
		base64.RawURLEncoding.EncodeToString(key),
		" " + strings.Repeat("07", 32) + "\n",
	} {
		k, err := ParseKey(s)
		if err != nil || !bytes.Equal(k, key) {
			t.Fatalf("ParseKey(%q) = %x, %v", s, k, err)
		}
	}
	for _, s := range []string{"", "short", strings.Repeat("zz", 32), base64.StdEncoding.EncodeToString(key[:16])} {
		if _, err := ParseKey(s); err == nil {
			t.Fatalf("ParseKey(%q) accepted", s)
		}
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadOrCreateKey("", dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", info, err)
	}
	k2, err := LoadOrCreateKey("", dir)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatal("second start read a different key")
	}
	env := strings.Repeat("ab", 32)
	k3, err := LoadOrCreateKey(env, dir)
	if err != nil || bytes.Equal(k3, k1) {
		t.Fatalf("SECRET_KEY not preferred: %v", err)
	}
	if _, err := LoadOrCreateKey("nope", dir); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Fatalf("bad SECRET_KEY: %v", err)
	}
}
