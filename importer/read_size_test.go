package importer

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"closer"
)

// TestReadSize: a file of maxFileSize bytes is read whole, whatever tells
// its size (a file, a reader of known length, a stream); one byte more is
// refused, naming the limit, before it is read when its size is known.
func TestReadSize(t *testing.T) {
	defer func(n int64) { maxFileSize = n }(maxFileSize)
	m := &Mapping{Columns: map[string]string{"title": "title"}}
	data := "title\n" + strings.Repeat("Window\n", 100)
	maxFileSize = int64(len(data))
	path := filepath.Join(t.TempDir(), "x.csv")
	for _, tc := range []struct {
		name string
		data string
		ok   bool
	}{{"at the limit", data, true}, {"over it", data + "x", false}} {
		must(t, os.WriteFile(path, []byte(tc.data), 0o600))
		f, err := os.Open(path)
		must(t, err)
		readers := map[string]io.Reader{
			"file":   f,
			"reader": strings.NewReader(tc.data),
			"stream": io.MultiReader(strings.NewReader(tc.data[:10]), strings.NewReader(tc.data[10:])),
		}
		for kind, r := range readers {
			tb, err := Read("x.csv", r, m)
			switch {
			case tc.ok && (err != nil || len(tb.Rows) != 100 || tb.Rows[99].Cells[0] != "Window"):
				t.Errorf("%s, %s: %v", tc.name, kind, err)
			case !tc.ok && (closer.ErrorCode(err) != closer.EINVALID || !strings.Contains(closer.ErrorMessage(err), "too large")):
				t.Errorf("%s, %s: %v", tc.name, kind, err)
			}
		}
		f.Close()
	}
}
