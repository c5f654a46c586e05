package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"closer"
)

// statusOf is the one table from the domain's error codes to HTTP statuses.
var statusOf = map[string]int{
	closer.EINVALID:      http.StatusUnprocessableEntity,
	closer.ENOTFOUND:     http.StatusNotFound,
	closer.ECONFLICT:     http.StatusConflict,
	closer.EUNAUTHORIZED: http.StatusUnauthorized,
	closer.EFORBIDDEN:    http.StatusForbidden,
	closer.EINTERNAL:     http.StatusInternalServerError,
	closer.ETOOMANY:      http.StatusTooManyRequests,
}

// badRequest marks an EINVALID error about the request itself (malformed
// JSON, an unknown field, a wrong type, a bad query parameter): it answers
// 400, where a value the domain refuses answers 422.
type badRequest struct{ err *closer.Error }

func (e *badRequest) Error() string { return e.err.Error() }
func (e *badRequest) Unwrap() error { return e.err }

// invalidRequest returns a 400 error naming the offending field or parameter.
func invalidRequest(field, format string, args ...any) error {
	return &badRequest{closer.FieldError(field, format, args...)}
}

// orList writes the allowed values of a parameter as a sentence does:
// "linked, direct or recurring".
func orList(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// fail answers err as JSON with its status. Internal errors are logged once,
// with the request, under a reference the user sees instead of the details.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := closer.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = closer.EINTERNAL, http.StatusInternalServerError
	}
	var br *badRequest
	if errors.As(err, &br) || (code == closer.EINVALID && (r.Method == http.MethodGet || r.Method == http.MethodHead)) {
		// A read has no body: what it refuses is in its URL, a bad query
		// parameter (a search text the store finds too long), which is a
		// 400 like every other, the one status the document lists for reads.
		status = http.StatusBadRequest
	}
	detail := errorDetail{Code: code, Message: closer.ErrorMessage(err), Field: closer.ErrorField(err)}
	if code == closer.EINTERNAL {
		ref := newReference()
		s.logger().Error("internal error", "ref", ref, "method", r.Method, "path", logPath(r.URL.Path), "err", err)
		detail = errorDetail{Code: code, Message: fmt.Sprintf("Internal error (reference %s).", ref)}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="closer"`)
	}
	writeJSON(w, status, errorBody{detail})
}

// newReference returns a short random id that ties an error shown to a user
// to its log line.
func newReference() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// answer writes v with status, or the error when err is not nil: the last
// line of most handlers.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, v)
}
