package routing

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// Small value sets so the fuzzer hits rule matches often; the fuzzed rule strings add the rest.
var (
	fuzzTypes    = []string{"", "Retainer", "retainer", "Fixed fee", "Internal"}
	fuzzStatuses = []string{"", "Active", "Complete", "complete ", "Lost"}
)

// fuzzInput builds an Input from fuzzed primitives. Each 3 bytes of spec describe one Company
// Project: toggl link (none / this project / another), type, status. flags bit 0: entry has a
// project; 1: mapped project present; 2: client id; 3: client record; 4: company; 5: fallback.
func fuzzInput(flags uint8, projectID int64, spec []byte, mappedType, mappedStatus uint8, ruleType, ruleStatus string) Input {
	in := Input{Rules: Rules{TypeAttribute: "project_type", StatusAttribute: "status",
		Exclusions: []Exclusion{{Type: ruleType, Status: ruleStatus}, {Type: "*", Status: "Lost"}}}}
	if flags&1 != 0 {
		in.TogglProjectID = &projectID
	}
	if flags&2 != 0 {
		in.MappedProject = &Project{RecordID: "rec-mapped", Name: "Mapped", TogglProjectID: &projectID,
			Type: fuzzTypes[int(mappedType)%len(fuzzTypes)], Status: fuzzStatuses[int(mappedStatus)%len(fuzzStatuses)]}
	}
	if flags&4 != 0 {
		c := int64(7)
		in.TogglClientID = &c
	}
	if flags&8 != 0 {
		in.ClientRecord = &Record{RecordID: "rec-client", Name: "Client"}
	}
	if flags&16 != 0 {
		in.Company = &Record{RecordID: "rec-company", Name: "Company"}
	}
	if flags&32 != 0 {
		in.Fallback = &Record{RecordID: "rec-fallback", Name: "Fallback"}
	}
	other := projectID + 1
	for i := 0; i+2 < len(spec) && i < 3*16; i += 3 {
		p := Project{RecordID: "rec-" + strconv.Itoa(int(spec[i])%6), Name: "P" + strconv.Itoa(i/3),
			Type: fuzzTypes[int(spec[i+1])%len(fuzzTypes)], Status: fuzzStatuses[int(spec[i+2])%len(fuzzStatuses)]}
		switch spec[i] % 3 {
		case 1:
			p.TogglProjectID = &projectID
		case 2:
			p.TogglProjectID = &other
		}
		in.CompanyProjects = append(in.CompanyProjects, p)
	}
	return in
}

func FuzzDecide(f *testing.F) {
	f.Add(uint8(0xff), int64(20300002), []byte{0, 0, 0}, uint8(1), uint8(2), "retainer", "complete")
	f.Add(uint8(0x3d), int64(20300002), []byte{0, 3, 1, 3, 3, 1, 2, 1, 1}, uint8(0), uint8(0), "*", "complete")
	f.Add(uint8(0x1d), int64(1), []byte{1, 1, 2, 4, 3, 4}, uint8(0), uint8(0), "Fixed fee", "*")
	f.Add(uint8(0x00), int64(0), []byte{}, uint8(0), uint8(0), "", "")
	f.Fuzz(func(t *testing.T, flags uint8, projectID int64, spec []byte, mt, ms uint8, ruleType, ruleStatus string) {
		in := fuzzInput(flags, projectID, spec, mt, ms, ruleType, ruleStatus)
		d := Decide(in)
		if !reflect.DeepEqual(d, Decide(in)) {
			t.Fatal("Decide is not deterministic")
		}
		if d.Reason == "" || len(d.Steps) == 0 {
			t.Fatalf("unexplained decision %+v", d)
		}
		last := d.Steps[len(d.Steps)-1].Text
		if !strings.HasPrefix(last, "landed on") && !strings.Contains(last, "audit list only") {
			t.Fatalf("last step %q does not say where the entry went", last)
		}
		mapped := in.TogglProjectID != nil && in.MappedProject != nil
		switch d.Branch {
		case BranchMapped:
			if !mapped || d.ProjectRecordID != "rec-mapped" || d.Cause != CauseMapped ||
				in.Rules.Match(in.MappedProject.Type, in.MappedProject.Status) != 0 {
				t.Fatalf("bad mapped decision %+v", d)
			}
		case BranchClientCompany:
			if mapped {
				t.Fatal("client path taken although a mapping exists")
			}
			p := findProject(in.CompanyProjects, d.ProjectRecordID)
			if p == nil || in.Rules.Match(p.Type, p.Status) != 0 {
				t.Fatalf("landed on missing or excluded project %+v", d)
			}
			carries := p.TogglProjectID != nil && in.TogglProjectID != nil && *p.TogglProjectID == *in.TogglProjectID
			if (d.Cause == CauseCarriesProjectID) != carries || (!carries && p.TogglProjectID != nil) {
				t.Fatalf("cause %s for project %+v", d.Cause, p)
			}
			if d.Cause == CauseSingleEligible && countFreeEligible(in) != 1 {
				t.Fatalf("single-eligible with %d free eligible projects", countFreeEligible(in))
			}
		case BranchFallback:
			if in.Fallback == nil || d.ProjectRecordID != "rec-fallback" {
				t.Fatalf("bad fallback %+v", d)
			}
		case BranchAuditOnly:
			if in.Fallback != nil || d.ProjectRecordID != "" {
				t.Fatalf("bad audit-only %+v", d)
			}
		default:
			t.Fatalf("unknown branch %q", d.Branch)
		}
		if d.Branch == BranchFallback || d.Branch == BranchAuditOnly {
			switch d.Cause {
			case CauseExcluded, CauseUnresolved, CauseAmbiguous:
			default:
				t.Fatalf("fallback with cause %s", d.Cause)
			}
		}
	})
}

func findProject(ps []Project, recordID string) *Project {
	for i := range ps {
		if ps[i].RecordID == recordID {
			return &ps[i]
		}
	}
	return nil
}

// countFreeEligible counts distinct unlinked, non-excluded Company Projects (a second, naive
// reading of "the single eligible one").
func countFreeEligible(in Input) int {
	seen := map[string]bool{}
	n := 0
	for _, p := range in.CompanyProjects {
		if seen[p.RecordID] {
			continue
		}
		seen[p.RecordID] = true
		if p.TogglProjectID == nil && in.Rules.Match(p.Type, p.Status) == 0 {
			n++
		}
	}
	return n
}

func FuzzRules(f *testing.F) {
	f.Add([]byte(`{"type_attribute":"project_type","status_attribute":"status","exclusions":[{"type":"Retainer","status":"Complete"},{"type":"*","status":"Lost"}]}`), "Retainer", "Complete")
	f.Add([]byte(`{"type_attribute":"","status_attribute":"stage","exclusions":[{"type":"*","status":"Won"}]}`), "x", "won")
	f.Add([]byte(`{}`), "", "")
	f.Add([]byte(`null`), "", "")
	f.Fuzz(func(t *testing.T, data []byte, typ, status string) {
		r, err := ParseRules(data)
		if err != nil {
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("ParseRules returned invalid rules: %v", err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		r2, err := ParseRules(b)
		if err != nil || !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, r, r2)
		}
		got := r.Match(typ, status)
		if got < 0 || got > len(r.Exclusions) {
			t.Fatalf("Match = %d of %d rules", got, len(r.Exclusions))
		}
		// Every rule matches the values it names (wildcards filled with the fuzzed values), and
		// Match reports the first matching rule.
		for i, e := range r.Exclusions {
			tv, sv := e.Type, e.Status
			if strings.TrimSpace(tv) == Wildcard {
				tv = typ
			}
			if strings.TrimSpace(sv) == Wildcard {
				sv = status
			}
			if m := r.Match(tv, sv); m == 0 || m > i+1 {
				t.Fatalf("rule #%d %+v does not match its own values (%q, %q): %d", i+1, e, tv, sv, m)
			}
		}
	})
}
