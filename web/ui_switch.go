package web

import (
	"strings"

	"closer"
)

// managedSections are the org pages only managers and owners open: switching
// to an org where the reader has a lesser role lands on the day instead.
var managedSections = map[string]bool{"settings": true, "import": true}

// SwitchURL is where the org switcher takes the reader in org o: the same
// section of the app as the page they are on (/o/a/board → /o/b/board), at
// its list rather than at a record (ids belong to one org), or the org's day
// when the section is not theirs to open there.
func (v *view) SwitchURL(o *closer.Org) string {
	section := "today"
	if v.Org != nil {
		rest := strings.TrimPrefix(v.Path, "/o/"+v.Org.Slug+"/")
		if rest != v.Path {
			if s, _, _ := strings.Cut(rest, "/"); s != "" {
				section = s
			}
		}
	}
	if managedSections[section] && o.Role != closer.RoleOwner && o.Role != closer.RoleManager {
		section = "today"
	}
	return "/o/" + o.Slug + "/" + section
}
