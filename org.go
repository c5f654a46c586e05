package closer

import (
	"regexp"
	"strings"
	"time"
)

// Org is one customer company of Closer: a tenant. Every other record belongs
// to exactly one org and is invisible from the others.
type Org struct {
	ID       int64     `json:"id"`
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Currency string    `json:"currency"`
	Timezone string    `json:"timezone"`
	Created  time.Time `json:"created_at"`
	Role     Role      `json:"role,omitempty"` // the reader's role, when listed for a user
}

// Location returns the org's time zone (Europe/Paris when unset or unknown).
func (o *Org) Location() *time.Location {
	if loc, err := time.LoadLocation(o.Timezone); err == nil && o.Timezone != "" {
		return loc
	}
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}

var slugRe = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$`)

// Slugify turns a name into a URL slug ("Menuiserie Dupont & Fils" →
// "menuiserie-dupont-fils"). Letters are spelt as SortKey spells them, so
// that no Latin letter is lost: "Œuvres Straße Ærø" → "oeuvres-strasse-aero".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range SortKey(NormalizeName(name)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// Validate checks an org before it is created or changed; it fills defaults.
func (o *Org) Validate() error {
	o.Name = NormalizeName(o.Name)
	if o.Name == "" {
		return FieldError("name", "The organization needs a name.")
	} else if err := CheckLine("name", o.Name, 200); err != nil {
		return err
	}
	if o.Slug == "" {
		o.Slug = Slugify(o.Name)
	}
	if !slugRe.MatchString(o.Slug) {
		return FieldError("slug", "The slug %q must be 1 to 48 lowercase letters, digits or dashes.", o.Slug)
	}
	if o.Currency = strings.ToUpper(strings.TrimSpace(o.Currency)); o.Currency == "" {
		o.Currency = "EUR"
	}
	if err := CheckCurrency(o.Currency); err != nil {
		return err
	}
	if o.Timezone == "" {
		o.Timezone = "Europe/Paris"
	}
	if _, err := time.LoadLocation(o.Timezone); err != nil || o.Timezone == "Local" {
		return FieldError("timezone", "Unknown time zone %q (use a name such as Europe/Paris).", o.Timezone)
	}
	return nil
}

// User is a person who signs in. A user is a member of zero or more orgs.
type User struct {
	ID       int64     `json:"id"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	Lang     string    `json:"lang,omitempty"` // "fr" or "en"; empty: from the browser
	Created  time.Time `json:"created_at"`
	HasLogin bool      `json:"-"` // whether a password is set
}

var emailRe = regexp.MustCompile(`^[^\s\x00-\x1f\x7f@<>"]+@[^\s\x00-\x1f\x7f@<>"]+\.[^\s\x00-\x1f\x7f@<>"]+$`)

// NormalizeEmail trims and lowercases an address and checks its shape.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) > 254 || !emailRe.MatchString(s) {
		return "", FieldError("email", "%q is not a valid e-mail address.", s)
	}
	return s, nil
}

// Member is a user seen from one org: their role there and whether they
// are still active (a deactivated member keeps their history).
type Member struct {
	UserID int64  `json:"id"`
	Email  string `json:"email"`
	Name   string `json:"name"`
	Role   Role   `json:"role"`
	Active bool   `json:"active"`
}

// Token is a personal API token. Only its hash is stored; the secret is shown
// once, at creation.
type Token struct {
	ID       int64      `json:"id"`
	UserID   int64      `json:"user_id"`
	Name     string     `json:"name"`
	Created  time.Time  `json:"created_at"`
	LastUsed *time.Time `json:"last_used_at"`
	Revoked  *time.Time `json:"revoked_at,omitempty"` // when revoked; a revoked token no longer works
}
