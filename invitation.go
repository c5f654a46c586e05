package closer

import (
	"context"
	"time"
)

// InvitationTTL is how long an invitation link stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation asks a person, by e-mail, to join an org with a role. Its link
// carries a random secret, used once; only the secret's hash is stored, so
// the link can be shown only when the invitation is created.
type Invitation struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	InvitedBy int64     `json:"invited_by"`
	Created   time.Time `json:"created_at"`
	Expires   time.Time `json:"expires_at"`
}

// InvitationState is where an invitation stands.
type InvitationState string

// The states of an invitation.
const (
	InvitationPending InvitationState = "pending" // can be accepted
	InvitationUsed    InvitationState = "used"    // accepted once: never again
	InvitationRevoked InvitationState = "revoked" // an owner withdrew it
	InvitationExpired InvitationState = "expired" // past InvitationTTL
)

// InvitationDetails is what the holder of an invitation's secret sees on
// its page: the org, the role, who invited, and whether the invited e-mail
// already has an account (to sign in) or not (to create one).
type InvitationDetails struct {
	Email       string
	Role        Role
	State       InvitationState
	OrgSlug     string
	OrgName     string
	InviterName string
	Expires     time.Time
	Timezone    string // the org's, to show the expiry in its local time
	// UserExists says that a user has the invited e-mail; UserHasLogin that
	// they can sign in (a user created by an import has no password yet).
	UserExists   bool
	UserHasLogin bool
	// MemberRole is the invited person's role in the org when they are an
	// active member already (an invitation older than their membership),
	// "" otherwise: accepting gives them Role instead.
	MemberRole Role
}

// InvitationService invites people to the actor's org (owners only) and lets
// the invited person accept.
type InvitationService interface {
	// CreateInvitation invites email with role and returns the link's secret, shown once.
	CreateInvitation(ctx context.Context, email string, role Role) (string, *Invitation, error)
	// Invitations lists the org's pending invitations (neither used, revoked nor expired).
	Invitations(ctx context.Context) ([]*Invitation, error)
	// RevokeInvitation makes a pending invitation unusable.
	RevokeInvitation(ctx context.Context, id int64) error
	// AcceptInvitation makes userID, whose e-mail must be the invited one, a
	// member of the invitation's org with its role (reactivating a deactivated
	// membership) and answers the org. An unknown, used, revoked or expired secret is
	// ENOTFOUND, its message saying which.
	AcceptInvitation(ctx context.Context, secret string, userID int64) (*Org, error)
	// InvitationBySecret tells the holder of a secret what it invites to,
	// whatever its state; an unknown secret is ENOTFOUND and tells nothing.
	InvitationBySecret(ctx context.Context, secret string) (*InvitationDetails, error)
	// JoinByInvitation creates the invited person's account with u's name
	// and language and password (or sets the password of a user of that
	// e-mail who has none, such as one created by an import), then accepts
	// the invitation, in one transaction: u gets its id and e-mail. A user
	// who can already sign in is ECONFLICT: they sign in and accept.
	JoinByInvitation(ctx context.Context, secret string, u *User, password string) (*Org, error)
}

// Mail is one plain-text e-mail message.
type Mail struct {
	To      string // one address
	Subject string
	Text    string
}

// Mailer sends e-mail (an SMTP server, see package mail). The web app has
// none when no server is configured: invitation links are then given by hand.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}
