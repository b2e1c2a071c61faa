// Package simserver runs both emulators alone on loopback (`toggl-attio-sync sim`), seeded
// with the shared demo data, so the service, curl or any client can talk to them exactly as
// to the real Toggl and Attio.
package simserver

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"toggl-attio-sync/internal/attiosim"
	"toggl-attio-sync/internal/cli"
	"toggl-attio-sync/internal/togglsim"
)

// Default addresses and tokens of the emulators.
const (
	DefaultTogglAddr = "127.0.0.1:9081"
	DefaultAttioAddr = "127.0.0.1:9082"
	TogglToken       = "sim-toggl-token"
	AttioToken       = "sim-attio-token"
	// AttioMemberToken acts as a workspace member (a person), so changes made with it reach the
	// service as a person's edits in Attio, not as the service's own writes.
	AttioMemberToken = attiosim.SeedMemberToken
)

// Sims are both running emulators.
type Sims struct {
	Toggl, Attio       *togglsim.Sim
	TogglURL, AttioURL string
	TogglSeed          togglsim.SeedInfo
	AttioSeed          attiosim.SeedInfo
	attioSim           *attiosim.Sim
	togglSrv, attioSrv *http.Server
}

// Start listens on both addresses and serves seeded emulators until Close.
func Start(togglAddr, attioAddr string, now time.Time) (*Sims, error) {
	tl, err := net.Listen("tcp", togglAddr)
	if err != nil {
		return nil, fmt.Errorf("sim: Toggl emulator cannot listen on %s: %v", togglAddr, errors.Unwrap(err))
	}
	al, err := net.Listen("tcp", attioAddr)
	if err != nil {
		tl.Close()
		return nil, fmt.Errorf("sim: Attio emulator cannot listen on %s: %v", attioAddr, errors.Unwrap(err))
	}
	client := &http.Client{Timeout: 30 * time.Second}
	s := &Sims{
		TogglURL: "http://" + tl.Addr().String(),
		AttioURL: "http://" + al.Addr().String(),
	}
	s.Toggl = togglsim.New(togglsim.Config{HTTPClient: client, BaseURL: s.TogglURL})
	s.attioSim = attiosim.New(attiosim.Config{HTTPClient: client})
	s.TogglSeed = togglsim.Seed(s.Toggl, now)
	s.AttioSeed = attiosim.Seed(s.attioSim)
	s.togglSrv = &http.Server{Handler: s.Toggl, ReadHeaderTimeout: 10 * time.Second}
	s.attioSrv = &http.Server{Handler: s.attioSim, ReadHeaderTimeout: 10 * time.Second}
	go s.togglSrv.Serve(tl)
	go s.attioSrv.Serve(al)
	return s, nil
}

// AttioSim is the running Attio emulator.
func (s *Sims) AttioSim() *attiosim.Sim { return s.attioSim }

// Close stops both servers and emulators.
func (s *Sims) Close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.togglSrv.Shutdown(ctx)
	s.attioSrv.Shutdown(ctx)
	s.Toggl.Close()
	s.attioSim.Close()
}

// PrintSeed writes what the emulators hold and how to reach them.
func (s *Sims) PrintSeed(w io.Writer) {
	fmt.Fprintf(w, "Toggl emulator on %s (Basic auth <token>:api_token)\n", s.TogglURL)
	fmt.Fprint(w, s.TogglSeed.String())
	fmt.Fprintf(w, "Attio emulator on %s (Bearer %s), workspace %q\n", s.AttioURL, s.AttioSeed.Token, s.AttioSeed.WorkspaceName)
	fmt.Fprintf(w, "  member token %s acts as workspace member %s: edit Projects with it as a person would in Attio\n", s.AttioSeed.MemberToken, s.AttioSeed.MemberID)
	for _, c := range s.AttioSeed.Companies {
		fmt.Fprintf(w, "  company %s %s\n", c.RecordID, c.Name)
	}
	for _, p := range s.AttioSeed.Projects {
		linked := "not linked to Toggl"
		if p.TogglProjectID != "" {
			linked = "toggl_project_id " + p.TogglProjectID
		}
		fmt.Fprintf(w, "  project %s %q (%s, %s, %s) %s\n", p.RecordID, p.Name, p.Company, p.Type, p.Status, linked)
	}
	fmt.Fprintf(w, "Point the service at them: TOGGL_API_URL=%s ATTIO_API_URL=%s go run .\n", s.TogglURL, s.AttioURL)
	fmt.Fprintf(w, "Try: curl -u %s:api_token %s/api/v9/me\n     curl -H 'Authorization: Bearer %s' %s/v2/self\n", TogglToken, s.TogglURL, AttioToken, s.AttioURL)
	fmt.Fprintf(w, "Lose a share of Toggl's webhook deliveries while it runs (0 stops): curl -X PATCH -d '{\"drop_share\":0.3}' %s%s\n", s.TogglURL, togglsim.DeliveryFaultsPath)
}

// Run is the `sim` subcommand: flags, start, print, wait for ctx.
func Run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	togglAddr := fs.String("toggl-addr", DefaultTogglAddr, "address of the Toggl emulator")
	attioAddr := fs.String("attio-addr", DefaultAttioAddr, "address of the Attio emulator")
	if err := cli.Parse(fs, args, "usage: toggl-attio-sync sim [flags]\n\nServes the Toggl and Attio emulators on loopback, seeded, with the tokens it prints, so the\nservice can be tried without accounts (TOGGL_API_URL and ATTIO_API_URL pointed at them).", out); err != nil {
		return err
	}
	s, err := Start(*togglAddr, *attioAddr, time.Now())
	if err != nil {
		return err
	}
	defer s.Close()
	s.PrintSeed(out)
	<-ctx.Done()
	return nil
}
