package live

import (
	"context"
	"time"
)

// Backoff bounds of Listen's reconnections.
const (
	firstRetry = time.Second
	lastRetry  = 30 * time.Second
)

// Listen delivers the changes that other instances announce through the
// relay to this instance's subscribers, until ctx ends. A failed
// connection is retried with a growing delay; after a reconnection every
// open page is told to refresh, since announcements may have been missed
// meanwhile. Without a relay it returns at once.
func (b *Broker) Listen(ctx context.Context) {
	if b.relay == nil {
		return
	}
	retry, connected := firstRetry, false
	ready := func() {
		if connected {
			b.deliverAll()
		}
		connected, retry = true, firstRetry
	}
	for {
		err := b.relay.Listen(ctx, ready, b.Deliver)
		if ctx.Err() != nil {
			return
		}
		b.logger.Warn("live: listening for other instances' changes failed", "err", err, "retry_in", retry)
		t := time.NewTimer(retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		retry = min(retry*2, lastRetry)
	}
}

// deliverAll notifies every subscribed org.
func (b *Broker) deliverAll() {
	b.mu.Lock()
	orgs := make([]int64, 0, len(b.subs))
	for orgID := range b.subs {
		orgs = append(orgs, orgID)
	}
	b.mu.Unlock()
	for _, orgID := range orgs {
		b.Deliver(orgID)
	}
}
