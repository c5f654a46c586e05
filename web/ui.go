package web

import (
	"context"
	"time"

	"closer"
)

// uiState is what the web app parses once at start.
type uiState struct {
	pages pages
}

// initUI parses the page templates; a broken template stops the start.
func (s *Server) initUI() {
	p, err := parsePages()
	if err != nil {
		panic("web: templates: " + err.Error())
	}
	s.ui = &uiState{pages: p}
}

// contextWithOrg returns ctx carrying the org of the acting member.
func contextWithOrg(ctx context.Context, org *closer.Org) context.Context {
	return context.WithValue(ctx, orgKey{}, org)
}

// now returns the server's current time (a fixed one in tests).
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
