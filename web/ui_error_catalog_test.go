package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestErrorsTranslated reads the sources of the packages whose errors reach
// the pages (the domain, the importer, the store, the web app, the exports)
// and checks that the French catalog translates the format of every
// closer.Errorf, closer.FieldError and import problem (Problem.because), so
// that a new message cannot reach a French reader in English unnoticed.
func TestErrorsTranslated(t *testing.T) {
	skip := map[string]bool{
		"%s.": true, // wraps a message already made
		// The board and the relaunch list say these in their own words
		// (refusalText), without the status's code.
		"Only an open opportunity moves along the stages (this one is %s).": true,
		"Only an opportunity on hold can be resumed (this one is %s).":      true,
	}
	var files []string
	for _, dir := range []string{"..", "../importer", "../sqlstore", ".", "../export"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	fset := token.NewFileSet()
	seen := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		inCloser := f.Name.Name == "closer"
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "closer" && (fn.Sel.Name == "Errorf" || fn.Sel.Name == "FieldError") {
					arg = 1
				} else if fn.Sel.Name == "because" {
					arg = 0
				}
			case *ast.Ident:
				if inCloser && (fn.Name == "Errorf" || fn.Name == "FieldError") {
					arg = 1
				}
			}
			if arg < 0 || len(call.Args) <= arg {
				return true
			}
			lit, ok := call.Args[arg].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			format, err := strconv.Unquote(lit.Value)
			if err != nil || skip[format] || strings.HasPrefix(format, "stats: ") {
				return true
			}
			seen++
			if _, ok := catalogs["fr"][format]; !ok {
				t.Errorf("%s: no French for %q", fset.Position(lit.Pos()), format)
			}
			return true
		})
	}
	if seen < 100 {
		t.Fatalf("only %d messages found: the scan is broken", seen)
	}
}
