package contract

import (
	"fmt"
	"strings"

	verrors "github.com/pb33f/libopenapi-validator/errors"
)

// maxSchemaFailures caps the failures listed per error: a value failing a large oneOf (Attio's
// record values have 20 variants) yields one failure per variant, mostly noise.
const maxSchemaFailures = 12

// describe turns validator errors into one line per error: the message, its reason, and each
// distinct schema failure with the field path it concerns.
func describe(errs []*verrors.ValidationError) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		var b strings.Builder
		b.WriteString(e.Message)
		if e.Reason != "" && e.Reason != e.Message {
			b.WriteString(": " + e.Reason)
		}
		seen := map[string]bool{}
		for _, f := range e.SchemaValidationErrors {
			at := f.FieldPath
			if at == "" {
				at = "$"
			}
			failure := f.Reason + " at " + at
			if seen[failure] {
				continue
			}
			seen[failure] = true
			if len(seen) > maxSchemaFailures {
				continue
			}
			b.WriteString("; " + failure)
		}
		if len(seen) > maxSchemaFailures {
			fmt.Fprintf(&b, "; … and %d more", len(seen)-maxSchemaFailures)
		}
		out = append(out, b.String())
	}
	return out
}
