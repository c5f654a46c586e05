package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"closer"
	"closer/importer"
)

// TestErrorsTranslated reads the sources of the packages whose errors reach
// the pages (the domain, the importer, the store, the web app, the exports)
// and checks that the French catalog translates the format of every
// closer.Errorf, closer.FieldError, closer.Phrasef (a part of a message) and
// import problem (Problem.because), so that a new message cannot reach a
// French reader in English unnoticed.
func TestErrorsTranslated(t *testing.T) {
	skip := map[string]bool{
		"%s.": true, // wraps a message already made
		"%s":  true, // a phrase of the JSON decoder's own words
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
				} else if fn.Sel.Name == "because" || ok && x.Name == "closer" && fn.Sel.Name == "Phrasef" {
					arg = 0
				}
			case *ast.Ident:
				if inCloser && (fn.Name == "Errorf" || fn.Name == "FieldError") {
					arg = 1
				} else if inCloser && fn.Name == "Phrasef" {
					arg = 0
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

// TestMappingProblemTranslated checks that what is wrong with a mapping
// document reads in the reader's language, the field's name as the document
// spells it, and not as an English detail inside a French message.
func TestMappingProblemTranslated(t *testing.T) {
	for _, c := range []struct{ doc, lang, want string }{
		{`{"columns": ["title"]}`, "fr", `La correspondance n'est pas valide : "columns" contient une liste là où il faut un objet.`},
		{`{"columns": {"title": "a"}, "delimiter": true}`, "fr", `La correspondance n'est pas valide : "delimiter" contient true ou false là où il faut un texte.`},
		{`[]`, "fr", `La correspondance n'est pas valide : ce doit être un objet JSON, pas une liste.`},
		{`{"columns" {"title": "a"}}`, "fr", `La correspondance n'est pas valide : ce n'est pas du JSON valide (erreur au caractère 12).`},
		{``, "fr", `La correspondance n'est pas valide : elle est vide ou s'arrête avant la fin.`},
		{`{"columns": {"title": "a"}, "colums": {}}`, "fr", `La correspondance n'est pas valide : elle contient un champ inconnu, "colums".`},
		{`{"columns": ["title"]}`, "en", `The mapping is not valid: "columns" has a list where an object is expected.`},
		{`{"columns" {"title": "a"}}`, "en", `The mapping is not valid: it is not valid JSON (invalid character '{' after object key, at character 12).`},
	} {
		_, err := importer.ParseMapping(strings.NewReader(c.doc))
		if err == nil {
			t.Fatalf("%s: accepted", c.doc)
		}
		if got := errorText(c.lang, err); got != c.want {
			t.Errorf("%s in %s:\n got %s\nwant %s", c.doc, c.lang, got, c.want)
		}
		if closer.ErrorField(err) != "mapping" {
			t.Errorf("%s: field %q", c.doc, closer.ErrorField(err))
		}
	}
}
