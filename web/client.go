package web

import (
	"net"
	"net/http"
	"strings"

	"closer"
)

// identifyClient puts the request's client (address and browser) in its
// context, for the audit log, the sign-in limits and the sessions list. The
// address is the connection's, or, when the server trusts its proxy, the
// last entry of X-Forwarded-For (the one the proxy itself appended: earlier
// entries are whatever the client sent).
func (s *Server) identifyClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := closer.Client{IP: remoteIP(r.RemoteAddr), UserAgent: r.UserAgent()}
		if s.TrustProxy {
			if ip := forwardedIP(r.Header.Values("X-Forwarded-For")); ip != "" {
				c.IP = ip
			}
		}
		next.ServeHTTP(w, r.WithContext(closer.NewContextWithClient(r.Context(), c)))
	})
}

// remoteIP returns the host part of a connection's address.
func remoteIP(addr string) string {
	if host, _, err := net.SplitHostPort(addr); err == nil {
		return host
	}
	return addr
}

// forwardedIP returns the last address of X-Forwarded-For headers, or ""
// when it is missing or not an IP address.
func forwardedIP(values []string) string {
	if len(values) == 0 {
		return ""
	}
	parts := strings.Split(values[len(values)-1], ",")
	ip := strings.TrimSpace(parts[len(parts)-1])
	if net.ParseIP(ip) == nil {
		return ""
	}
	return ip
}
