package closer

// ChangeFeed tells the open pages of an org that its data changed, so that
// the board, the day and the figures update by themselves. A write
// publishes; each page that shows the org's data subscribes for as long as
// it is open. Bursts of changes may be coalesced: a subscriber learns that
// something changed since it last looked, not what nor how many times.
type ChangeFeed interface {
	// Publish announces that the data of the org changed. It never blocks.
	Publish(orgID int64)
	// Subscribe returns a channel that receives a value after changes of
	// the org, and a function that ends the subscription (safe to call more
	// than once). The channel is closed when the feed shuts down.
	Subscribe(orgID int64) (changes <-chan struct{}, cancel func())
}
