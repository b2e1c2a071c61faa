//go:build race

package resync_test

// raceEnabled: the race detector slows the emulators and the service several times over.
const raceEnabled = true
