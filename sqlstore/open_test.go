package sqlstore

import (
	"context"
	"errors"
	"io"
	"net"
	neturl "net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// OpenExisting refuses a missing or empty SQLite file and creates nothing;
// Open creates it; an empty dsn is refused by both.
func TestOpenExisting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "closr.db")
	if _, err := OpenExisting(ctx, missing); !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), missing) {
		t.Fatalf("missing file: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("OpenExisting left files behind: %v", entries)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(empty, nil, 0o644)
	if _, err := OpenExisting(ctx, empty); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("empty file: %v", err)
	}
	for _, dsn := range []string{"", "  "} {
		if _, err := Open(ctx, dsn); err == nil {
			t.Fatalf("Open(%q) must fail", dsn)
		}
		if _, err := OpenExisting(ctx, dsn); err == nil || errors.Is(err, ErrNoDatabase) {
			t.Fatalf("OpenExisting(%q): %v", dsn, err)
		}
	}
	path := filepath.Join(dir, "closer.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Migrate(ctx)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = OpenExisting(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
}

// A URL without connect_timeout gets Closer's; one that sets it keeps it,
// 0 (wait without limit) included.
func TestPostgresConnectTimeout(t *testing.T) {
	t.Setenv("PGCONNECT_TIMEOUT", "")
	for _, c := range []struct {
		url  string
		want time.Duration
	}{
		{"postgres://u@127.0.0.1:5432/x?sslmode=disable", postgresConnectTimeout},
		{"postgres://u@127.0.0.1:5432/x?sslmode=disable&connect_timeout=3", 3 * time.Second},
		{"postgres://u@127.0.0.1:5432/x?connect_timeout=0", 0},
	} {
		cfg, err := postgresConfig(c.url)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.ConnectTimeout != c.want {
			t.Errorf("%s: connect timeout %s, want %s", c.url, cfg.ConnectTimeout, c.want)
		}
		if cfg.RuntimeParams["plan_cache_mode"] != "force_custom_plan" {
			t.Errorf("%s: plan_cache_mode %q", c.url, cfg.RuntimeParams["plan_cache_mode"])
		}
	}
}

// A server that accepts connections and never answers makes Open fail
// once the connect timeout has passed, instead of waiting for ever.
func TestOpenUnansweringPostgres(t *testing.T) {
	addr := silentServer(t)
	done := make(chan error, 1)
	go func() {
		_, err := Open(context.Background(), "postgres://closer:s3cret@"+addr+"/x?sslmode=disable&connect_timeout=1")
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "no answer within 1s") || strings.Contains(err.Error(), "s3cret") {
			t.Fatalf("open: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Open still waits after 30 s with connect_timeout=1")
	}
}

// Ping, as /healthz calls it with a deadline, returns once the deadline
// has passed when the server stops answering on connections already open.
func TestPingOfFrozenPostgres(t *testing.T) {
	url := os.Getenv("CLOSER_TEST_POSTGRES")
	if url == "" {
		t.Skip("CLOSER_TEST_POSTGRES is not set")
	}
	p := newFreezingProxy(t, url)
	ctx := context.Background()
	db, err := Open(ctx, p.url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	p.freeze()
	pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- db.Ping(pctx) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a frozen server answered the ping")
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Ping ignores its deadline")
	}
}

// silentServer listens on the loopback, accepts connections and never
// writes to them; it returns its address.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			go io.Copy(io.Discard, c)
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// freezingProxy forwards connections to a PostgreSQL server until freeze,
// after which it forwards nothing more, in either direction: a server that
// stopped answering (a frozen process, a lost network).
type freezingProxy struct {
	url    string
	frozen chan struct{} // closed by freeze
	closed chan struct{} // closed when the test ends
}

func newFreezingProxy(t *testing.T, target string) *freezingProxy {
	t.Helper()
	u, err := neturl.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	backend := u.Host
	u.Host = ln.Addr().String()
	p := &freezingProxy{url: u.String(), frozen: make(chan struct{}), closed: make(chan struct{})}
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			b, err := net.Dial("tcp", backend)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, b)
			mu.Unlock()
			go p.pipe(b, c)
			go p.pipe(c, b)
		}
	}()
	t.Cleanup(func() {
		close(p.closed)
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return p
}

func (p *freezingProxy) freeze() { close(p.frozen) }

// pipe copies src to dst until the proxy freezes.
func (p *freezingProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		select {
		case <-p.frozen:
			<-p.closed // frozen: hold the bytes, answer nothing
			return
		default:
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
