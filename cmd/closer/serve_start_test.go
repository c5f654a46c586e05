package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// startServe runs closer serve with args and the environment env until
// it has printed n lines, and returns them with a function that stops it.
func startServe(t *testing.T, env map[string]string, n int, args ...string) ([]string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var lines []string
	for len(lines) < n && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	go io.Copy(io.Discard, pr)
	return lines, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}
}

// TestServeDemoRestart: a restart with --demo finds the demo org loaded by
// the first start and prints the sign-in again.
func TestServeDemoRestart(t *testing.T) {
	env := map[string]string{"CLOSER_DB": filepath.Join(t.TempDir(), "closer.db")}
	lines, stop := startServe(t, env, 4, "--addr", "127.0.0.1:0", "--demo")
	stop()
	if !strings.Contains(strings.Join(lines, "\n"), "loaded") {
		t.Fatalf("first start: %q", lines)
	}
	lines, stop = startServe(t, env, 3, "--addr", "127.0.0.1:0", "--demo")
	stop()
	out := strings.Join(lines, "\n")
	if strings.Contains(out, "loaded") || !strings.Contains(out, "demo1234") {
		t.Fatalf("restart: %q", lines)
	}
}

// TestServeDemoRefusesOtherOrgs: --demo does not add the demo org, whose
// password is public, to a database that holds other organizations.
func TestServeDemoRefusesOtherOrgs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	for _, args := range [][]string{{"migrate"}, {"org", "add", "--name", "Dupont"}, {"org", "add", "--name", "Bois SA"}} {
		if _, _, err := cli(t, db, "", args...); err != nil {
			t.Fatal(err)
		}
	}
	var stderr strings.Builder
	err := run(context.Background(), []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--demo"}, func(string) string { return "" },
		strings.NewReader(""), io.Discard, &stderr)
	if !errors.Is(err, errReported) || !strings.Contains(stderr.String(), "--demo needs an empty database; this one has organizations: bois-sa, dupont") {
		t.Fatalf("serve --demo: %v %q", err, stderr.String())
	}
	if _, _, err := cli(t, db, "", "export", "--org", "demo", "--out", filepath.Join(t.TempDir(), "x.csv")); err == nil {
		t.Fatal("the demo org was added")
	}
}

// TestServeAddressFirst: an address that cannot be listened on stops the
// start before the database is created or the demo loaded, and the error
// names where the address came from.
func TestServeAddressFirst(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "closer.db")
	for _, c := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--addr", taken.Addr().String(), "--demo"}, "--addr " + taken.Addr().String()},
		{map[string]string{"CLOSER_ADDR": taken.Addr().String()}, []string{"--demo"}, "CLOSER_ADDR " + taken.Addr().String()},
		{nil, []string{"--addr", "nonsense"}, "--addr nonsense"},
	} {
		env := map[string]string{"CLOSER_DB": db}
		for k, v := range c.env {
			env[k] = v
		}
		err := run(context.Background(), append([]string{"serve"}, c.args...), func(k string) string { return env[k] },
			strings.NewReader(""), io.Discard, io.Discard)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%v %v: %v, want %q", c.env, c.args, err, c.want)
		}
		if _, err := os.Stat(db); err == nil {
			t.Fatalf("%v %v created the database", c.env, c.args)
		}
	}
}

// TestHealthOfDeletedSQLiteFile: /healthz answers 503 once the SQLite file
// it serves is deleted or replaced (moved over): the server still reads
// and writes the file it holds open, whose changes are lost at the next
// start (which creates a new, empty database), so a prober must know. It
// answered 200.
func TestHealthOfDeletedSQLiteFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "closer.db")
	health := func(url string) int {
		t.Helper()
		resp, err := http.Get(url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, remove := range []func() error{
		func() error { return os.Remove(db) },
		func() error {
			other := filepath.Join(dir, "other.db")
			if _, _, err := cli(t, other, "", "migrate"); err != nil {
				return err
			}
			return os.Rename(other, db)
		},
	} {
		lines, stop := startServe(t, map[string]string{"CLOSER_DB": db}, 1, "--addr", "127.0.0.1:0")
		url := strings.Fields(strings.TrimPrefix(lines[0], "Closer is running at "))[0]
		if got := health(url); got != http.StatusOK {
			t.Fatalf("/healthz: %d", got)
		}
		if err := remove(); err != nil {
			t.Fatal(err)
		}
		if got := health(url); got != http.StatusServiceUnavailable {
			t.Errorf("/healthz once the file is gone: %d, want 503", got)
		}
		stop()
	}
}

// TestServeURL: listening on every address (--addr :8080 or 0.0.0.0:8080)
// prints a URL a browser opens, the loopback's, not http://[::]:8080.
func TestServeURL(t *testing.T) {
	for _, c := range []struct {
		addr       *net.TCPAddr
		url, where string
	}{
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 8080}, "http://127.0.0.1:8080", "on every address of this machine; "},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "http://127.0.0.1:8080", "on every address of this machine; "},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080", ""},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080", ""},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 10), Port: 80}, "http://192.168.1.10:80", ""},
	} {
		if url, where := serveURL(c.addr); url != c.url || where != c.where {
			t.Errorf("%v: %q %q, want %q %q", c.addr, url, where, c.url, c.where)
		}
	}
}
