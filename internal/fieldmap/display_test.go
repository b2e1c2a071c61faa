package fieldmap

import (
	"testing"
	"time"
)

func TestDisplay(t *testing.T) {
	at := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, c := range []struct {
		name string
		vals []any
		want string
	}{
		{"nothing clears", nil, "(no value: clears the attribute)"},
		{"text", []any{"a <b>"}, "a <b>"},
		{"numbers without trailing zeros", []any{1.5, 2.0, int64(42)}, "1.5, 2, 42"},
		{"checkbox", []any{true}, "true"},
		{"timestamp as written", []any{at}, Timestamp(at)},
		{"anything else", []any{[]int{1}}, "[1]"},
	} {
		if got := Display(c.vals); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
