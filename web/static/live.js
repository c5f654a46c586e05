// Live pages: a region marked data-live="/o/{slug}/live" updates itself
// when somebody changes the org's data. The server's stream says "change";
// the page fetches its own URL again and swaps each live region for its
// fresh copy, keeping the scroll position, open details, and never while
// the reader is typing in the region or has a dialog open (the swap waits
// until they are done). Without JavaScript the page is simply static.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var regions = document.querySelectorAll("[data-live]");
  if (!regions.length || !window.EventSource || !window.fetch || !window.DOMParser) return;
  var url = regions[0].getAttribute("data-live");
  var busy = false, pending = false, broken = false;

  // busyReader reports whether a swap now would disturb the reader.
  function busyReader() {
    if (document.querySelector("dialog[open]")) return true;
    var el = document.activeElement;
    if (!el || !el.closest("[data-live]")) return false;
    return el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  }

  // keyOf names an element of a region so that find finds its fresh copy:
  // by its id, or by its place among its kind under its nearest ancestor
  // with an id (a board card), or under the region.
  function keyOf(region, el) {
    if (el.id) return [el.id];
    var base = el.parentElement.closest("[id]");
    if (!base || base === region || !region.contains(base)) base = region;
    var index = Array.prototype.indexOf.call(base.getElementsByTagName(el.tagName), el);
    return [base === region ? "" : base.id, el.tagName, index];
  }
  function find(region, key) {
    var byID = function (id) { return region.querySelector("#" + CSS.escape(id)); };
    if (key.length === 1) return byID(key[0]);
    var base = key[0] ? byID(key[0]) : region;
    return base ? base.getElementsByTagName(key[1])[key[2]] || null : null;
  }

  // swap replaces the content of a region by its fresh copy.
  function swap(region, fresh) {
    var scrolled = [], opened = [];
    region.querySelectorAll("*").forEach(function (el) {
      if (el.scrollTop || el.scrollLeft) scrolled.push([keyOf(region, el), el.scrollTop, el.scrollLeft]);
    });
    region.querySelectorAll("details[open]").forEach(function (d) { opened.push(keyOf(region, d)); });
    var active = document.activeElement, focused = null;
    if (active && active !== region && region.contains(active)) focused = keyOf(region, active);
    region.innerHTML = fresh.innerHTML;
    scrolled.forEach(function (s) { var el = find(region, s[0]); if (el) { el.scrollTop = s[1]; el.scrollLeft = s[2]; } });
    opened.forEach(function (k) { var d = find(region, k); if (d) d.open = true; });
    // A keyboard reader keeps their place (a link, a summary, a button).
    if (focused) { var f = find(region, focused); if (f && f.focus) f.focus({preventScroll: true}); }
    region.dispatchEvent(new CustomEvent("closer:updated", {bubbles: true}));
  }

  // wait marks the regions while a swap waits for the reader.
  function wait(on) {
    pending = on;
    regions.forEach(function (r) { if (on) r.setAttribute("data-live-pending", ""); else r.removeAttribute("data-live-pending"); });
  }

  function refresh() {
    if (busy) { pending = true; return; }
    if (busyReader()) { wait(true); return; }
    busy = true; wait(false);
    fetch(window.location.href, {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      // Signed out, or the page is gone: leave it as it is.
      if (!r.ok || r.url.split("#")[0] !== window.location.href.split("#")[0]) return null;
      return r.text();
    }).then(function (html) {
      if (html === null) return;
      if (busyReader()) { wait(true); return; }
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.querySelectorAll("[data-live]");
      var x = window.scrollX, y = window.scrollY;
      document.querySelectorAll("[data-live]").forEach(function (region, i) {
        if (fresh[i]) swap(region, fresh[i]);
      });
      window.scrollTo(x, y);
    }).catch(function () {}).then(function () {
      busy = false;
      if (pending) refresh();
    });
  }

  // A swap put off for the reader happens when they are done.
  document.addEventListener("focusout", function () { if (pending) window.setTimeout(refresh, 0); });
  document.querySelectorAll("dialog").forEach(function (d) {
    d.addEventListener("close", function () { if (pending) refresh(); });
  });

  function state(s) { regions.forEach(function (r) { r.setAttribute("data-live-state", s); }); }

  var stream = null;
  function connect() {
    stream = new EventSource(url);
    stream.addEventListener("change", refresh);
    stream.addEventListener("open", function () {
      state("open");
      // Changes may have been missed while the stream was broken or closed.
      if (broken) { broken = false; refresh(); }
    });
    stream.addEventListener("error", function () {
      broken = true;
      state(stream.readyState === EventSource.CLOSED ? "closed" : "connecting");
    });
  }
  // A tab in the background holds no stream (browsers allow few connections
  // per site); it catches up when it is shown again.
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && stream) {
      stream.close(); stream = null; broken = true; state("paused");
    } else if (!document.hidden && !stream) {
      connect();
    }
  });
  connect();
});
