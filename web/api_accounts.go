package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"closer"
)

// accountJSON is an account as the API shows it.
type accountJSON struct {
	ID      int64      `json:"id"`
	Name    string     `json:"name"`
	Owner   nullableID `json:"owner"`
	City    string     `json:"city"`
	Phone   string     `json:"phone"`
	Website string     `json:"website"`
	Note    string     `json:"note"`
	Created time.Time  `json:"created_at"`
}

func newAccountJSON(a *closer.Account) accountJSON {
	return accountJSON{ID: a.ID, Name: a.Name, Owner: nullableID(a.OwnerID), City: a.City, Phone: a.Phone,
		Website: a.Website, Note: a.Note, Created: a.Created}
}

// accountInput is the body of POST and PATCH on accounts: absent fields stay.
type accountInput struct {
	Name    nullable[string] `json:"name"`
	Owner   nullable[ref]    `json:"owner"`
	City    nullable[string] `json:"city"`
	Phone   nullable[string] `json:"phone"`
	Website nullable[string] `json:"website"`
	Note    nullable[string] `json:"note"`
}

// apply changes the fields present in the body.
func (s *Server) applyAccount(r *http.Request, in accountInput, a *closer.Account) error {
	if in.Owner.Set {
		id, err := s.userID(r.Context(), in.Owner.Value, "owner")
		if err != nil {
			return err
		}
		a.OwnerID = id
	}
	setString(&a.Name, in.Name)
	setString(&a.City, in.City)
	setString(&a.Phone, in.Phone)
	setString(&a.Website, in.Website)
	setString(&a.Note, in.Note)
	return nil
}

// setString copies an optional string when present.
func setString(dst *string, o nullable[string]) {
	if o.Set {
		*dst = o.Value
	}
}

// listAccounts answers accounts, filtered by q (in the name) and owner.
func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	p, err := pageParams(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	owner, err := s.queryOwner(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accounts, total, err := s.Accounts.FindAccounts(r.Context(), closer.AccountFilter{Q: r.URL.Query().Get("q"), OwnerID: owner, Page: p})
	items := make([]accountJSON, 0, len(accounts))
	for _, a := range accounts {
		items = append(items, newAccountJSON(a))
	}
	s.answer(w, r, http.StatusOK, newList(items, total), err)
}

// createAccount creates an account; its owner defaults to the creator.
func (s *Server) createAccount(w http.ResponseWriter, r *http.Request) {
	var in accountInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	var a closer.Account
	if err := s.applyAccount(r, in, &a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.CreateAccount(r.Context(), &a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerAccount(w, r, http.StatusCreated, a.ID)
}

// getAccount answers one account.
func (s *Server) getAccount(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerAccount(w, r, http.StatusOK, id)
}

// updateAccount changes the fields present in the body.
func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in accountInput
	if err := readJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Accounts.FindAccount(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.applyAccount(r, in, a); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.UpdateAccount(r.Context(), a); err != nil {
		s.fail(w, r, err)
		return
	}
	s.answerAccount(w, r, http.StatusOK, id)
}

// deleteAccount deletes an account (owners only, as every deletion).
func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.Accounts.DeleteAccount(r.Context(), id)
	}
	s.answerNoContent(w, r, err)
}

// answerAccount answers the account of id as the store now has it.
func (s *Server) answerAccount(w http.ResponseWriter, r *http.Request, status int, id int64) {
	a, err := s.Accounts.FindAccount(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, status, newAccountJSON(a))
}

// answerNoContent answers 204 when err is nil.
func (s *Server) answerNoContent(w http.ResponseWriter, r *http.Request, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// accountID resolves a reference to an account: its id, or its name. The
// account named exactly so is taken first (once normalised:
// closer.NormalizeName, so that "é" typed as "e" and an accent, or a
// no-break space, finds the name); failing one, the account whose name
// matches case aside (closer.SameName). Names are not unique: when
// several accounts match, the reference is refused (give the id), never
// silently resolved to one of them. The store checks that an id belongs to
// the org.
func (s *Server) accountID(ctx context.Context, r ref) (int64, error) {
	if r == "" {
		return 0, nil
	}
	if id, err := strconv.ParseInt(string(r), 10, 64); err == nil && id > 0 {
		return id, nil
	}
	name := closer.NormalizeName(string(r))
	var exact, folded []int64
	for p := (closer.Page{Limit: maxLimit}); ; p.Offset += p.Limit {
		accounts, total, err := s.Accounts.FindAccounts(ctx, closer.AccountFilter{Q: name, Page: p})
		if err != nil {
			return 0, err
		}
		for _, a := range accounts {
			if closer.NormalizeName(a.Name) == name {
				exact = append(exact, a.ID)
			} else if closer.SameName(a.Name, name) {
				folded = append(folded, a.ID)
			}
		}
		if len(accounts) == 0 || p.Offset+len(accounts) >= total {
			break
		}
	}
	for _, ids := range [][]int64{exact, folded} {
		switch {
		case len(ids) == 1:
			return ids[0], nil
		case len(ids) > 1:
			return 0, closer.FieldError("account", "%d accounts are named %q: give its id.", len(ids), name)
		}
	}
	return 0, closer.FieldError("account", "No account is named %q: give its id or its exact name.", r)
}
