// Package live fans out "the data of org X changed" to the pages open on
// it, so that they update by themselves (closer.ChangeFeed). Bursts are
// coalesced per org; with several instances of Closer on one PostgreSQL, a
// Relay carries the announcements from one instance to the others.
package live

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// DefaultWindow is the shortest interval between two notifications of the
// same org: a burst of writes (an import, a page of edits) makes one
// refresh of each open page, not one per row.
const DefaultWindow = 500 * time.Millisecond

// relayTimeout bounds one announcement to the other instances.
const relayTimeout = 5 * time.Second

// Relay carries change announcements between the instances of Closer that
// share one database (sqlstore.DB: PostgreSQL LISTEN/NOTIFY).
type Relay interface {
	// Notify announces to the other instances that the org's data changed.
	Notify(ctx context.Context, orgID int64) error
	// Listen calls ready once it listens, then deliver for each change
	// announced by another instance, until ctx ends (nil) or the
	// connection fails (the error).
	Listen(ctx context.Context, ready func(), deliver func(orgID int64)) error
}

// Broker is the in-process closer.ChangeFeed: subscribers of an org get at
// most one notification per window, never block a publisher, and are
// dropped when they cancel. Its zero value is not usable: call NewBroker.
type Broker struct {
	window time.Duration
	relay  Relay
	logger *slog.Logger

	mu      sync.Mutex
	closed  bool
	subs    map[int64]map[*subscription]struct{}
	orgs    map[int64]*orgState
	relayWG sync.WaitGroup // announcements in flight
}

// subscription is one open page: a channel holding at most one pending
// notification.
type subscription struct{ ch chan struct{} }

// orgState is the coalescing state of one org.
type orgState struct {
	last     time.Time   // last fan-out
	timer    *time.Timer // a fan-out due at last+window, or nil
	announce bool        // the next fan-out also announces to other instances
}

// NewBroker returns a broker that notifies each org at most once per
// window. relay, when not nil, carries local changes to the other instances
// (see Listen for the way back); logger receives relay errors (nil:
// slog.Default()).
func NewBroker(window time.Duration, relay Relay, logger *slog.Logger) *Broker {
	if logger == nil {
		logger = slog.Default()
	}
	return &Broker{window: window, relay: relay, logger: logger,
		subs: map[int64]map[*subscription]struct{}{}, orgs: map[int64]*orgState{}}
}

// Publish announces a change of the org made by this instance: its
// subscribers are notified, and so are the other instances' through the
// relay.
func (b *Broker) Publish(orgID int64) { b.signal(orgID, true) }

// Deliver notifies this instance's subscribers of a change announced by
// another instance; it is not announced again.
func (b *Broker) Deliver(orgID int64) { b.signal(orgID, false) }

// Subscribe registers a subscriber of the org (closer.ChangeFeed).
func (b *Broker) Subscribe(orgID int64) (<-chan struct{}, func()) {
	sub := &subscription{ch: make(chan struct{}, 1)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(sub.ch)
		return sub.ch, func() {}
	}
	if b.subs[orgID] == nil {
		b.subs[orgID] = map[*subscription]struct{}{}
	}
	b.subs[orgID][sub] = struct{}{}
	var once sync.Once
	return sub.ch, func() { once.Do(func() { b.unsubscribe(orgID, sub) }) }
}

func (b *Broker) unsubscribe(orgID int64, sub *subscription) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.subs[orgID], sub)
	if len(b.subs[orgID]) == 0 {
		delete(b.subs, orgID)
	}
}

// Subscribers returns how many subscriptions the org has, for tests and
// diagnostics.
func (b *Broker) Subscribers(orgID int64) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.subs[orgID])
}

// signal notifies the org's subscribers now, or at the end of the window
// when they were notified less than a window ago.
func (b *Broker) signal(orgID int64, announce bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	st := b.orgs[orgID]
	if st == nil {
		st = &orgState{}
		b.orgs[orgID] = st
	}
	st.announce = st.announce || announce
	if st.timer != nil {
		return // a fan-out is already due
	}
	if wait := b.window - time.Since(st.last); wait > 0 {
		st.timer = time.AfterFunc(wait, func() { b.flush(orgID) })
		return
	}
	b.fanOutLocked(orgID, st)
}

// flush runs a fan-out that was due.
func (b *Broker) flush(orgID int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	st := b.orgs[orgID]
	st.timer = nil
	b.fanOutLocked(orgID, st)
}

// fanOutLocked notifies every subscriber of the org without blocking (one
// already pending is enough) and starts the announcement to the other
// instances when one is due. b.mu is held.
func (b *Broker) fanOutLocked(orgID int64, st *orgState) {
	st.last = time.Now()
	for sub := range b.subs[orgID] {
		select {
		case sub.ch <- struct{}{}:
		default:
		}
	}
	if st.announce && b.relay != nil {
		b.relayWG.Add(1)
		go b.announce(orgID)
	}
	st.announce = false
}

// announce tells the other instances, through the relay, that the org changed.
func (b *Broker) announce(orgID int64) {
	defer b.relayWG.Done()
	ctx, cancel := context.WithTimeout(context.Background(), relayTimeout)
	defer cancel()
	if err := b.relay.Notify(ctx, orgID); err != nil {
		b.logger.Warn("live: announcing a change failed", "org", orgID, "err", err)
	}
}

// Close ends every subscription (their channels are closed, so that open
// streams end and a server can shut down) and waits for the announcements
// in flight. Later publications are ignored.
func (b *Broker) Close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		for _, st := range b.orgs {
			if st.timer != nil {
				st.timer.Stop()
			}
		}
		for orgID, subs := range b.subs {
			for sub := range subs {
				close(sub.ch)
			}
			delete(b.subs, orgID)
		}
	}
	b.mu.Unlock()
	b.relayWG.Wait()
}
