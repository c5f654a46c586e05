// Package mail sends Closer's e-mail (invitations) through an SMTP server
// with net/smtp: STARTTLS whenever the server offers it, and the password
// (AUTH PLAIN) only over TLS or to a server on this machine.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/url"
	"strings"
	"time"

	"closer"
)

// SMTP sends mail through one SMTP server. Make it with New.
type SMTP struct {
	addr        string // host:port
	host        string // the server's name: TLS verification and AUTH
	implicitTLS bool   // smtps://: TLS from the first byte
	username    string
	password    string
	from        *netmail.Address // the From header and the envelope sender

	// TLSConfig, when set, is used for TLS (tests trust their own
	// certificate with it); its ServerName defaults to the server's host.
	TLSConfig *tls.Config
	// Timeout bounds one whole send; 0 means 30 seconds.
	Timeout time.Duration
	// Now tells the time of the Date header; nil means time.Now.
	Now func() time.Time
}

var _ closer.Mailer = (*SMTP)(nil)

// New reads a server URL, smtp://[user:password@]host[:port] (STARTTLS when
// offered; port 587 by default) or smtps://... (TLS from the start; port
// 465), and the sender, "Closer <closer@example.com>" or a bare address.
// Without a sender, a user name that is an address is used.
func New(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("SMTP URL: %w", errors.Unwrap(err))
	}
	s := &SMTP{}
	port := "587"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS, port = true, "465"
	default:
		return nil, fmt.Errorf("SMTP URL: the scheme must be smtp:// or smtps://, not %q", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("SMTP URL: no host")
	}
	if p := u.Port(); p != "" {
		port = p
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.username = u.User.Username()
		s.password, _ = u.User.Password()
	}
	if from == "" && strings.Contains(s.username, "@") {
		from = s.username
	}
	if from == "" {
		return nil, errors.New("SMTP: the sender's address is missing (--smtp-from, CLOSER_SMTP_FROM)")
	}
	if s.from, err = netmail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("SMTP sender %q: %w", from, err)
	}
	return s, nil
}

// String describes the server without its password, for logs.
func (s *SMTP) String() string {
	scheme := "smtp"
	if s.implicitTLS {
		scheme = "smtps"
	}
	user := ""
	if s.username != "" {
		user = s.username + "@"
	}
	return scheme + "://" + user + s.addr
}

// Send sends one plain-text message.
func (s *SMTP) Send(ctx context.Context, m closer.Mail) error {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("recipient %q: %w", m.To, err)
	}
	msg, err := s.message(m, to)
	if err != nil {
		return err
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := s.send(ctx, to.Address, msg); err != nil {
		return fmt.Errorf("SMTP %s: %w", s.addr, err)
	}
	return nil
}

// send plays the SMTP conversation.
func (s *SMTP) send(ctx context.Context, to string, msg []byte) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The deadline bounds a server that stops answering; cancelling the
	// context (the request went away) closes the connection.
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.implicitTLS {
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return err
	}
	encrypted := s.implicitTLS
	if !encrypted {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("STARTTLS: %w", err)
			}
			encrypted = true
		}
	}
	if s.username != "" {
		if !encrypted && !isLoopback(s.host) {
			return errors.New("the server offers no STARTTLS: the password is not sent over an unencrypted connection (use smtps:// or a server that offers STARTTLS)")
		}
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server does not accept AUTH, but a user name is configured")
		}
		if err := c.Auth(plainAuth{username: s.username, password: s.password, host: s.host}); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	return c.Quit()
}

func (s *SMTP) tlsConfig() *tls.Config {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		cfg = s.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.host
	}
	return cfg
}

// message writes the headers and the quoted-printable body, with CRLF line
// ends. No header takes a line break from its input.
func (s *SMTP) message(m closer.Mail, to *netmail.Address) ([]byte, error) {
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, errors.New("the subject holds a line break")
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	id := make([]byte, 12)
	rand.Read(id)
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now().Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	text := strings.ReplaceAll(strings.ReplaceAll(m.Text, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(text)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes(), nil
}

// plainAuth is AUTH PLAIN (RFC 4616), given only over TLS or to a server
// on this machine.
type plainAuth struct {
	username, password, host string
}

func (a plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !isLoopback(server.Name) {
		return "", nil, errors.New("refusing AUTH PLAIN over an unencrypted connection")
	}
	if server.Name != a.host {
		return "", nil, errors.New("wrong host name")
	}
	return "PLAIN", []byte("\x00" + a.username + "\x00" + a.password), nil
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("unexpected server challenge")
	}
	return nil, nil
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
