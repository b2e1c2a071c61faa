package config

// ServeUsage heads the serve command's flag list. Each flag also reads the environment
// variable named in its description; a flag wins over the environment.
const ServeUsage = `usage: toggl-attio-sync [serve] [flags]

Serves the console and the webhooks until interrupted. Every flag can be set by the
environment variable named beside it instead; a flag wins over the environment.
Secrets (ADMIN_PASSWORD, SECRET_KEY, METRICS_TOKEN) are read from the environment only.`

// DatabaseFile is the SQLite database's name inside DATA_DIR.
const DatabaseFile = "toggl-attio-sync.db"
