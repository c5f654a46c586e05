package web

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// An upload file left by a stopped process is deleted once it is older than
// an upload's lifetime; a recent one, which another process may still
// serve, stays.
func TestRemoveStaleUploads(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	now := time.Now()
	old := filepath.Join(os.TempDir(), "closer-import-old")
	recent := filepath.Join(os.TempDir(), "closer-import-recent")
	other := filepath.Join(os.TempDir(), "someone-else")
	for _, p := range []string{old, recent, other} {
		if err := os.WriteFile(p, []byte("title\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{old, other} {
		if err := os.Chtimes(p, now.Add(-2*importTTL), now.Add(-2*importTTL)); err != nil {
			t.Fatal(err)
		}
	}
	removeStaleUploads(now)
	for p, want := range map[string]bool{old: false, recent: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}
