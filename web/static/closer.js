// Closer's little JavaScript: everything works without it; it only adds
// comfort (confirmations, dialogs, drag and drop on the board).
"use strict";
document.addEventListener("DOMContentLoaded", function () { enhance(document); });
// live.js swaps a region of the page for a fresh copy: enhance the new content.
document.addEventListener("closer:updated", function (e) { enhance(e.target); });

// enhance adds the comforts below to the elements under root.
function enhance(root) {
  // Forms or buttons with data-confirm ask before submitting.
  root.querySelectorAll("[data-confirm]").forEach(function (el) {
    var form = el.tagName === "FORM" ? el : el.form;
    if (!form) return;
    form.addEventListener("submit", function (e) {
      var who = e.submitter || el;
      var msg = who.getAttribute("data-confirm") || el.getAttribute("data-confirm");
      if (msg && !window.confirm(msg)) e.preventDefault();
    });
  });
  // Buttons with data-dialog open the <dialog> of that id.
  root.querySelectorAll("[data-dialog]").forEach(function (btn) {
    btn.addEventListener("click", function (e) {
      var d = document.getElementById(btn.getAttribute("data-dialog"));
      if (d && d.showModal) { e.preventDefault(); d.showModal(); var f = d.querySelector("input,select,textarea"); if (f) f.focus(); }
    });
  });
  root.querySelectorAll("dialog [data-close]").forEach(function (btn) {
    btn.addEventListener("click", function (e) { e.preventDefault(); btn.closest("dialog").close(); });
  });
  // A dialog whose form has errors is rendered open (visible without
  // JavaScript); with it, it becomes modal.
  root.querySelectorAll("dialog[data-open]").forEach(function (d) {
    if (d.showModal) { d.close(); d.showModal(); }
  });
  // Fields shown only for one choice (e.g. the note when the loss reason is about price).
  root.querySelectorAll("[data-show-when]").forEach(function (el) {
    var spec = el.getAttribute("data-show-when").split("=");
    var src = document.getElementById(spec[0]);
    if (!src) return;
    var update = function () {
      var opt = src.options ? src.options[src.selectedIndex] : null;
      var on = opt ? opt.getAttribute("data-" + spec[1]) !== null : false;
      el.hidden = !on;
    };
    src.addEventListener("change", update); update();
  });
  initBoard(root);
}

// Drag and drop on the pipeline board: dropping a card on a column submits
// that card's move form (the same form works without JavaScript).
function initBoard(root) {
  var cards = root.querySelectorAll(".opp-card[draggable]");
  if (!cards.length) return;
  cards.forEach(function (card) {
    card.addEventListener("dragstart", function (e) {
      e.dataTransfer.setData("text/plain", card.id); card.classList.add("dragging");
    });
    card.addEventListener("dragend", function () { card.classList.remove("dragging"); });
  });
  root.querySelectorAll(".column[data-stage]").forEach(function (col) {
    col.addEventListener("dragover", function (e) { e.preventDefault(); col.classList.add("drop"); });
    col.addEventListener("dragleave", function () { col.classList.remove("drop"); });
    col.addEventListener("drop", function (e) {
      e.preventDefault(); col.classList.remove("drop");
      var card = document.getElementById(e.dataTransfer.getData("text/plain"));
      if (!card || card.getAttribute("data-stage") === col.getAttribute("data-stage")) return;
      var form = card.querySelector("form.move");
      form.querySelector("select[name=stage]").value = col.getAttribute("data-stage");
      form.submit();
    });
  });
}

// The import's progress bar (ui_import.go): poll the job's progress, show
// the rows checked, then written, and open the report when done. Without
// JavaScript the page refreshes itself.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("import-running");
  if (!box) return;
  var bar = box.querySelector("progress"), phase = document.getElementById("import-phase");
  var lang = document.documentElement.lang || undefined;
  var count = function (n) { return Number(n).toLocaleString(lang); };
  var poll = function () {
    fetch(box.getAttribute("data-progress-url"), {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (p) {
      if (p.done) { window.location.replace(box.getAttribute("data-done-url")); return; }
      if (p.total) { bar.max = p.total; bar.value = p.rows; }
      var label = phase && phase.getAttribute("data-" + p.phase);
      if (label && p.total) {
        phase.textContent = label + " — " + phase.getAttribute("data-rows").replace("%s", count(p.rows)).replace("%s", count(p.total));
      }
      window.setTimeout(poll, 700);
    }).catch(function () { window.setTimeout(poll, 2000); });
  };
  poll();
});

// Copy buttons (data-copy="element id"): shown only with JavaScript and
// the clipboard API, they copy the element's text or, for a field, its
// value (a new API token, an invitation link) and say so; when copying is
// refused, the field's text is selected to copy by hand. Read-only fields
// with data-select-on-focus select their whole text when focused: the way
// to copy without the button, or without JavaScript's help.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
    el.addEventListener("focus", function () { el.select(); });
    el.addEventListener("mouseup", function (e) { e.preventDefault(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (btn) {
    var src = document.getElementById(btn.getAttribute("data-copy"));
    if (!src || !navigator.clipboard || !navigator.clipboard.writeText) return;
    btn.hidden = false;
    var status = btn.parentNode.querySelector("[data-copy-status]") || document.querySelector("[data-copy-status]");
    var say = function (msg) { if (status && msg) status.textContent = msg; };
    btn.addEventListener("click", function () {
      var text = src.tagName === "INPUT" || src.tagName === "TEXTAREA" ? src.value : src.textContent;
      navigator.clipboard.writeText(text).then(function () {
        say(btn.getAttribute("data-copied"));
      }, function () {
        if (src.select) { src.focus(); src.select(); }
        say(btn.getAttribute("data-copy-failed"));
      });
    });
  });
});
