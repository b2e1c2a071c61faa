package main

// The binary carries CA roots and the time zone database, so the container image can be
// FROM scratch: the fallback roots are used only when the system has none.
import (
	_ "time/tzdata"

	_ "golang.org/x/crypto/x509roots/fallback"
)
