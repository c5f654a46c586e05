package web_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"closer"
	"closer/sqlstore"
	"closer/sqlstore/sqltest"
)

// slowBulk makes every import outlast a duration: once its rows are
// written, before the commit, it waits until that duration has passed
// since it began, which began after the request's headers were read.
type slowBulk struct {
	closer.BulkService
	outlast time.Duration
}

func (s slowBulk) Bulk(ctx context.Context, dryRun bool, fn func(b closer.Bulk) error) error {
	past := time.After(s.outlast)
	return s.BulkService.Bulk(ctx, dryRun, func(b closer.Bulk) error {
		if err := fn(b); err != nil {
			return err
		}
		<-past
		return nil
	})
}

// TestImportOutlastsServerTimeouts: an import through the API that takes
// longer than the server's read and write timeouts (closer serve: 5
// minutes each) commits and answers its report, as a large file on a
// loaded server or a slow line needs. The server here times out after a
// second. A slow import waits, before its commit, until two seconds have
// passed since it began; a slow upload sends half its file, then the rest
// two seconds after the request reached the handler: both timeouts have
// surely passed then, whatever the machine's load. (Without the request's
// own deadlines, the write timeout cut the answer, and the read timeout the
// upload.)
func TestImportOutlastsServerTimeouts(t *testing.T) {
	const timeout = time.Second
	sqltest.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newFixture(t, db)
		for _, slow := range []string{"import", "upload"} {
			s := newTestServer(t, db, today)
			if slow == "import" {
				s.Bulk = slowBulk{BulkService: db, outlast: 2 * timeout}
			}
			handler := s.Handler()
			entered := make(chan struct{})
			srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(entered) // one request only: its headers are read
				handler.ServeHTTP(w, r)
			}))
			srv.Config.ReadTimeout, srv.Config.WriteTimeout = timeout, timeout
			srv.Start()

			file := closedRows()
			if slow == "upload" { // another file's titles: the first file's are found again
				file = strings.ReplaceAll(file, "Deal ", "Second deal ")
			}
			body, header := form(t, "deals.csv", "file", file, "mapping", closedMapping)
			pr, pw := io.Pipe()
			go func() {
				half := len(body) / 2
				if slow == "upload" {
					pw.Write([]byte(body[:half]))
					<-entered
					<-time.After(2 * timeout)
					body = body[half:]
				}
				pw.Write([]byte(body))
				pw.Close()
			}()
			req, err := http.NewRequest("POST", srv.URL+"/api/v1/orgs/acme/imports", pr)
			must(t, err)
			req.Header.Set("Authorization", "Bearer "+f.tokens["manager"])
			for k, v := range header {
				req.Header.Set(k, v)
			}
			client := &http.Client{Timeout: 2 * time.Minute} // a bound, far from reached
			res, err := client.Do(req)
			if err != nil {
				t.Fatalf("slow %s: the import got no answer: %v", slow, err)
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			srv.Close()
			if err != nil || res.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"imported":22`)) {
				t.Fatalf("slow %s: the import: %d %s (%v)", slow, res.StatusCode, b, err)
			}
		}
		list := f.do(t, "manager", "GET", "/api/v1/orgs/acme/opportunities?limit=1", "", nil)
		if list.status != http.StatusOK || !bytes.Contains(list.body, []byte(`"total":44`)) {
			t.Errorf("after the imports: %d %s", list.status, list.body)
		}
	})
}
