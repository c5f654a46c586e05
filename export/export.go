package export

import (
	"context"
	"io"
	"slices"
	"strings"

	"closer"
)

// The formats an export writes.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
	FormatXLSX = "xlsx"
)

// Formats lists the formats, the default first.
var Formats = []string{FormatCSV, FormatJSON, FormatXLSX}

// The entities an export reads.
const (
	EntityOpportunities = "opportunities"
	EntityAccounts      = "accounts"
	EntityContacts      = "contacts"
	EntityQuotes        = "quotes"
	EntityOrders        = "orders"
	EntityActivities    = "activities"
)

// Entities lists the entities, the default first.
var Entities = []string{EntityOpportunities, EntityAccounts, EntityContacts, EntityQuotes, EntityOrders, EntityActivities}

// batchSize is how many records an export holds in memory at a time.
const batchSize = 1000

// Source is what an export reads: the records, a batch at a time, and what
// names their references. Every method reads the actor's org.
type Source struct {
	Records closer.ExportService
	Lists   closer.ListService   // stage, source, reason and competitor names
	Orgs    closer.OrgService    // owner names (Members)
	Lookups closer.LookupService // account names and opportunity titles of a batch
}

// ParseFormat checks a format; "" is csv.
func ParseFormat(s string) (string, error) {
	if s == "" {
		return FormatCSV, nil
	}
	if f := strings.ToLower(s); slices.Contains(Formats, f) {
		return f, nil
	}
	return "", closer.FieldError("format", "The format must be csv, json or xlsx, not %q.", s)
}

// ParseEntity checks an entity; "" is opportunities.
func ParseEntity(s string) (string, error) {
	if s == "" {
		return EntityOpportunities, nil
	}
	if e := strings.ToLower(s); slices.Contains(Entities, e) {
		return e, nil
	}
	return "", closer.FieldError("entity", "The entity must be one of %s, not %q.", strings.Join(Entities, ", "), s)
}

// ContentType returns the media type of a format.
func ContentType(format string) string {
	switch format {
	case FormatJSON:
		return "application/json; charset=utf-8"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// FileName returns the file name of an export: "acme-opportunities.csv".
func FileName(slug, entity, format string) string {
	if slug == "" {
		return entity + "." + format
	}
	return slug + "-" + entity + "." + format
}

// Columns returns the columns of an entity, in order: for opportunities,
// SPEC section 4's field names.
func Columns(entity string) []string {
	if t, ok := tables[entity]; ok {
		return slices.Clone(t.columns)
	}
	return nil
}

// Write streams every record of entity of the actor's org to w in format.
// Errors found before anything is written (a bad format or entity, a store
// that does not answer) leave w untouched; an error after that leaves an
// incomplete file, which the caller must not present as complete.
func Write(ctx context.Context, src Source, entity, format string, w io.Writer) error {
	t, ok := tables[entity]
	if !ok {
		_, err := ParseEntity(entity)
		return err
	}
	if _, err := ParseFormat(format); err != nil || format == "" {
		return closer.FieldError("format", "The format must be csv, json or xlsx, not %q.", format)
	}
	if _, err := closer.CurrentActor(ctx); err != nil {
		return err
	}
	n, err := newNames(ctx, src)
	if err != nil {
		return err
	}
	rw, err := newRowWriter(format, w, entity)
	if err != nil {
		return err
	}
	if err := rw.header(t.columns); err != nil {
		rw.abort()
		return err
	}
	if err := t.write(ctx, src, n, rw); err != nil {
		rw.abort()
		return err
	}
	return rw.close()
}
