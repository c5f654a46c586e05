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

// TestInvisibleCharactersInHeaders: a zero-width space, a no-break space, a
// byte order mark in the middle or a soft hyphen in a header still matches
// the mapping's name; a column still not found is listed with what does not
// show made visible (QA round 4, F14).
func TestInvisibleCharactersInHeaders(t *testing.T) {
	m := mapping(t, `{"columns": {"title": "Title", "status": "Status", "amount": "Amount", "owner": "Owner", "detected_on": "Date de détection"}}`)
	data := "Title\u00a0,Status\ufeff,Amount\u200b,Ow\u00adner\u00a0,Date\u00a0de\u202f\u00a0de\u0301tection\nD1,open,100,Ann,2017-03-01\n"
	s := newFakeStore()
	rep, err := Run(ownerCtx(), s, m, readString(t, "x.csv", data, m), Options{Now: fixedNow})
	if err != nil || rep.Imported != 1 || s.opps[0].Amount != 10000 || s.userName(s.opps[0].OwnerID) != "Ann" || s.opps[0].DetectedOn.String() != "2017-03-01" {
		t.Fatalf("%v %+v %+v", err, rep, s.opps)
	}
	m = mapping(t, `{"columns": {"title": "Title", "amount": "Amount"}}`)
	_, err = Run(ownerCtx(), newFakeStore(), m, readString(t, "x.csv", "Title,Amount\u2800,x\u0007y\nD1,100,z\n", m), Options{Now: fixedNow})
	want := `Line 1: the file has no column "Amount" (for amount) (its columns: Title, Amount<U+2800>, x<U+0007>y).`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}
