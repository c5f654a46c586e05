package importer

// queues lists, per key, indexes of the org's opportunities (see knownRows)
// in their order, each taken once: a chain through next rather than a slice
// per key, which an org of 300,000 opportunities would allocate one by one.
type queues[K comparable] struct {
	head map[K]int // the first index of each key, +1
	next []int     // the index after each one of its key, +1; shared by queues of disjoint indexes
}

// newQueues returns queues over n indexes, with room for size keys, sharing
// next when it is given (queues whose keys hold disjoint indexes).
func newQueues[K comparable](n, size int, next []int) *queues[K] {
	if next == nil {
		next = make([]int, n)
	}
	return &queues[K]{head: make(map[K]int, size), next: next}
}

// pushFront puts index i first in the queue of k: pushing the indexes from
// the last to the first keeps their order.
func (q *queues[K]) pushFront(k K, i int) {
	q.next[i] = q.head[k]
	q.head[k] = i + 1
}

// take returns the first index of k's queue that used does not mark, marks
// it and drops it (and those before it) from the queue; -1 when none is
// left.
func (q *queues[K]) take(k K, used []bool) int {
	for j := q.head[k]; j > 0; j = q.next[j-1] {
		q.head[k] = q.next[j-1]
		if !used[j-1] {
			used[j-1] = true
			return j - 1
		}
	}
	return -1
}
