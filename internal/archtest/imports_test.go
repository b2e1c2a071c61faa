// Package archtest checks the import rules docs/ARCHITECTURE.md states, over the
// production (non-test) files of the module, so a change that breaks a layer fails here.
package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "toggl-attio-sync"

// pkg is one directory's production Go files: its imports and the calls it makes.
type pkg struct {
	dir     string // relative to the module root, e.g. "internal/store"
	imports map[string][]string
	files   []*ast.File
	names   []string
}

func loadPackages(t *testing.T) map[string]*pkg {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s", root)
	}
	fset := token.NewFileSet()
	out := map[string]*pkg{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "tools" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		p := out[rel]
		if p == nil {
			p = &pkg{dir: rel, imports: map[string][]string{}}
			out[rel] = p
		}
		p.files = append(p.files, f)
		p.names = append(p.names, filepath.Base(path))
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			p.imports[ip] = append(p.imports[ip], filepath.Base(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 20 {
		t.Fatalf("found %d packages: the walk missed the module", len(out))
	}
	return out
}

func internal(name string) string { return module + "/internal/" + name }

// Only the store opens the database: nothing else imports the sqlc package.
func TestOnlyTheStoreImportsDB(t *testing.T) {
	pkgs := loadPackages(t)
	if _, ok := pkgs["internal/store"].imports[module+"/db"]; !ok {
		t.Fatal("internal/store does not import db: the check reads imports wrongly")
	}
	for dir, p := range pkgs {
		if dir == "internal/store" || dir == "db" {
			continue
		}
		if files, ok := p.imports[module+"/db"]; ok {
			t.Errorf("%s imports %s/db in %v: go through internal/store's methods", dir, module, files)
		}
	}
}

// The layer rules of docs/ARCHITECTURE.md, "Packages and what each may import".
func TestImportRules(t *testing.T) {
	pkgs := loadPackages(t)
	pure := []string{"routing", "fieldmap", "togglevent", "signature", "clock", "cli", "buildinfo", "backoff", "attiotype"}
	clients := []string{"attio", "toggl", "retryafter"}
	emulators := []string{"togglsim", "attiosim", "simserver", "contract", "testrig", "loadgen"}
	services := []string{"connection", "inbound", "outbound", "resync", "provision", "auditmirror", "opsmetrics", "auth", "worker", "failure", "backup", "attioschema", "auditlog"}
	rules := []struct {
		who    []string // packages under internal/ ("web" and "views" are top level)
		forbid []string // import paths
		why    string
	}{
		{pure, withInternal(append(append([]string{"store", "connection"}, clients...), emulators...)),
			"pure logic does no I/O: it takes values and returns values"},
		{pure, []string{"net/http", "database/sql", "os", "github.com/gofiber/fiber/v2"}, "pure logic does no I/O"},
		{clients, withInternal(append([]string{"store", "connection", "inbound", "outbound", "resync"}, emulators...)),
			"a client speaks one API and knows nothing of the sync"},
		{[]string{"store"}, withInternal(append(append(append([]string{}, services...), clients...), pure...)),
			"the store knows rows, not the domain"},
		{services, append(withInternal(append([]string{"app", "demo", "bench", "chaos"}, emulators...)), module+"/web", module+"/views"),
			"services are called by web and the commands, never the reverse; emulators stay out of production paths"},
		{[]string{"web"}, withInternal(emulators), "the console never talks to an emulator directly"},
	}
	for _, r := range rules {
		for _, who := range r.who {
			dir := "internal/" + who
			if who == "web" || who == "views" {
				dir = who
			}
			p := pkgs[dir]
			if p == nil {
				t.Errorf("rule for %s: no such package (update the rules with the code)", dir)
				continue
			}
			for _, f := range r.forbid {
				if files, ok := p.imports[f]; ok {
					t.Errorf("%s imports %s (%v): %s", dir, f, files, r.why)
				}
			}
		}
	}
}

func withInternal(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = internal(n)
	}
	return out
}

// ExecRaw, QueryRaw and QueryRowRaw are for tests and the benchmark only.
func TestRawSQLOnlyInTestsAndBench(t *testing.T) {
	for dir, p := range loadPackages(t) {
		if dir == "internal/store" || dir == "internal/bench" {
			continue
		}
		for i, f := range p.files {
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if ok && slices.Contains([]string{"ExecRaw", "QueryRaw", "QueryRowRaw"}, sel.Sel.Name) {
					t.Errorf("%s/%s calls %s: production code uses the store's aggregate methods", dir, p.names[i], sel.Sel.Name)
				}
				return true
			})
		}
	}
}
