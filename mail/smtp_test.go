package mail_test

import (
	"context"
	"crypto/tls"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/mail"
	"closer/mail/mailtest"
)

var invite = closer.Mail{
	To:      "lea@example.test",
	Subject: "Alice vous invite à rejoindre Acme",
	Text:    "Bonjour,\n\nOuvrez ce lien : https://closer.example/invitations/inv_abc-DEF_123\n.\nUne ligne qui commence par un point.\n",
}

// read parses a message the server got: headers, and the body decoded.
func read(t *testing.T, data string) (*netmail.Message, string) {
	t.Helper()
	m, err := netmail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("not a message: %v\n%s", err, data)
	}
	body := m.Body
	if m.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	return m, string(b)
}

func TestSendPlain(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Options{})
	s, err := mail.New("smtp://"+srv.Addr, "Closer <closer@example.test>")
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2025, 6, 16, 10, 0, 0, 0, time.UTC) }
	if err := s.Send(context.Background(), invite); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	got := msgs[0]
	if got.From != "closer@example.test" || len(got.To) != 1 || got.To[0] != "lea@example.test" || got.TLS || got.Auth != "" {
		t.Errorf("envelope: %+v", got)
	}
	m, body := read(t, got.Data)
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(m.Header.Get("Subject"))
	if subject != invite.Subject {
		t.Errorf("subject %q", subject)
	}
	if m.Header.Get("From") != `"Closer" <closer@example.test>` || !strings.Contains(m.Header.Get("To"), "example.test") {
		t.Errorf("From %q To %q", m.Header.Get("From"), m.Header.Get("To"))
	}
	if m.Header.Get("Date") != "Mon, 16 Jun 2025 10:00:00 +0000" || m.Header.Get("Message-ID") == "" ||
		m.Header.Get("Content-Type") != "text/plain; charset=utf-8" || m.Header.Get("MIME-Version") != "1.0" {
		t.Errorf("headers: %v", m.Header)
	}
	want := strings.ReplaceAll(invite.Text, "\n", "\r\n")
	if body != want {
		t.Errorf("body:\n%q\nwant\n%q", body, want)
	}
	if !strings.Contains(body, "https://closer.example/invitations/inv_abc-DEF_123\r\n") {
		t.Errorf("the link is not whole in the body: %q", body)
	}
}

// TestSendStartTLSAndAuth: the server offers STARTTLS, so the message and
// the password go encrypted; the certificate must be trusted.
func TestSendStartTLSAndAuth(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Options{StartTLS: true, Username: "closer", Password: "s3cret:pass"})
	s, err := mail.New("smtp://closer:s3cret%3Apass@"+srv.Addr, "closer@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), invite); err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("an untrusted certificate was accepted: %v", err)
	}
	s.TLSConfig = &tls.Config{RootCAs: srv.RootCAs}
	if err := s.Send(context.Background(), invite); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || !msgs[0].TLS || msgs[0].Auth != "closer" {
		t.Fatalf("messages: %+v", msgs)
	}
	if strings.Contains(s.String(), "s3cret") {
		t.Errorf("String shows the password: %s", s)
	}

	// A wrong password fails the send.
	bad, err := mail.New("smtp://closer:wrong@"+srv.Addr, "closer@example.test")
	if err != nil {
		t.Fatal(err)
	}
	bad.TLSConfig = &tls.Config{RootCAs: srv.RootCAs}
	if err := bad.Send(context.Background(), invite); err == nil || !strings.Contains(err.Error(), "AUTH") {
		t.Fatalf("wrong password: %v", err)
	}
}

// TestSendAuthOnLoopbackWithoutTLS: a server on this machine may take the
// password without TLS (a local relay).
func TestSendAuthOnLoopbackWithoutTLS(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Options{Username: "u", Password: "p"})
	s, err := mail.New("smtp://u:p@"+srv.Addr, "closer@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), invite); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].Auth != "u" || msgs[0].TLS {
		t.Fatalf("messages: %+v", msgs)
	}
}

func TestSendFailures(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.Options{RejectRcpt: true})
	s, err := mail.New("smtp://"+srv.Addr, "closer@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), invite); err == nil || !strings.Contains(err.Error(), "550") {
		t.Fatalf("a refused recipient: %v", err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("a message was accepted")
	}
	// Nobody listens: the send fails, quickly.
	dead := mailtest.NewServer(t, mailtest.Options{})
	addr := dead.Addr
	closed, err := mail.New("smtp://"+addr, "closer@example.test")
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()
	if err := closed.Send(context.Background(), invite); err == nil {
		t.Fatal("sent to a closed port")
	}
	// Header injection through the subject or the recipient is refused.
	for _, m := range []closer.Mail{
		{To: "a@example.test", Subject: "Hi\r\nBcc: victim@example.test", Text: "x"},
		{To: "a@example.test\r\nBcc: victim@example.test", Subject: "Hi", Text: "x"},
	} {
		if err := s.Send(context.Background(), m); err == nil {
			t.Errorf("sent %q", m)
		}
	}
}

func TestNew(t *testing.T) {
	for _, c := range []struct {
		url, from, want, err string
	}{
		{"smtp://mail.example.test", "a@example.test", "smtp://mail.example.test:587", ""},
		{"smtps://u:p@mail.example.test", "a@example.test", "smtps://u@mail.example.test:465", ""},
		{"smtp://bob%40example.test:p@mail.example.test:2525", "", "smtp://bob@example.test@mail.example.test:2525", ""},
		{"http://mail.example.test", "a@example.test", "", "scheme"},
		{"smtp://", "a@example.test", "", "no host"},
		{"smtp://mail.example.test", "", "", "sender"},
		{"smtp://mail.example.test", "not an address", "", "sender"},
	} {
		s, err := mail.New(c.url, c.from)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s %q: error %v, want %q", c.url, c.from, err, c.err)
			}
			continue
		}
		if err != nil || s.String() != c.want {
			t.Errorf("%s: %v %v, want %s", c.url, s, err, c.want)
		}
	}
}
