package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"closer"
)

// Invitations are handed over by their link: shown once to the owner who
// creates one (only the secret's hash is stored), and e-mailed when the
// server has a Mailer. This file builds the link and the e-mail, for the
// settings page and the API alike.

// invitationPath is the page an invitation's link opens.
func invitationPath(secret string) string { return "/invitations/" + url.PathEscape(secret) }

// siteURL returns the absolute address of a path of this site: under
// BaseURL when it is set, else at the request's scheme and host, which a
// trusted reverse proxy tells with X-Forwarded-Proto and X-Forwarded-Host.
func (s *Server) siteURL(r *http.Request, path string) string {
	if s.BaseURL != "" {
		return strings.TrimRight(s.BaseURL, "/") + path
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if s.TrustProxy {
		if p := lastForwarded(r.Header.Values("X-Forwarded-Proto")); p == "https" || p == "http" {
			scheme = p
		}
		if h := lastForwarded(r.Header.Values("X-Forwarded-Host")); h != "" {
			host = h
		}
	}
	if !validHost(host) {
		host = "localhost"
	}
	return scheme + "://" + host + path
}

// lastForwarded returns the last entry of a proxy's X-Forwarded-* headers
// (the one the trusted proxy itself set), or "".
func lastForwarded(values []string) string {
	if len(values) == 0 {
		return ""
	}
	parts := strings.Split(values[len(values)-1], ",")
	return strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
}

// validHost accepts a host[:port] made of the characters of host names and
// addresses only, so that nothing else ends up in a link.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, c := range h {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]_", c)) {
			return false
		}
	}
	return true
}

// invitationDelivery is how a new invitation reached, or not, its person.
type invitationDelivery struct {
	Link       string // the absolute link, to copy
	Mailer     bool   // whether the server sends e-mail at all
	Mailed     bool   // the e-mail was accepted by the SMTP server
	MailFailed bool   // sending was tried and failed (the failure is logged)
}

// mailTimeout bounds the sending of one invitation e-mail, which the
// owner's request waits for.
const mailTimeout = 20 * time.Second

// deliverInvitation builds the link of a new invitation and, when the
// server has a Mailer, e-mails it to the invited person in their language
// when they already have an account with one, else in the inviter's. A
// failed sending is logged and reported: the invitation stays, and its link
// is shown to hand over by hand.
func (s *Server) deliverInvitation(r *http.Request, inv *closer.Invitation, secret string) invitationDelivery {
	d := invitationDelivery{Link: s.siteURL(r, invitationPath(secret)), Mailer: s.Mailer != nil}
	if s.Mailer == nil {
		return d
	}
	ctx := r.Context()
	inviter := userFromContext(ctx)
	lang := preferredLang(inviter, r)
	if u, err := s.Orgs.FindUserByEmail(ctx, inv.Email); err == nil && (u.Lang == "fr" || u.Lang == "en") {
		lang = u.Lang
	}
	org := orgFromContext(ctx)
	if org == nil {
		org = &closer.Org{}
	}
	m := invitationMail(lang, inv, org, inviter.Name, d.Link)
	// The owner's page waits for the server; a closed page does not cancel
	// the sending halfway.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), mailTimeout)
	defer cancel()
	if err := s.Mailer.Send(sendCtx, m); err != nil {
		d.MailFailed = true
		s.logger().Error("invitation e-mail not sent", "invitation", inv.ID, "to", inv.Email, "err", err)
		return d
	}
	d.Mailed = true
	s.logger().Info("invitation e-mail sent", "invitation", inv.ID, "to", inv.Email)
	return d
}

// invitationMail writes the invitation e-mail in lang: who invites, to
// which org, with which role, the link and until when it works.
func invitationMail(lang string, inv *closer.Invitation, org *closer.Org, inviter, link string) closer.Mail {
	role := translate(lang, "role."+string(inv.Role))
	expires := formatTime(lang, inv.Expires, org.Location())
	return closer.Mail{
		To:      inv.Email,
		Subject: strings.Join(strings.Fields(translate(lang, "invite.mail.subject", inviter, org.Name)), " "),
		Text:    translate(lang, "invite.mail.body", inviter, org.Name, role, link, expires, org.Location().String()),
	}
}
