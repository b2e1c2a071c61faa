// Package cli gives every subcommand the same command-line manners: -h and --help print
// usage to stdout and succeed; a bad flag is one line naming the flags that exist.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// ErrHelp means usage was printed as asked: the command ends successfully.
var ErrHelp = errors.New("help printed")

// Parse parses args with fs. On -h or --help it writes usage (the summary, then every flag
// with its meaning and default) to stdout and returns ErrHelp; on a bad flag or a stray
// argument it returns one line saying what exists.
func Parse(fs *flag.FlagSet, args []string, summary string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, Usage(fs, summary))
			return ErrHelp
		}
		return fmt.Errorf("%s: %v (flags: %s; -h for help)", fs.Name(), err, Names(fs))
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q (flags: %s; -h for help)", fs.Name(), fs.Arg(0), Names(fs))
	}
	return nil
}

// Names lists the flags as "-a -b -c".
func Names(fs *flag.FlagSet) string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, "-"+f.Name) })
	return strings.Join(names, " ")
}

// Usage is the summary followed by one line per flag: name, meaning, default.
func Usage(fs *flag.FlagSet, summary string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(summary, "\n"))
	b.WriteString("\n\nflags:\n")
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" {
			def = " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(tw, "  -%s\t%s%s\n", f.Name, f.Usage, def)
	})
	tw.Flush()
	return b.String()
}

// HelpError carries usage text up to main, which prints it to stdout and exits 0; it is
// ErrHelp for errors.Is.
type HelpError struct{ Text string }

func (e *HelpError) Error() string        { return "help requested" }
func (e *HelpError) Is(target error) bool { return target == ErrHelp }
