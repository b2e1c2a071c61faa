package cli

import (
	"errors"
	"flag"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		wantErr string // "" none; "help" ErrHelp
		wantOut []string
	}{
		{"no flags", nil, "", nil},
		{"a flag", []string{"-count", "3"}, "", nil},
		{"-h", []string{"-h"}, "help", []string{"usage: demo [flags]", "-count", "how many (default 1)", "-out", "file to write (default out.md)"}},
		{"--help", []string{"--help"}, "help", []string{"usage: demo [flags]"}},
		{"unknown flag", []string{"-bogus"}, "demo: flag provided but not defined: -bogus (flags: -count -out; -h for help)", nil},
		{"stray argument", []string{"extra"}, `demo: unexpected argument "extra" (flags: -count -out; -h for help)`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("demo", flag.ContinueOnError)
			fs.Int("count", 1, "how many")
			fs.String("out", "out.md", "file to write")
			var out strings.Builder
			err := Parse(fs, tc.args, "usage: demo [flags]\n", &out)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case tc.wantErr == "help" && !errors.Is(err, ErrHelp):
				t.Fatalf("want ErrHelp, got %v", err)
			case tc.wantErr != "" && tc.wantErr != "help" && (err == nil || err.Error() != tc.wantErr):
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(out.String(), w) {
					t.Fatalf("usage lacks %q:\n%s", w, out.String())
				}
			}
			if tc.wantErr != "help" && out.Len() != 0 {
				t.Fatalf("printed without -h: %q", out.String())
			}
		})
	}
}
