package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoadDefaults(t *testing.T) {
	c, err := Load(nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != DefaultListenAddr || c.DataDir != DefaultDataDir {
		t.Fatalf("defaults: %+v", c)
	}
	if c.PublicURL.String() != "http://127.0.0.1:8080" || c.TogglAPIURL.String() != DefaultTogglAPIURL || c.AttioAPIURL.String() != DefaultAttioAPIURL {
		t.Fatalf("urls: %v %v %v", c.PublicURL, c.TogglAPIURL, c.AttioAPIURL)
	}
	if c.SecurePublicURL() || !c.Metrics || c.LogFormat != "text" {
		t.Fatalf("flags: %+v", c)
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	c, err := Load([]string{"-listen", "127.0.0.1:9999", "-public-url", "https://sync.example.com/"},
		env(map[string]string{"LISTEN_ADDR": "127.0.0.1:1111", "PUBLIC_URL": "http://other", "LOG_FORMAT": "JSON", "LOG_LEVEL": "debug"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != "127.0.0.1:9999" || c.PublicURL.String() != "https://sync.example.com" || !c.SecurePublicURL() {
		t.Fatalf("got %+v %v", c, c.PublicURL)
	}
	if c.LogFormat != "json" || c.LogLevel.String() != "DEBUG" {
		t.Fatalf("log: %v %v", c.LogFormat, c.LogLevel)
	}
}

func TestLoadErrorsAreOneClearLine(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"listen nonsense", nil, map[string]string{"LISTEN_ADDR": "nonsense"}, `LISTEN_ADDR "nonsense" is not host:port`},
		{"listen bad port", []string{"-listen", "127.0.0.1:99999"}, nil, "no valid port"},
		{"public url relative", nil, map[string]string{"PUBLIC_URL": "sync.example.com"}, "PUBLIC_URL"},
		{"toggl url ftp", nil, map[string]string{"TOGGL_API_URL": "ftp://x"}, "TOGGL_API_URL"},
		{"attio url with query", nil, map[string]string{"ATTIO_API_URL": "https://x/?a=1"}, "ATTIO_API_URL"},
		{"log level", nil, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"log format", nil, map[string]string{"LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		{"metrics", nil, map[string]string{"METRICS": "maybe"}, "METRICS"},
		{"retry base", nil, map[string]string{"RETRY_BASE_DELAY": "soon"}, "RETRY_BASE_DELAY"},
		{"retry max below base", nil, map[string]string{"RETRY_BASE_DELAY": "1m", "RETRY_MAX_DELAY": "1s"}, "RETRY_MAX_DELAY"},
		{"short admin password", nil, map[string]string{"ADMIN_PASSWORD": "short"}, "ADMIN_PASSWORD must be at least"},
		{"trusted proxies", nil, map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"}, `TRUSTED_PROXIES entry "proxy.local"`},
		{"unknown flag", []string{"-nope"}, nil, "flag provided but not defined"},
		{"stray argument", []string{"extra"}, nil, "unexpected argument"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.args, env(c.env))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q does not say %q on one line", err, c.want)
			}
		})
	}
}

func TestPrepareDataDir(t *testing.T) {
	base := t.TempDir()
	if err := PrepareDataDir(filepath.Join(base, "a", "b")); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(base, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	if err := PrepareDataDir(file); err == nil || !strings.Contains(err.Error(), "DATA_DIR") {
		t.Fatalf("file as DATA_DIR: %v", err)
	}
	if err := PrepareDataDir(filepath.Join(file, "sub")); err == nil || !strings.Contains(err.Error(), "cannot be created") {
		t.Fatalf("under a file: %v", err)
	}
}

func TestTrustedProxies(t *testing.T) {
	c, err := Load([]string{"-trusted-proxies", "10.1.2.3/8, 192.0.2.7,::1"}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(c.TrustedProxies)
	if got != "[10.0.0.0/8 192.0.2.7/32 ::1/128]" {
		t.Fatalf("TrustedProxies = %s", got)
	}
	if c, _ := Load(nil, env(nil)); len(c.TrustedProxies) != 0 {
		t.Fatalf("default trusts %v", c.TrustedProxies)
	}
}
