package importer

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"closer"
)

// mappingKeys are the keys of a mapping document, as its JSON tags spell them.
var mappingKeys = func() []string {
	var keys []string
	t := reflect.TypeFor[Mapping]()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			keys = append(keys, name)
		}
	}
	return keys
}()

// checkKeys reads a mapping document's keys before it is decoded, for what
// encoding/json lets through: a key written twice in one object (the
// decoder keeps the last one), a key of the mapping spelt in another case
// ("Columns": the decoder matches keys case aside), and, to name it, the
// entry of columns, defaults or values that is not a text. Any other fault
// (not JSON, a wrong type elsewhere) is left to the decoder, which says it.
// It returns the stages values.stage translates to, in the document's
// order (Go's maps forget it): the order new stages are added in.
func checkKeys(data []byte) (stages []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := keyWalker{dec: dec}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil
	}
	if err := w.object(""); err != nil {
		return nil, err
	}
	return w.stages, nil
}

// keyWalker walks a mapping document token by token.
type keyWalker struct {
	dec    *json.Decoder
	stages []string // the targets of values.stage, each once
}

// object reads the members of an object whose '{' was read; path is where
// it is: "" for the document, "columns", "values", "values.status".
func (w *keyWalker) object(path string) error {
	seen := map[string]bool{}
	for {
		tok, err := w.dec.Token()
		if err != nil {
			return nil // the decoder says it
		}
		if tok == json.Delim('}') {
			return nil
		}
		key, ok := tok.(string)
		if !ok {
			return nil
		}
		if seen[key] {
			if path == "" {
				return closer.FieldError("mapping", "The key %q is written twice in the mapping: keep one of them.", key)
			}
			return closer.FieldError(strings.SplitN(path, ".", 2)[0], "The key %q is written twice in %s: keep one of them.", key, path)
		}
		seen[key] = true
		if path == "" {
			if err := checkMappingKey(key); err != nil {
				return err
			}
		}
		if err := w.value(path, key); err != nil {
			return err
		}
	}
}

// value reads the value of key in the object at path.
func (w *keyWalker) value(path, key string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return nil
	}
	inner := key
	if path != "" {
		inner = path + "." + key
	}
	// The entries of columns, defaults and values.FIELD are texts.
	if wantsText(path) && tok != nil { // null leaves the entry empty
		if _, ok := tok.(string); !ok {
			return closer.FieldError(strings.SplitN(path, ".", 2)[0], "The mapping is not valid: %s.",
				closer.Phrasef("%q has %s where %s is expected", inner, tokenKind(tok), closer.Phrasef("a text")))
		}
	}
	if to, ok := tok.(string); ok && path == "values.stage" {
		if to = strings.TrimSpace(to); to != "" && !slices.ContainsFunc(w.stages, func(s string) bool { return strings.EqualFold(s, to) }) {
			w.stages = append(w.stages, to)
		}
	}
	// The entries of skip are lists of texts.
	if path == "skip" && tok != nil && tok != json.Delim('[') {
		return closer.FieldError("skip", "The mapping is not valid: %s.",
			closer.Phrasef("%q has %s where %s is expected", inner, tokenKind(tok), closer.Phrasef("a list")))
	} else if path == "skip" && tok == json.Delim('[') {
		return w.texts(inner)
	}
	switch tok {
	case json.Delim('{'):
		return w.object(inner)
	case json.Delim('['):
		return w.skip()
	}
	return nil
}

// texts reads a list of texts whose '[' was read, at path ("skip.Status").
func (w *keyWalker) texts(path string) error {
	for {
		tok, err := w.dec.Token()
		if err != nil || tok == json.Delim(']') {
			return nil // the decoder says what is wrong
		} else if _, ok := tok.(string); !ok {
			return closer.FieldError(strings.SplitN(path, ".", 2)[0], "The mapping is not valid: %s.",
				closer.Phrasef("%q has %s where %s is expected", path, tokenKind(tok), closer.Phrasef("a text")))
		}
	}
}

// wantsText reports whether the entries of the object at path are texts.
func wantsText(path string) bool {
	return path == "columns" || path == "defaults" || strings.HasPrefix(path, "values.") && strings.Count(path, ".") == 1
}

// skip reads to the end of a list whose '[' was read.
func (w *keyWalker) skip() error {
	for depth := 1; depth > 0; {
		tok, err := w.dec.Token()
		if err != nil {
			return nil
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// checkMappingKey refuses a key of the document that is a mapping's key
// in another case: encoding/json would take "Columns" for "columns".
func checkMappingKey(key string) error {
	for _, k := range mappingKeys {
		if k == key {
			return nil
		} else if strings.EqualFold(k, key) {
			return closer.FieldError(k, "%q is not a key of the mapping: did you mean %q?", key, k)
		}
	}
	return nil // unknown: the decoder refuses it
}

// tokenKind names the kind of a JSON token as jsonKind does.
func tokenKind(tok json.Token) closer.Phrase {
	switch tok.(type) {
	case json.Number:
		return jsonKind("number")
	case bool:
		return jsonKind("bool")
	}
	switch tok {
	case json.Delim('{'):
		return jsonKind("object")
	case json.Delim('['):
		return jsonKind("array")
	}
	return jsonKind("string")
}
