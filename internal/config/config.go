// Package config reads the service's settings from the environment and command-line flags
// (flags win), validates them, and reports each problem as one clear line.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"toggl-attio-sync/internal/cli"
)

// Config is the validated configuration of one service process.
type Config struct {
	ListenAddr    string     // LISTEN_ADDR, host:port the console and webhooks listen on
	DataDir       string     // DATA_DIR, holds the SQLite database and the generated secret key
	PublicURL     *url.URL   // PUBLIC_URL, base URL Toggl and Attio call (default http://LISTEN_ADDR)
	TogglAPIURL   *url.URL   // TOGGL_API_URL
	AttioAPIURL   *url.URL   // ATTIO_API_URL
	LogLevel      slog.Level // LOG_LEVEL: debug|info|warn|error
	LogFormat     string     // LOG_FORMAT: text|json
	AdminPassword string     // ADMIN_PASSWORD, sets the first password when none is stored (env only)
	SecretKey     string     // SECRET_KEY, 32-byte key as hex or base64 (env only)
	MetricsToken  string     // METRICS_TOKEN: /metrics then wants "Authorization: Bearer <token>" (env only)
	// TrustedProxies (TRUSTED_PROXIES): peers whose X-Forwarded-For names the real client.
	TrustedProxies []netip.Prefix
	Metrics        bool          // METRICS, serve Prometheus /metrics
	RetryBase      time.Duration // RETRY_BASE_DELAY, first retry backoff of a failed job
	RetryMax       time.Duration // RETRY_MAX_DELAY, cap of the exponential backoff
	Demo           bool          // -demo: run with both emulators and generated activity
}

// SecurePublicURL reports whether cookies must carry the Secure flag.
func (c Config) SecurePublicURL() bool { return c.PublicURL.Scheme == "https" }

// DatabasePath is the SQLite file inside DataDir.
func (c Config) DatabasePath() string { return filepath.Join(c.DataDir, DatabaseFile) }

// Defaults used when neither a flag nor the environment sets a value.
const (
	DefaultListenAddr  = "127.0.0.1:8080"
	DefaultDataDir     = "./data"
	DefaultTogglAPIURL = "https://api.track.toggl.com"
	DefaultAttioAPIURL = "https://api.attio.com"
)

// Load builds a Config from args (without the program name) and getenv. Secrets are read
// from the environment only, so they never show in a process listing.
func Load(args []string, getenv func(string) string) (Config, error) {
	fs, in := defineFlags(getenv)
	if err := parseFlags(fs, args); err != nil {
		return Config{}, err
	}
	c := Config{
		ListenAddr:    *in.listen,
		DataDir:       *in.dataDir,
		LogFormat:     strings.ToLower(*in.logFormat),
		AdminPassword: getenv("ADMIN_PASSWORD"),
		SecretKey:     strings.TrimSpace(getenv("SECRET_KEY")),
		MetricsToken:  strings.TrimSpace(getenv("METRICS_TOKEN")),
		Demo:          *in.demo,
	}
	// Checked in this order, so the first problem is the one reported.
	if err := c.loadNetwork(in); err != nil {
		return Config{}, err
	}
	if err := c.loadLogging(in); err != nil {
		return Config{}, err
	}
	if err := c.loadRetry(in); err != nil {
		return Config{}, err
	}
	if c.AdminPassword != "" {
		if err := ValidatePassword(c.AdminPassword); err != nil {
			return Config{}, fmt.Errorf("config: ADMIN_PASSWORD %v", err)
		}
	}
	return c, nil
}

// rawSettings are the flag values before validation; each defaults to its environment
// variable, so a flag set on the command line wins over the environment.
type rawSettings struct {
	listen, dataDir, publicURL, togglURL, attioURL *string
	logLevel, logFormat, metrics                   *string
	retryBase, retryMax, trusted                   *string
	demo                                           *bool
}

// defineFlags declares every flag of the serve command with its environment default.
func defineFlags(getenv func(string) string) (*flag.FlagSet, rawSettings) {
	fs := flag.NewFlagSet("toggl-attio-sync", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	envOr := func(key, def string) string {
		if v := strings.TrimSpace(getenv(key)); v != "" {
			return v
		}
		return def
	}
	return fs, rawSettings{
		listen:    fs.String("listen", envOr("LISTEN_ADDR", DefaultListenAddr), "host:port to listen on (LISTEN_ADDR)"),
		dataDir:   fs.String("data-dir", envOr("DATA_DIR", DefaultDataDir), "directory for the database and key (DATA_DIR)"),
		publicURL: fs.String("public-url", envOr("PUBLIC_URL", ""), "base URL Toggl and Attio call (PUBLIC_URL)"),
		togglURL:  fs.String("toggl-api-url", envOr("TOGGL_API_URL", DefaultTogglAPIURL), "Toggl API base URL (TOGGL_API_URL)"),
		attioURL:  fs.String("attio-api-url", envOr("ATTIO_API_URL", DefaultAttioAPIURL), "Attio API base URL (ATTIO_API_URL)"),
		logLevel:  fs.String("log-level", envOr("LOG_LEVEL", "info"), "debug|info|warn|error (LOG_LEVEL)"),
		logFormat: fs.String("log-format", envOr("LOG_FORMAT", "text"), "text|json (LOG_FORMAT)"),
		metrics:   fs.String("metrics", envOr("METRICS", "true"), "serve Prometheus /metrics (METRICS)"),
		retryBase: fs.String("retry-base-delay", envOr("RETRY_BASE_DELAY", "2s"), "first retry backoff of a failed job (RETRY_BASE_DELAY)"),
		retryMax:  fs.String("retry-max-delay", envOr("RETRY_MAX_DELAY", "10m"), "longest retry backoff (RETRY_MAX_DELAY)"),
		trusted:   fs.String("trusted-proxies", envOr("TRUSTED_PROXIES", ""), "comma-separated CIDRs or addresses of reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES)"),
		demo:      fs.Bool("demo", false, "run with both emulators on loopback and generated activity"),
	}
}

// parseFlags parses args, turning -h into the usage text and anything else unexpected into
// one line that names the known flags.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return &cli.HelpError{Text: cli.Usage(fs, ServeUsage)}
		}
		return fmt.Errorf("config: %v (flags: %s; -h for help)", err, cli.Names(fs))
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// loadNetwork validates the trusted proxies, the listen address and the three base URLs.
// PUBLIC_URL defaults to the listen address, so it is checked after it.
func (c *Config) loadNetwork(in rawSettings) error {
	var err error
	if c.TrustedProxies, err = parseTrustedProxies(*in.trusted); err != nil {
		return err
	}
	if err = validateListenAddr(c.ListenAddr); err != nil {
		return err
	}
	publicURL := *in.publicURL
	if publicURL == "" {
		publicURL = "http://" + c.ListenAddr
	}
	if c.PublicURL, err = parseBaseURL("PUBLIC_URL", publicURL); err != nil {
		return err
	}
	if c.TogglAPIURL, err = parseBaseURL("TOGGL_API_URL", *in.togglURL); err != nil {
		return err
	}
	c.AttioAPIURL, err = parseBaseURL("ATTIO_API_URL", *in.attioURL)
	return err
}

// loadLogging validates LOG_LEVEL, LOG_FORMAT and METRICS.
func (c *Config) loadLogging(in rawSettings) error {
	if err := c.LogLevel.UnmarshalText([]byte(*in.logLevel)); err != nil {
		return fmt.Errorf("config: LOG_LEVEL %q is not one of debug, info, warn, error", *in.logLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: LOG_FORMAT %q is not one of text, json", *in.logFormat)
	}
	var err error
	if c.Metrics, err = strconv.ParseBool(*in.metrics); err != nil {
		return fmt.Errorf("config: METRICS %q is not true or false", *in.metrics)
	}
	return nil
}

// loadRetry validates the job retry backoff: a positive first delay and a cap no shorter.
func (c *Config) loadRetry(in rawSettings) error {
	var err error
	if c.RetryBase, err = time.ParseDuration(*in.retryBase); err != nil || c.RetryBase <= 0 {
		return fmt.Errorf("config: RETRY_BASE_DELAY %q is not a positive duration (e.g. 2s)", *in.retryBase)
	}
	if c.RetryMax, err = time.ParseDuration(*in.retryMax); err != nil || c.RetryMax < c.RetryBase {
		return fmt.Errorf("config: RETRY_MAX_DELAY %q is not a duration at least RETRY_BASE_DELAY (e.g. 10m)", *in.retryMax)
	}
	return nil
}

// MinPasswordLength is the shortest admin password accepted.
const MinPasswordLength = 10

// ValidatePassword checks an admin password; the error reads after the word "password".
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return fmt.Errorf("must be at least %d characters", MinPasswordLength)
	}
	if len(p) > 1024 {
		return errors.New("must be at most 1024 bytes")
	}
	return nil
}

func validateListenAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("config: LISTEN_ADDR %q is not host:port (for example 127.0.0.1:8080)", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("config: LISTEN_ADDR %q has no valid port (0-65535)", addr)
	}
	if host != "" && net.ParseIP(host) == nil && !validHostname(host) {
		return fmt.Errorf("config: LISTEN_ADDR %q has an invalid host", addr)
	}
	return nil
}

func validHostname(h string) bool {
	for _, r := range h {
		if !(r == '-' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return h != ""
}

func parseBaseURL(name, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("config: %s %q is not an absolute http(s) URL", name, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("config: %s %q must not carry credentials, a query or a fragment", name, raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// PrepareDataDir creates DataDir (mode 0700) if needed and checks that it is a writable
// directory, so a bad DATA_DIR fails at start with one line rather than on first write.
func PrepareDataDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("config: DATA_DIR %q cannot be created: %v", dir, unwrapPathError(err))
	}
	info, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("config: DATA_DIR %q: %v", dir, unwrapPathError(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("config: DATA_DIR %q is not a directory", dir)
	}
	probe, err := os.CreateTemp(dir, ".write-probe-*")
	if err != nil {
		return fmt.Errorf("config: DATA_DIR %q is not writable: %v", dir, unwrapPathError(err))
	}
	name := probe.Name()
	probe.Close()
	return os.Remove(name)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// parseTrustedProxies reads "10.0.0.0/8, 192.0.2.7" (an address alone is a /32 or /128).
func parseTrustedProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if p, err := netip.ParsePrefix(part); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(part)
		if err != nil {
			return nil, fmt.Errorf("config: TRUSTED_PROXIES entry %q is neither a CIDR (10.0.0.0/8) nor an address", part)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
