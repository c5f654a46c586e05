package importer

import (
	"fmt"
	"strings"

	"closer"
)

// RepeatedAccount is a row of an accounts file that names an account an
// earlier row of the file named (same name, same city or none, same phone
// or none) but gives it other data, which the import does not keep: one
// account is created, with the first row's. Two accounts of one name and
// town without a phone ("Martin SARL", Nantes: a joinery and an aluminium
// works) are nothing else to an import without ids, and become one, their
// records with it: the report names them so that nothing is lost
// unnoticed. Giving one of them its phone, or a name of its own, before
// exporting keeps them apart.
type RepeatedAccount struct {
	Line      int    `json:"line"`
	FirstLine int    `json:"first_line"` // the row whose data the account has
	Name      string `json:"name"`
	// Fields are the fields the row gives otherwise: website, note,
	// owner (by name or e-mail).
	Fields []string `json:"fields"`
}

// String returns `line 5 «Martin SARL» (website, note; line 3's kept)`.
func (d RepeatedAccount) String() string {
	return fmt.Sprintf("line %d «%s» (%s; line %d's kept)", d.Line, d.Name, strings.Join(d.Fields, ", "), d.FirstLine)
}

// noteRepeated compares a row that repeats an account the file creates
// with the row that gave it its data, and lists it in the report when it
// gives a website, a note or an owner that differs.
func noteRepeated(c *columns, first, r *Row, rep *Report) {
	var fields []string
	for _, name := range []string{"website", "note", "owner", "owner_email"} {
		f := c.fields[name]
		v, was := strings.TrimSpace(f.text(r)), strings.TrimSpace(f.text(first))
		same := v == was
		if name != "note" {
			same = closer.SameName(v, was) // a website or a name, case aside
		}
		if v == "" || same {
			continue
		}
		if name == "owner_email" {
			name = "owner"
		}
		if len(fields) == 0 || fields[len(fields)-1] != name {
			fields = append(fields, name)
		}
	}
	if len(fields) == 0 {
		return
	}
	if len(rep.RepeatedDiffering) >= maxDifferences {
		rep.MoreRepeatedDiffering++
		return
	}
	rep.RepeatedDiffering = append(rep.RepeatedDiffering, RepeatedAccount{Line: r.Line, FirstLine: first.Line, Name: c.fields["name"].text(r), Fields: fields})
}
