package web

import (
	"html/template"
	"strings"
	"testing"
)

// boardCardTemplate is the board template's card as it was before cards
// were printed in Go (cardHTML): the reference the Go printer must match.
const boardCardTemplate = `{{$back := .Back}}{{$noAccount := .Words.NoAccount}}{{$noNext := .Words.NoNextAction}}{{$move := .Words.Move}}{{$moveTo := .Words.MoveTo}}{{$moveSubmit := .Words.MoveSubmit}}<div>{{range .Cards}}
    <article class="opp-card" id="opp-{{.ID}}" data-stage="{{.StageID}}"{{if .Draggable}} draggable="true"{{end}}>
      <a href="{{.URL}}">{{.Title}}</a>
      <div class="meta"><span>{{if .AccountName}}{{.AccountName}}{{else}}<span class="flag">{{$noAccount}}</span>{{end}}</span><span>{{.Amount}}</span></div>
      <div class="meta"><span>{{.OwnerName}}</span>
        {{if not .NextOn}}<span class="flag">{{$noNext}}</span>
        {{else if .Late}}<span class="late">{{.Late}}</span>
        {{else}}<span>{{.NextOn}}</span>{{end}}</div>
      {{if .Can}}
      <details>
        <summary>{{$move}}</summary>
        <form method="post" class="move" action="{{.URL}}/stage">
          <input type="hidden" name="version" value="{{.Version}}">
          <input type="hidden" name="back" value="{{$back}}">
          <label for="stage-of-{{.ID}}">{{$moveTo}}</label>
          <select id="stage-of-{{.ID}}" name="stage">{{.Options}}</select>
          <button type="submit">{{$moveSubmit}}</button>
        </form>
      </details>
      {{end}}
    </article>
    {{end}}</div>`

// TestBoardCardHTML checks that a card printed by cardHTML is byte for byte
// what html/template printed, hostile and odd texts included (quotes,
// markup, ampersands, plus signs, NUL, accents), for every branch: with and
// without account, next action, late, movable or not, draggable or not.
func TestBoardCardHTML(t *testing.T) {
	tmpl := template.Must(template.New("card").Parse(boardCardTemplate))
	hostile := []string{"", "Plain", `<script>alert("x")</script>`, "Tom & Jerry's + co", "a\x00b", "Été — 1 000 €", `" onmouseover="x`}
	words := boardWords{NoAccount: "Sans <compte>", NoNextAction: "Pas d'action", Move: "Déplacer", MoveTo: "Vers & étape", MoveSubmit: "OK+"}
	var cards []boardCard
	for i, s := range hostile {
		for _, can := range []bool{false, true} {
			c := boardCard{ID: int64(100 + i), StageID: 7, Version: i, Title: s, AccountName: hostile[(i+1)%len(hostile)],
				OwnerName: s, URL: "/o/acme-2/opportunities/" + string(rune('1'+i)), Amount: "1,2 k€" + s,
				Can: can, Draggable: can && i%2 == 0, Options: `<option value="7" selected>A &amp; B</option>`}
			switch i % 3 {
			case 1:
				c.NextOn = "16/06/2025" + s
			case 2:
				c.NextOn, c.Late = "01/06/2025", "en retard depuis le "+s
			}
			cards = append(cards, c)
		}
	}
	back := "/o/acme/board?owner=3&x='\"<+>"
	var want strings.Builder
	if err := tmpl.Execute(&want, map[string]any{"Back": back, "Words": words, "Cards": cards}); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	got.WriteString("<div>")
	for i := range cards {
		got.WriteString(string(cards[i].cardHTML(&words, back)))
	}
	got.WriteString("</div>")
	if got.String() != want.String() {
		w, g := want.String(), got.String()
		n := 0
		for n < len(w) && n < len(g) && w[n] == g[n] {
			n++
		}
		t.Fatalf("cardHTML differs from the template at byte %d:\ntemplate: %q\ncardHTML: %q", n, w[max(0, n-80):min(len(w), n+80)], g[max(0, n-80):min(len(g), n+80)])
	}
}
