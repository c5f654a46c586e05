package web

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"closer"
)

// liveHeartbeat is how often an idle live stream sends a comment, so that
// proxies and the browser keep it open; each one also extends the
// connection's deadlines.
const liveHeartbeat = 25 * time.Second

// livePageRoutes lists the streams that tell open pages to update: one
// per org, and one of all the reader's orgs (a consultant's portfolio).
func (s *Server) livePageRoutes() []Route {
	return []Route{
		{"GET", "/o/{slug}/live", OrgPage, s.liveStream},
		{"GET", "/live", Page, s.liveStreamOfMyOrgs},
	}
}

// publishChanges announces a change of the actor's org after each unsafe
// request (POST, PUT, PATCH, DELETE) that succeeded (a status under 400,
// a form's 303 included), so that the org's open pages update. It sits
// inside the actor middleware, where the actor is known.
func (s *Server) publishChanges(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status < http.StatusBadRequest {
			s.publishChange(r.Context())
		}
	})
}

// publishChange announces that the data of the actor's org changed, when
// the server has a change feed.
func (s *Server) publishChange(ctx context.Context) {
	if s.Changes == nil {
		return
	}
	if a, ok := closer.ActorFromContext(ctx); ok && a.OrgID != 0 {
		s.Changes.Publish(a.OrgID)
	}
}

// liveStream streams the changes of the org of the path.
func (s *Server) liveStream(w http.ResponseWriter, r *http.Request) {
	a, _ := closer.ActorFromContext(r.Context())
	s.streamChanges(w, r, []int64{a.OrgID})
}

// liveStreamOfMyOrgs streams the changes of every org the reader is an
// active member of, as of the stream's opening.
func (s *Server) liveStreamOfMyOrgs(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.Orgs.OrgsOf(r.Context(), userFromContext(r.Context()).ID)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if len(orgs) == 0 {
		w.WriteHeader(http.StatusNoContent) // nothing to follow: EventSource stops
		return
	}
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	s.streamChanges(w, r, ids)
}

// streamChanges is a server-sent event stream: "event: change" each time
// the data of one of the orgs changes (coalesced by the feed), a comment as
// a heartbeat. It ends when the browser goes away or the feed shuts down.
// Without a feed it answers 204, which tells EventSource not to reconnect.
func (s *Server) streamChanges(w http.ResponseWriter, r *http.Request, orgIDs []int64) {
	if s.Changes == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	changes, cancel := subscribeAll(s.Changes, orgIDs)
	defer cancel()

	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	heartbeat := time.NewTicker(liveHeartbeat)
	defer heartbeat.Stop()
	msg := "retry: 3000\n: open\n\n" // reconnect a broken stream after 3 s
	for {
		// The server's read and write timeouts are for ordinary requests:
		// a stream lives as long as its heartbeats keep going through.
		deadline := time.Now().Add(2 * liveHeartbeat)
		rc.SetWriteDeadline(deadline)
		rc.SetReadDeadline(deadline)
		if _, err := io.WriteString(w, msg); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case _, ok := <-changes:
			if !ok {
				return // the feed shut down: the server is stopping
			}
			msg = "event: change\ndata: change\n\n"
		case <-heartbeat.C:
			msg = ": heartbeat\n\n"
		}
	}
}

// subscribeAll subscribes to the changes of several orgs at once (at least
// one): the channel receives a value after a change of any of them, and is
// closed when the feed shuts down.
func subscribeAll(feed closer.ChangeFeed, orgIDs []int64) (<-chan struct{}, func()) {
	if len(orgIDs) == 1 {
		return feed.Subscribe(orgIDs[0])
	}
	merged, stop := make(chan struct{}, 1), make(chan struct{})
	var wg sync.WaitGroup
	for _, id := range orgIDs {
		ch, cancel := feed.Subscribe(id)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			for {
				select {
				case <-stop:
					return
				case _, ok := <-ch:
					if !ok {
						return
					}
					select {
					case merged <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	// The feed shut down (every subscription ended) or the stream did.
	go func() { wg.Wait(); close(merged) }()
	var once sync.Once
	return merged, func() {
		once.Do(func() {
			close(stop)
			wg.Wait()
		})
	}
}
