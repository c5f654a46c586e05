package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// changeChannel is the PostgreSQL notification channel on which the
// instances of Closer sharing a database announce that an org's data
// changed. A payload is "<origin> <org id>".
const changeChannel = "closer_changes"

// newOrigin returns a random id for one DB, so that its listener skips the
// announcements it made itself (its own pages were told already).
func newOrigin() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Notify announces to the other instances listening on this PostgreSQL
// database that the org's data changed (live.Relay). On SQLite it does
// nothing: one process owns the file.
func (db *DB) Notify(ctx context.Context, orgID int64) error {
	if db.dialect != postgres {
		return nil
	}
	payload := db.origin + " " + strconv.FormatInt(orgID, 10)
	if _, err := db.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, changeChannel, payload); err != nil {
		return fmt.Errorf("notify change: %w", err)
	}
	return nil
}

// Listen opens a connection of its own, listens for the changes that other
// instances announce, calls ready once listening, then deliver with the org
// of each announcement, until ctx ends (it returns nil) or the connection
// fails (it returns the error; the caller reconnects). On SQLite nothing is
// ever announced: it calls ready and waits for ctx.
func (db *DB) Listen(ctx context.Context, ready func(), deliver func(orgID int64)) error {
	if db.dialect != postgres {
		ready()
		<-ctx.Done()
		return nil
	}
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return listenError(ctx, err)
	}
	defer func() {
		closing, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn.Close(closing)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return listenError(ctx, err)
	}
	ready()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return listenError(ctx, err)
		}
		origin, org, ok := strings.Cut(n.Payload, " ")
		if !ok || origin == db.origin {
			continue
		}
		if orgID, err := strconv.ParseInt(org, 10, 64); err == nil && orgID > 0 {
			deliver(orgID)
		}
	}
}

// listenError is nil when the listener stopped because ctx ended.
func listenError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("listen for changes: %w", err)
}
