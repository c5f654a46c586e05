package live_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"closer"
	"closer/live"
)

var _ closer.ChangeFeed = (*live.Broker)(nil)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// received reports whether ch holds a notification right now.
func received(ch <-chan struct{}) bool {
	select {
	case _, ok := <-ch:
		return ok
	default:
		return false
	}
}

// waitFor waits for a notification on ch until the deadline.
func waitFor(t *testing.T, ch <-chan struct{}, within time.Duration) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(within):
		t.Fatalf("no notification within %v", within)
	}
}

func TestFanOutReachesEverySubscriberOfTheOrgOnly(t *testing.T) {
	b := live.NewBroker(0, nil, quiet)
	defer b.Close()
	a1, stop1 := b.Subscribe(1)
	defer stop1()
	a2, stop2 := b.Subscribe(1)
	defer stop2()
	other, stop3 := b.Subscribe(2)
	defer stop3()

	b.Publish(1)
	if !received(a1) || !received(a2) {
		t.Fatal("a subscriber of org 1 was not notified")
	}
	if received(other) {
		t.Fatal("a subscriber of org 2 was notified of a change of org 1")
	}
	b.Publish(2)
	if !received(other) || received(a1) || received(a2) {
		t.Fatal("a change of org 2 went to the wrong subscribers")
	}
}

func TestPublishNeverBlocksOnASlowSubscriber(t *testing.T) {
	b := live.NewBroker(0, nil, quiet)
	defer b.Close()
	ch, stop := b.Subscribe(1)
	defer stop()
	for range 100 {
		b.Publish(1) // nobody reads: one pending notification is kept
	}
	if !received(ch) {
		t.Fatal("the pending notification was lost")
	}
	if received(ch) {
		t.Fatal("more than one notification was queued")
	}
}

func TestBurstsAreCoalescedPerWindow(t *testing.T) {
	const window = 200 * time.Millisecond
	b := live.NewBroker(window, nil, quiet)
	defer b.Close()
	ch, stop := b.Subscribe(1)
	defer stop()

	start := time.Now()
	for range 50 {
		b.Publish(1)
	}
	if !received(ch) {
		t.Fatal("the first change of a quiet org was not notified at once")
	}
	// The rest of the burst makes one more notification, at the end of the window.
	waitFor(t, ch, 5*window)
	if d := time.Since(start); d < window {
		t.Fatalf("second notification after %v, before the end of the %v window", d, window)
	}
	select {
	case <-ch:
		t.Fatal("a burst made more than two notifications")
	case <-time.After(3 * window):
	}
}

func TestCancelledSubscriberIsForgotten(t *testing.T) {
	b := live.NewBroker(0, nil, quiet)
	defer b.Close()
	ch, stop := b.Subscribe(1)
	if n := b.Subscribers(1); n != 1 {
		t.Fatalf("subscribers = %d, want 1", n)
	}
	stop()
	stop() // twice is harmless
	if n := b.Subscribers(1); n != 0 {
		t.Fatalf("subscribers after cancel = %d, want 0", n)
	}
	b.Publish(1)
	if received(ch) {
		t.Fatal("a cancelled subscriber was notified")
	}
}

func TestCloseEndsSubscriptions(t *testing.T) {
	b := live.NewBroker(time.Hour, nil, quiet)
	ch, stop := b.Subscribe(1)
	b.Publish(1)
	b.Publish(1) // due in an hour: Close must not wait for it
	<-ch
	b.Close()
	if _, ok := <-ch; ok {
		t.Fatal("the channel is still open after Close")
	}
	stop()
	late, _ := b.Subscribe(1)
	if _, ok := <-late; ok {
		t.Fatal("a subscription after Close is open")
	}
	b.Publish(1)
	b.Close()
}

// fakeRelay records announcements and plays scripted listening sessions.
type fakeRelay struct {
	notified chan int64
	sessions chan func(ctx context.Context, ready func(), deliver func(int64)) error
}

func (r *fakeRelay) Notify(ctx context.Context, orgID int64) error {
	r.notified <- orgID
	return nil
}

func (r *fakeRelay) Listen(ctx context.Context, ready func(), deliver func(int64)) error {
	select {
	case s := <-r.sessions:
		return s(ctx, ready, deliver)
	case <-ctx.Done():
		return nil
	}
}

func TestLocalChangesAreAnnouncedAndRemoteOnesAreNot(t *testing.T) {
	r := &fakeRelay{notified: make(chan int64, 10)}
	b := live.NewBroker(0, r, quiet)
	b.Publish(4)
	b.Deliver(5)
	b.Close() // waits for the announcements in flight
	close(r.notified)
	var got []int64
	for id := range r.notified {
		got = append(got, id)
	}
	if len(got) != 1 || got[0] != 4 {
		t.Fatalf("announced %v, want [4]", got)
	}
}

func TestListenDeliversRemoteChangesAndRefreshesAfterReconnecting(t *testing.T) {
	r := &fakeRelay{notified: make(chan int64, 10), sessions: make(chan func(context.Context, func(), func(int64)) error, 2)}
	b := live.NewBroker(0, r, quiet)
	defer b.Close()
	seven, stop7 := b.Subscribe(7)
	defer stop7()
	nine, stop9 := b.Subscribe(9)
	defer stop9()

	r.sessions <- func(ctx context.Context, ready func(), deliver func(int64)) error {
		ready()
		deliver(7)
		return errors.New("connection lost")
	}
	second := make(chan struct{})
	r.sessions <- func(ctx context.Context, ready func(), deliver func(int64)) error {
		ready()
		close(second)
		<-ctx.Done()
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Listen(ctx); close(done) }()

	waitFor(t, seven, 5*time.Second)
	if received(nine) {
		t.Fatal("org 9 was notified of a change of org 7")
	}
	select {
	case <-second:
	case <-time.After(10 * time.Second):
		t.Fatal("Listen did not reconnect")
	}
	// Changes may have been missed while disconnected: every page refreshes.
	if !received(seven) || !received(nine) {
		t.Fatal("subscribers were not refreshed after the reconnection")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Listen did not stop with its context")
	}
	select {
	case id := <-r.notified:
		t.Fatalf("a remote change of org %d was announced again", id)
	default:
	}
}
