package importer

import (
	"strings"
	"testing"
)

// TestLongColumnNames: a long header (a survey's question) in a column the
// mapping does not read is no reason to refuse the file; a read one is
// refused with the limit, its position and the start of its name (QA round
// 4, F9).
func TestLongColumnNames(t *testing.T) {
	question := "Comment avez-vous connu notre entreprise ? (salon professionnel, recommandation d'un client, site internet, " +
		"réseaux sociaux, démarchage téléphonique, ou autre canal : précisez dans la case suivante)"
	data := "Title,Status,Amount,\"" + question + "\"\nD1,open,100,Salon\n"
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status", "amount": "Amount"}}`)
	s := newFakeStore()
	if rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow}); err != nil || rep.Imported != 1 {
		t.Fatalf("an unread long column: %v %+v", err, rep)
	}
	long := strings.Repeat("Montant de la commande ", 10)
	m = mapping(t, `{"columns": {"title": "Title", "amount": "`+long+`"}}`)
	_, err := Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,"+long+"\nD1,100\n", m), Options{Now: fixedNow})
	want := "Line 1: the name of column 2 («Montant de la commande Montant de la com…») is longer than 200 characters"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("a read long column: %v", err)
	}
}
