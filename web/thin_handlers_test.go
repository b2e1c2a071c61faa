package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// notThinYet are the handler files still allowed to talk to Toggl and Attio themselves.
var notThinYet = map[string]bool{
	// The wizard's connection pages load the connection's clients (connClients) and hand them
	// to provision (ViewRemote, PlanFilters' inputs, Disconnect); they make none and call
	// provision for every step, but still hold and pass the clients.
	"connection_routes.go":     true,
	"connection_show.go":       true,
	"connection_plan.go":       true,
	"connection_disconnect.go": true,
}

// Handlers parse the request, call one service and render: no file of package web holds an
// API client (*attio.Client, *toggl.Client: making one, calling its methods, passing it on)
// or builds a worker's handler (inbound.Handler, outbound.Handler). Their calls to Toggl and
// Attio live in the packages that own them (attioschema, inbound, opsmetrics, provision,
// resync, auditmirror), which get the client factories once.
func TestHandlersHoldNoAPIClients(t *testing.T) {
	fset := token.NewFileSet()
	files := parseWeb(t, fset)
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: exportImporter(t, fset)}
	if _, err := conf.Check("toggl-attio-sync/web", fset, files, info); err != nil {
		t.Fatalf("type-checking package web: %v", err)
	}

	found := map[string][]string{} // file → offences
	note := func(pos token.Pos, what string) {
		p := fset.Position(pos)
		name := filepath.Base(p.Filename)
		found[name] = append(found[name], fmt.Sprintf("%s:%d: %s", name, p.Line, what))
	}
	for expr, tv := range info.Types {
		if c := apiClient(tv.Type); c != "" {
			note(expr.Pos(), "an expression of type "+c)
		}
	}
	for sel, s := range info.Selections {
		if c := apiClient(s.Recv()); c != "" && s.Kind() != types.FieldVal {
			note(sel.Pos(), "calls "+c+"."+sel.Sel.Name)
		}
	}
	for id, obj := range info.Uses {
		if tn, ok := obj.(*types.TypeName); ok && tn.Pkg() != nil && tn.Name() == "Handler" {
			if p := tn.Pkg().Path(); p == "toggl-attio-sync/internal/inbound" || p == "toggl-attio-sync/internal/outbound" {
				note(id.Pos(), "uses "+tn.Pkg().Name()+".Handler, a worker's handler")
			}
		}
	}

	var names []string
	for name := range found {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if notThinYet[name] {
			continue
		}
		offences := found[name]
		sort.Strings(offences)
		t.Errorf("%s talks to Toggl or Attio itself; move it into the package that owns the page:\n  %s", name, strings.Join(dedupe(offences), "\n  "))
	}
	// An allowed file that became thin leaves the list, so it cannot slip back.
	for name := range notThinYet {
		if _, err := os.Stat(name); err == nil && len(found[name]) == 0 {
			t.Errorf("%s holds no API client any more: remove it from notThinYet", name)
		}
	}
}

// apiClient names t when it is (a pointer to, or a result tuple holding) an API client.
func apiClient(t types.Type) string {
	if tup, ok := t.(*types.Tuple); ok {
		for i := range tup.Len() {
			if c := apiClient(tup.At(i).Type()); c != "" {
				return c
			}
		}
		return ""
	}
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "Client" {
		return ""
	}
	switch n.Obj().Pkg().Path() {
	case "toggl-attio-sync/internal/attio":
		return "*attio.Client"
	case "toggl-attio-sync/internal/toggl":
		return "*toggl.Client"
	}
	return ""
}

// parseWeb parses the package's non-test files.
func parseWeb(t *testing.T, fset *token.FileSet) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files of package web found", len(files))
	}
	return files
}

// exportImporter imports web's dependencies from the export data the go command builds
// (go list -export), as the compiler sees them.
func exportImporter(t *testing.T, fset *token.FileSet) types.Importer {
	t.Helper()
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export", ".")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct{ ImportPath, Export string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
	}
	return importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(f)
	})
}

func dedupe(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}
