// Package mailtest runs a small but real SMTP server on a random loopback
// port, for tests: it speaks EHLO, STARTTLS (with a certificate made for
// the test), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, keeps every
// message it accepts, and can be told to refuse recipients.
package mailtest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options shape the server.
type Options struct {
	// StartTLS offers STARTTLS with a self-signed certificate for 127.0.0.1
	// and localhost; RootCAs (on the Server) trusts it.
	StartTLS bool
	// Username and Password, when set, are the only credentials AUTH PLAIN
	// accepts, and MAIL is refused before a successful AUTH.
	Username, Password string
	// RejectRcpt answers 550 to every RCPT TO: the send fails.
	RejectRcpt bool
}

// Message is one message the server accepted.
type Message struct {
	From string   // the envelope's MAIL FROM address
	To   []string // the envelope's RCPT TO addresses
	Data string   // the DATA, dot-unstuffed, with CRLF line ends
	TLS  bool     // whether the session was encrypted
	Auth string   // the user who authenticated, if any
}

// Server is a running test SMTP server.
type Server struct {
	Addr    string         // host:port on 127.0.0.1
	RootCAs *x509.CertPool // trusts the STARTTLS certificate

	opts     Options
	ln       net.Listener
	tlsConf  *tls.Config
	mu       sync.Mutex
	messages []Message
	wg       sync.WaitGroup
}

// NewServer starts a server, stopped at the test's end.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), opts: opts, ln: ln}
	if opts.StartTLS {
		cert, pool, err := selfSigned()
		if err != nil {
			t.Fatal(err)
		}
		s.tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.RootCAs = pool
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// Close stops the server: later sends fail to connect.
func (s *Server) Close() { s.ln.Close() }

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

func (s *Server) serve() {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(30 * time.Second))
			s.session(conn)
		}()
	}
}

// session plays one SMTP conversation.
func (s *Server) session(conn net.Conn) {
	tp := textproto.NewConn(conn)
	reply := func(code int, lines ...string) {
		for i, l := range lines {
			sep := "-"
			if i == len(lines)-1 {
				sep = " "
			}
			tp.PrintfLine("%d%s%s", code, sep, l)
		}
	}
	reply(220, "mailtest ready")
	var msg Message
	encrypted, authed := false, ""
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"mailtest", "8BITMIME"}
			if s.opts.StartTLS && !encrypted {
				ext = append(ext, "STARTTLS")
			}
			if s.opts.Username != "" {
				ext = append(ext, "AUTH PLAIN")
			}
			reply(250, ext...)
		case "STARTTLS":
			if !s.opts.StartTLS || encrypted {
				reply(502, "no STARTTLS")
				continue
			}
			reply(220, "go ahead")
			tc := tls.Server(conn, s.tlsConf)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, encrypted = tc, true
			tp = textproto.NewConn(tc)
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if !strings.EqualFold(mech, "PLAIN") || s.opts.Username == "" {
				reply(504, "unknown mechanism")
				continue
			}
			if initial == "" {
				reply(334, "")
				if initial, err = tp.ReadLine(); err != nil {
					return
				}
			}
			b, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(b), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.opts.Username || parts[2] != s.opts.Password {
				reply(535, "authentication failed")
				continue
			}
			authed = parts[1]
			reply(235, "authenticated")
		case "MAIL":
			if s.opts.Username != "" && authed == "" {
				reply(530, "authentication required")
				continue
			}
			msg = Message{From: address(arg, "FROM:"), TLS: encrypted, Auth: authed}
			reply(250, "ok")
		case "RCPT":
			if s.opts.RejectRcpt {
				reply(550, "no such mailbox here")
				continue
			}
			msg.To = append(msg.To, address(arg, "TO:"))
			reply(250, "ok")
		case "DATA":
			if msg.From == "" || len(msg.To) == 0 {
				reply(503, "need MAIL and RCPT first")
				continue
			}
			reply(354, "end with a dot")
			b, err := readData(tp.R)
			if err != nil {
				return
			}
			msg.Data = b
			s.mu.Lock()
			s.messages = append(s.messages, msg)
			s.mu.Unlock()
			msg = Message{}
			reply(250, "queued")
		case "RSET":
			msg = Message{}
			reply(250, "ok")
		case "NOOP":
			reply(250, "ok")
		case "QUIT":
			reply(221, "bye")
			return
		default:
			reply(502, "unknown command")
		}
	}
}

// readData reads DATA up to the lone dot, undoing dot-stuffing but keeping
// the CRLF line ends as sent.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		if line == ".\r\n" {
			return b.String(), nil
		}
		b.WriteString(strings.TrimPrefix(line, "."))
	}
}

// address takes the address out of "FROM:<a@b> SIZE=1".
func address(arg, prefix string) string {
	arg = strings.TrimSpace(arg)
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = arg[len(prefix):]
	}
	arg, _, _ = strings.Cut(strings.TrimSpace(arg), " ")
	return strings.TrimSuffix(strings.TrimPrefix(arg, "<"), ">")
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, and a pool
// that trusts it.
func selfSigned() (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}, pool, nil
}
