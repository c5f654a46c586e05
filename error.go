package closer

import (
	"errors"
	"fmt"
)

// Error codes: one vocabulary for every layer. The HTTP layer maps each to a
// status in one table; stores translate constraint violations into them.
const (
	ECONFLICT     = "conflict"     // a stale version, a duplicate name
	EINTERNAL     = "internal"     // a bug or an unreachable database
	EINVALID      = "invalid"      // bad input or a refused lifecycle transition
	ENOTFOUND     = "not_found"    // unknown, or belonging to another org
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // the role does not allow it
	ETOOMANY      = "too_many"     // too many attempts (sign-in failures): wait and retry
)

// Error is an application error that is safe to show to the user: Message is
// written for people, Field names the offending input when there is one.
type Error struct {
	Code    string
	Field   string
	Message string

	// Format and Args are what Message was made from, so that the web app
	// can show the message in the reader's language (the format is the key
	// of the translation catalogs).
	Format string
	Args   []any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("closer error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("closer error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an application error with a code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Phrase is part of a message, made like one from a format and its
// arguments, and given as an argument of an Error (or of another Phrase)
// where a plain string would stay English inside a translated message: the
// web app says the phrase in the reader's language too, its format being a
// key of the translation catalogs. Formatted with %s, it reads in English.
type Phrase struct {
	Format string
	Args   []any
}

// Phrasef returns the phrase of a format and its arguments.
func Phrasef(format string, args ...any) Phrase { return Phrase{Format: format, Args: args} }

// String returns the phrase in English.
func (p Phrase) String() string { return fmt.Sprintf(p.Format, p.Args...) }

// ErrorCode returns the code of an application error, EINTERNAL for any other
// error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of an application error, or a generic one
// for internal errors (whose details are logged, never shown).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the offending field of an application error, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
