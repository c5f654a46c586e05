package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"closer"
)

// maxBody bounds a request body: no API input comes near a mebibyte.
const maxBody = 1 << 20

// readJSON decodes the request body into dst, a pointer to a struct. It
// refuses bodies over maxBody, malformed JSON, unknown fields, wrong types
// and trailing data, with a 400 error naming the offending field.
func readJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	return decodeBody(w, r, dst, false)
}

// readOptionalJSON is readJSON for bodies that may be left out entirely
// (POST .../resume takes nothing, or a version).
func readOptionalJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	return decodeBody(w, r, dst, true)
}

func decodeBody(w http.ResponseWriter, r *http.Request, dst any, allowEmpty bool) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return invalidRequest("", "The request body is larger than %d bytes.", maxBody)
	} else if err != nil {
		return invalidRequest("", "The request body could not be read.")
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		if allowEmpty {
			return nil
		}
		return invalidRequest("", "The request body is empty: send a JSON object.")
	} else if trimmed[0] != '{' {
		return invalidRequest("", "The request body must be a JSON object.") // null, [], "x", <html>...
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeError(body, dst, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return invalidRequest("", "The request body holds more than one JSON value.")
	}
	return checkMembers(body, fieldNames(reflect.TypeOf(dst).Elem()))
}

// checkMembers refuses what decoding lets through in the body's object: a
// member named twice (the decoder keeps the last one, where another reader
// could take the first), a name that matches a field only case aside
// (encoding/json folds case; the API's names are exact), and text that is
// not valid UTF-8 or holds a lone surrogate escape (\ud800), which decoding
// would silently store as U+FFFD.
func checkMembers(body []byte, known map[string]bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil
		}
		name, _ := t.(string)
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil
		}
		switch {
		case seen[strings.ToLower(name)]:
			return invalidRequest(name, "Field %q appears twice.", name)
		case known != nil && !known[name]:
			return invalidRequest(name, "Unknown field %q.", name)
		case !validText(value):
			return invalidRequest(name, "Field %q holds text that is not valid UTF-8 (or a lone surrogate escape).", name)
		}
		seen[strings.ToLower(name)] = true
	}
	return nil
}

// fieldNames returns the JSON names of a struct type's fields (those of
// embedded structs included), or nil for another type.
func fieldNames(t reflect.Type) map[string]bool {
	if t.Kind() != reflect.Struct {
		return nil
	}
	names := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || (!f.IsExported() && !f.Anonymous):
		case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
			for n := range fieldNames(f.Type) {
				names[n] = true
			}
		case name == "":
			names[f.Name] = true
		default:
			names[name] = true
		}
	}
	return names
}

// validText reports whether a well-formed JSON value is valid UTF-8 and its
// strings escape no lone surrogate: a \uD800-\uDBFF escape must be followed
// by a \uDC00-\uDFFF one, and the latter never stands alone.
func validText(raw []byte) bool {
	if !utf8.Valid(raw) {
		return false
	}
	escape := func(i int) (rune, bool) { // the \uXXXX escape at raw[i:], if any
		if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
			return 0, false
		}
		n, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32)
		return rune(n), err == nil
	}
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		r, ok := escape(i)
		switch {
		case !ok:
			i++ // an escaped character (\\, \"...): skip it
		case utf16.IsSurrogate(r) && r < 0xDC00:
			low, ok := escape(i + 6)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return false
			}
			i += 11
		case utf16.IsSurrogate(r):
			return false
		default:
			i += 5
		}
	}
	return true
}

// decodeError turns a decoding error into a 400 that names the field.
func decodeError(body []byte, dst any, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return invalidRequest("", "Malformed JSON at byte %d: %s.", syntax.Offset, strings.TrimPrefix(syntax.Error(), "invalid character "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidRequest("", "Malformed JSON: the body ends too early.")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalidRequest(name, "Unknown field %q.", name)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = failingField(body, dst)
		}
		if field == "" {
			return invalidRequest("", "The request body must be a JSON object.")
		}
		return invalidRequest(field, "Field %q must be %s, not %s.", field, jsonType(typ.Type), typ.Value)
	}
	// An error from a field's own decoder (a date, a reference): find which.
	field := failingField(body, dst)
	var ce *closer.Error
	if errors.As(err, &ce) {
		return invalidRequest(field, "%s", ce.Message)
	}
	return invalidRequest(field, "Field %q: %s.", field, strings.TrimSuffix(err.Error(), "."))
}

// failingField decodes the members of the body's object one at a time into a
// fresh value of dst's type, and returns the first (in name order) that fails.
func failingField(body []byte, dst any) string {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return ""
	}
	names := make([]string, 0, len(members))
	for name := range members {
		names = append(names, name)
	}
	slices.Sort(names)
	t := reflect.TypeOf(dst).Elem()
	for _, name := range names {
		one, _ := json.Marshal(map[string]json.RawMessage{name: members[name]})
		if json.Unmarshal(one, reflect.New(t).Interface()) != nil {
			return name
		}
	}
	return ""
}

// jsonType names the JSON type a Go type decodes from, for error messages.
func jsonType(t reflect.Type) string {
	if t == reflect.TypeOf(closer.Date{}) {
		return "a date YYYY-MM-DD"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "of another type"
}

// writeJSON answers v as JSON with status. HTML-significant characters are
// escaped by encoding/json, so text is returned literally and safely.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// optional is a field of a request body that distinguishes "absent" (Set is
// false) from a value: PATCH changes only what is present. null is refused
// with a 400 naming the field, as any other wrong type: a field that null
// may clear is declared nullable, here and in the OpenAPI document.
type optional[T any] struct {
	Set   bool
	Value T
}

// UnmarshalJSON records that the field was present and decodes its value.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return &json.UnmarshalTypeError{Value: "null", Type: reflect.TypeOf(o.Value)}
	}
	o.Set = true
	return json.Unmarshal(b, &o.Value)
}

// nullable is an optional field that null clears: Set and Null are then
// true, and Value is the zero value.
type nullable[T any] struct {
	optional[T]
	Null bool
}

// UnmarshalJSON records that the field was present, null or a value.
func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		var zero T
		n.Set, n.Null, n.Value = true, true, zero
		return nil
	}
	return n.optional.UnmarshalJSON(b)
}

// number is a JSON number kept as written, for a field whose range the
// domain checks: 1.5 or 1e30 then answer 422 naming the field, like any
// value out of range, rather than failing to decode. Any other JSON type
// is a 400.
type number string

// UnmarshalJSON accepts a JSON number only.
func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf(0.0)}
	}
	*n = number(b)
	return nil
}

// jsonKind names the JSON type of a value, as decoding errors do.
func jsonKind(b []byte) string {
	switch {
	case len(b) == 0:
		return "nothing"
	case b[0] == '"':
		return "string"
	case b[0] == 't' || b[0] == 'f':
		return "bool"
	case b[0] == '[':
		return "array"
	case b[0] == '{':
		return "object"
	}
	return "null"
}

// int returns the number as an int, or false when it is not a whole
// number that fits.
func (n number) int() (int, bool) {
	v, err := strconv.Atoi(string(n))
	return v, err == nil
}

// ptr returns a pointer to the value when set, nil otherwise: the shape of
// the domain's update structs.
func (o optional[T]) ptr() *T {
	if !o.Set {
		return nil
	}
	v := o.Value
	return &v
}

// required returns a 400 naming field when the body left it out: a field
// the document requires, for which no default would be right (a target's
// amount: 0 would silently replace the one set).
func (o optional[T]) required(field string) error {
	if !o.Set {
		return invalidRequest(field, "Field %q is required.", field)
	}
	return nil
}

// kept returns a 400 naming field when a PATCH body sets it to null, for
// a field the record cannot do without (an order's account and kind, a
// quote's opportunity, an activity's owner): ignoring the null would let
// the client believe it cleared something.
func (n nullable[T]) kept(field string) error {
	if n.Null {
		return invalidRequest(field, "Field %q cannot be null: the record keeps one; give another, or leave the field out.", field)
	}
	return nil
}

// ref is a reference given in a request: an id (a JSON integer or a string
// of digits) or a name, an e-mail... Null and "" mean "none".
type ref string

// UnmarshalJSON accepts an integer, a string or null.
func (r *ref) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*r = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*r = ref(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return errors.New("must be an id or a name")
	}
	if _, err := n.Int64(); err != nil {
		return errors.New("must be an integer id or a name")
	}
	*r = ref(n.String())
	return nil
}
