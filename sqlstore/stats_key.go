package sqlstore

import (
	"fmt"
	"strconv"

	"closer"
)

// The statistics group their rows by one integer that packs every grouping
// term (the group, the status or order kind, the cycle days): SQLite sorts
// to group, and a sort on one integer costs about half of one on three mixed
// columns (text status included); PostgreSQL hashes it as cheaply. The
// integer is built in SQL by packedKey and read back in Go by unpack.

// cycleSpan bounds the cycle days a key holds: ±cycleSpan/2 days (about
// 11,000 years either way), more than any two YYYY-MM-DD dates apart.
const cycleSpan = 1 << 23

// statusCode is the SQL expression of a status as a small integer: 1 won,
// 2 lost, 3 vanished, 0 for a status that is no closure (dropped in Go).
const statusCode = "CASE status WHEN 'won' THEN 1 WHEN 'lost' THEN 2 WHEN 'vanished' THEN 3 ELSE 0 END"

// kindCode is the SQL expression of an order's kind as a small integer.
const kindCode = "CASE kind WHEN 'linked' THEN 1 WHEN 'direct' THEN 2 WHEN 'recurring' THEN 3 ELSE 0 END"

// codeStatus and codeKind read the codes back.
var (
	codeStatus = [4]closer.Status{"", closer.StatusWon, closer.StatusLost, closer.StatusVanished}
	codeKind   = [4]closer.OrderKind{"", closer.OrderLinked, closer.OrderDirect, closer.OrderRecurring}
)

// groupNumber returns the SQL integer expression of a group over the date
// column col: the owner's id (0 for none), the month as year*12 + month-1,
// the quarter as year*4 + quarter-1, or 0 for GroupNone.
func groupNumber(g closer.Grouping, col string) string {
	year := "CAST(substr(" + col + ", 1, 4) AS INTEGER)"
	month := "CAST(substr(" + col + ", 6, 2) AS INTEGER)"
	switch g {
	case closer.GroupOwner:
		return "COALESCE(owner_id, 0)"
	case closer.GroupMonth:
		return "(" + year + " * 12 + " + month + " - 1)"
	case closer.GroupQuarter:
		return "(" + year + " * 4 + (" + month + " - 1) / 3)"
	case closer.GroupNone:
	}
	return "CAST(0 AS BIGINT)" // not a bare 0: PostgreSQL reads GROUP BY 0 as a position
}

// groupLabel returns the key of group number n: the owner's id as text,
// "2017-03", "2017-Q1", or "" for GroupNone.
func groupLabel(g closer.Grouping, n int64) string {
	switch g {
	case closer.GroupOwner:
		return strconv.FormatInt(n, 10)
	case closer.GroupMonth:
		return fmt.Sprintf("%04d-%02d", n/12, n%12+1)
	case closer.GroupQuarter:
		return fmt.Sprintf("%04d-Q%d", n/4, n%4+1)
	case closer.GroupNone:
	}
	return ""
}

// packedKey returns the SQL integer expression packing a group number and
// a code (0..3), and the cycle days when days is not empty.
func packedKey(group, code, days string) string {
	k := "CAST(" + group + " AS BIGINT) * 4 + " + code
	if days == "" {
		return k
	}
	return "(" + k + ") * " + strconv.Itoa(cycleSpan) + " + " + strconv.Itoa(cycleSpan/2) + " + " + days
}

// unpack splits a key of packedKey: the group number, the code, and the
// cycle days when withDays.
func unpack(key int64, withDays bool) (group int64, code int, days int) {
	if withDays {
		days = int(key%cycleSpan) - cycleSpan/2
		key /= cycleSpan
	}
	return key / 4, int(key % 4), days
}
