package web_test

import (
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"closer/sqlstore"
	"closer/sqlstore/sqltest"
	"closer/web"
)

// newTestServer is the server tests should build: every service of
// web.Server that the store implements (found by reflection, so that a
// service added later is wired here too), the store's health probe, a
// silent logger and a fixed clock. It fails the test if the server lacks a
// required service (web.Server.Check). A test that needs a double for one
// service sets that field afterwards.
func newTestServer(t testing.TB, db *sqlstore.DB, now time.Time) *web.Server {
	t.Helper()
	s := &web.Server{Ping: db.Ping, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }}
	sv := reflect.ValueOf(s).Elem()
	for i := range sv.NumField() {
		f := sv.Field(i)
		if f.CanSet() && f.Kind() == reflect.Interface && f.IsNil() && reflect.TypeOf(db).Implements(f.Type()) {
			f.Set(reflect.ValueOf(db))
		}
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestServerCheck: a server without one of its services refuses to start,
// naming that service; a server with all of them (Changes may be nil) is
// accepted.
func TestServerCheck(t *testing.T) {
	db := sqltest.SQLite(t)
	s := newTestServer(t, db, isoNow)
	if s.Changes != nil {
		t.Fatalf("the test server has a change feed: %T", s.Changes)
	}
	sv := reflect.ValueOf(s).Elem()
	checked := 0
	for i := range sv.NumField() {
		f, name := sv.Field(i), sv.Type().Field(i).Name
		if !f.CanSet() || f.Kind() != reflect.Interface || f.IsNil() {
			continue
		}
		saved := reflect.ValueOf(f.Interface())
		f.Set(reflect.Zero(f.Type()))
		err := s.Check()
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("a server without %s: Check answers %v, want an error naming it", name, err)
		}
		f.Set(saved)
		checked++
	}
	if checked < 20 {
		t.Errorf("only %d services checked", checked)
	}
	if err := s.Check(); err != nil {
		t.Errorf("the full server: %v", err)
	}
	if err := (&web.Server{}).Check(); err == nil || !strings.Contains(err.Error(), "Orgs") || strings.Contains(err.Error(), "Changes") {
		t.Errorf("the empty server: %v, want every service but Changes named", err)
	}
}
