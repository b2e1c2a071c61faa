package static

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// The pinned htmx must be byte-for-byte the file from npm htmx.org@2.0.11 (see README.md).
func TestHTMXChecksum(t *testing.T) {
	b, err := files.ReadFile(HTMX)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717" {
		t.Fatalf("htmx sha256 %s differs from the pinned checksum", got)
	}
}
