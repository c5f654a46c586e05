package closer

import (
	"context"
	"time"
)

// AuditEntry is one line of an org's audit log: who did what sensitive
// thing, to what, from which address, and when. Entries are append-only:
// nothing updates or deletes them.
type AuditEntry struct {
	ID       int64     `json:"id"`
	OrgID    int64     `json:"-"`
	UserID   int64     `json:"user_id"`   // 0 when the actor is unknown (a failed sign-in is the tried user's)
	UserName string    `json:"user_name"` // the name at the time, kept when the user is renamed
	Action   string    `json:"action"`    // one of the Audit* constants
	Target   string    `json:"target"`    // what was acted on ("account 12", an e-mail, a token's name)
	Detail   string    `json:"detail"`    // more about it ("sales → manager", "csv")
	IP       string    `json:"ip"`        // the client's address, when the action came from a request
	At       time.Time `json:"at"`
}

// The audited actions. Other features record theirs with AuditService.Record
// (or the store's audit helper inside their own transaction) under these
// names; a deletion is AuditDelete(kind).
const (
	AuditSignIn           = "signin"            // a successful sign-in, in each org of the user
	AuditSignInFailed     = "signin.failed"     // a wrong password for a known e-mail, in each org of the user
	AuditSignOut          = "signout"           // a session ended by its user
	AuditPasswordChange   = "password.change"   // the user changed their password (other sessions revoked)
	AuditTokenCreate      = "token.create"      // a personal API token was made
	AuditTokenRevoke      = "token.revoke"      // a personal API token was revoked
	AuditSessionRevoke    = "session.revoke"    // a browser session was revoked from the account page
	AuditExport           = "export"            // an export of the org's records (API, page or command line)
	AuditMemberAdd        = "member.add"        // an owner added a member
	AuditMemberRole       = "member.role"       // a member's role changed
	AuditMemberActivate   = "member.activate"   // a deactivated member was let back in
	AuditMemberDeactivate = "member.deactivate" // a member was deactivated
	AuditMemberReassign   = "member.reassign"   // a member's records were handed to someone else
	AuditInviteCreate     = "invitation.create" // an invitation was sent
	AuditInviteAccept     = "invitation.accept" // an invitation was accepted
	AuditInviteRevoke     = "invitation.revoke" // a pending invitation was revoked (or replaced by a new link)
	AuditContactExport    = "contact.export"    // a contact's personal data was exported (GDPR access)
	AuditContactErase     = "contact.erase"     // a contact's personal data was erased (GDPR erasure)
	AuditRepair           = "upgrade.repair"    // an upgrade changed a record stored under older rules so that today's accept it
	auditDeleteSuffix     = ".delete"
)

// AuditDelete names the deletion of a kind of record ("account.delete",
// "opportunity.delete", "quote.delete"...).
func AuditDelete(kind string) string { return kind + auditDeleteSuffix }

// AuditActions lists the actions the audit page offers as a filter, in the
// order it shows them.
var AuditActions = []string{
	AuditSignIn, AuditSignInFailed, AuditSignOut, AuditPasswordChange,
	AuditTokenCreate, AuditTokenRevoke, AuditSessionRevoke, AuditExport,
	AuditMemberAdd, AuditMemberRole, AuditMemberActivate, AuditMemberDeactivate, AuditMemberReassign,
	AuditInviteCreate, AuditInviteAccept, AuditInviteRevoke, AuditContactExport, AuditContactErase, AuditRepair,
	AuditDelete("account"), AuditDelete("contact"), AuditDelete("opportunity"), AuditDelete("quote"),
	AuditDelete("order"), AuditDelete("activity"), AuditDelete("target"),
}

// AuditFilter selects entries of the log. Zero fields do not filter.
type AuditFilter struct {
	Action string // exact action name
	UserID int64  // who acted
	Page
}

// AuditService reads and writes the audit log of the actor's org.
type AuditService interface {
	// AuditLog lists entries newest first with their total; owners only.
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error)
	// Record appends an entry for an action done outside the store (a sign-in
	// form, an export): the org, the person and the address default to the
	// context's actor and client, the time to now.
	Record(ctx context.Context, e AuditEntry) error
}
