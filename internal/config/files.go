package config

// DatabaseFile is the SQLite database's name inside DATA_DIR.
const DatabaseFile = "toggl-attio-sync.db"
