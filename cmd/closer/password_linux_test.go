package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"closer/internal/syncbuffer"
)

// openPTY opens a pseudo-terminal and returns its controlling side and
// the terminal a program reads from.
func openPTY(t *testing.T) (ptm, pts *os.File) {
	t.Helper()
	ptm, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	var unlock, n int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, ptm.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	pts, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the terminal: %v", err)
	}
	t.Cleanup(func() { pts.Close(); ptm.Close() })
	return ptm, pts
}

// echoOn reports whether the terminal echoes what is typed.
func echoOn(t *testing.T, tty *os.File) bool {
	var tio syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, tty.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&tio))); e != 0 {
		t.Fatalf("TCGETS: %v", e)
	}
	return tio.Lflag&syscall.ECHO != 0
}

// TestUserAddOnATerminal: on a terminal, user add prompts on stderr and
// the password typed is not echoed.
func TestUserAddOnATerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "closer.db")
	if _, _, err := cli(t, db, "", "migrate"); err != nil {
		t.Fatal(err)
	}
	ptm, pts := openPTY(t)
	var stdout bytes.Buffer
	var stderr syncbuffer.Buffer // read while the program writes
	done := make(chan error, 1)
	getenv := func(k string) string {
		if k == "CLOSER_DB" {
			return db
		}
		return ""
	}
	go func() {
		done <- run(context.Background(), []string{"user", "add", "--email", "tty@dupont.fr"}, getenv, pts, &stdout, &stderr)
	}()
	// What the terminal shows (its echo) is read from the controlling side.
	echoed := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		buf := make([]byte, 256)
		for {
			n, err := ptm.Read(buf)
			b.Write(buf[:n])
			if err != nil {
				echoed <- b.String()
				return
			}
		}
	}()
	// The password is typed once the prompt is up and echo is off, as a
	// person would after reading the prompt.
	deadline := time.Now().Add(10 * time.Second)
	for !(strings.Contains(stderr.String(), "Password (empty for none): ") && !echoOn(t, pts)) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	ptm.Write([]byte("typed passphrase\n"))
	if err := <-done; err != nil {
		t.Fatalf("user add: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "user tty@dupont.fr created") || strings.Contains(stdout.String(), "without a password") {
		t.Fatalf("stdout: %q", stdout.String())
	}
	pts.Close() // the controlling side's read ends
	if shown := <-echoed; strings.Contains(shown, "typed passphrase") {
		t.Fatalf("the terminal showed the password: %q", shown)
	}
	d, err := openExistingDB(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Authenticate(context.Background(), "tty@dupont.fr", "typed passphrase"); err != nil {
		t.Fatalf("sign in with the typed password: %v", err)
	}
}
