#include "render/web_assets.hpp"

namespace coopatlas::render::detail {

const char* const web_atlas_js = R"JS(// Web atlas script, written for coopatlas, no dependency. Three parts:
// - tooltips: hovering or focusing a map feature (an element with data-id) shows its
//   name and the partnerships it stands for, with their sources (its data attributes);
// - sortable tables: a header of a table.sortable sorts its rows (click or Enter);
// - names: the switch of the header shows names in French (the data's default names),
//   English or Arabic where the data has them (data-name-en, data-name-ar), else the
//   default name; Arabic turns the page right to left. The choice is kept across pages.
(function () {
  "use strict";

  // --- names ---------------------------------------------------------------------
  var LANGUAGES = ["fr", "en", "ar"];
  var STORE = "coopatlas-language";
  var language = "fr";

  function nameOf(feature) {
    return (language !== "fr" && feature.getAttribute("data-name-" + language)) ||
      feature.getAttribute("data-name") || feature.getAttribute("data-id");
  }

  function stored() {
    try { return window.localStorage.getItem(STORE); } catch (err) { return null; }
  }

  // From the page's address (?lang=ar, which links carry where storage is not shared
  // between files), else from storage.
  function wanted() {
    var m = /[?&]lang=([a-z]+)/.exec(window.location.search);
    var tag = m ? m[1] : stored();
    return LANGUAGES.indexOf(tag) >= 0 ? tag : "fr";
  }

  var pageLang = document.documentElement.lang || "en"; // the language of the page's own text

  // Text that names a feature (map labels, table cells, headings: data-label-of) has the
  // default name swapped for the chosen one; other words ("(3)", a value) stay. A label
  // that already shows the chosen name (a French and Arabic one) stays as drawn.
  function relabel(el) {
    var id = el.getAttribute("data-label-of");
    var feature = document.querySelector('[data-id="' + CSS.escape(id) + '"]');
    if (!feature) return;
    var found = el.querySelectorAll("tspan");
    var parts = found.length ? Array.prototype.slice.call(found) : [el];
    var drawn = parts.map(function (part) {
      if (!part.hasAttribute("data-text")) part.setAttribute("data-text", part.textContent);
      return part.getAttribute("data-text");
    });
    var chosen = nameOf(feature);
    var shown = drawn.some(function (text) { return text.indexOf(chosen) >= 0; });
    parts.forEach(function (part, i) {
      part.textContent = shown ? drawn[i] : drawn[i].replace(feature.getAttribute("data-name"), chosen);
    });
  }

  function setLanguage(tag) {
    language = tag;
    var root = document.documentElement;
    root.lang = tag === "ar" ? "ar" : pageLang;
    root.dir = tag === "ar" ? "rtl" : "ltr";
    document.querySelectorAll("[data-label-of]").forEach(relabel);
    document.querySelectorAll("[data-id][aria-label]").forEach(function (f) {
      f.setAttribute("aria-label", nameOf(f) + ": " + f.getAttribute("aria-label").split(": ").pop());
    });
    document.querySelectorAll("a[href$='.html'], a[href*='.html?']").forEach(function (a) {
      a.setAttribute("href", a.getAttribute("href").split("?")[0] + (tag === "fr" ? "" : "?lang=" + tag));
    });
    var select = document.getElementById("language");
    if (select) select.value = tag;
    try { window.localStorage.setItem(STORE, tag); } catch (err) { /* links carry it */ }
  }

  var select = document.getElementById("language");
  if (select) select.addEventListener("change", function () { setLanguage(select.value); });
  setLanguage(wanted());

  // --- sortable tables -----------------------------------------------------------
  // Numbers sort as numbers (a column whose filled cells all are), other text by the
  // browser's collation; empty cells last; equal cells keep the page's order.
  function number(text) {
    var t = text.replace(/[\s,\u00a0]/g, "");
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : NaN;
  }

  function sortBy(table, th) {
    var col = th.cellIndex;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var cell = function (r) { return r.cells[col] ? r.cells[col].textContent.trim() : ""; };
    var numeric = rows.every(function (r) { return cell(r) === "" || !isNaN(number(cell(r))); });
    var down = th.getAttribute("aria-sort") === "ascending";
    rows.sort(function (a, b) {
      var x = cell(a), y = cell(b);
      if ((x === "") !== (y === "")) return x === "" ? 1 : -1;
      var c = x === "" ? 0 : numeric ? number(x) - number(y) :
        x.localeCompare(y, document.documentElement.lang, { numeric: true });
      return (down ? -c : c) || a.getAttribute("data-order") - b.getAttribute("data-order");
    });
    rows.forEach(function (r) { body.appendChild(r); });
    table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r, i) { r.setAttribute("data-order", i); });
    table.querySelectorAll("thead th").forEach(function (th) {
      var button = document.createElement("button"); // a button: Enter and Space sort too
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, th); });
    });
  });

  // --- tooltips ------------------------------------------------------------------
  var tip = document.getElementById("tooltip");
  if (!tip) return;
  var MAX_ROWS = 12; // longer lists are cut, with a count of the rest
  var current = null;

  function featureOf(node) {
    return node && node.closest ? node.closest("[data-id]") : null;
  }

  function add(parent, tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = text;
    parent.appendChild(el);
    return el;
  }

  function words(s) {
    return String(s).replace(/_/g, " ");
  }

  function fill(feature) {
    var list = [];
    try {
      list = JSON.parse(feature.getAttribute("data-partnerships") || "[]");
    } catch (err) {
      list = []; // a feature without readable data still shows its name
    }
    tip.textContent = "";
    add(tip, "strong", "name", nameOf(feature));
    add(tip, "p", "count", list.length === 0 ? "No partnership" :
        list.length === 1 ? "1 partnership" : list.length + " partnerships");
    if (list.length === 0) return;
    var ul = add(tip, "ul");
    list.slice(0, MAX_ROWS).forEach(function (p) {
      var li = add(ul, "li");
      add(li, "span", "parties", p.a + " \u2013 " + p.b);
      var facts = [words(p.kind)];
      if (p.year !== null && p.year !== undefined) facts.push(String(p.year));
      if (p.themes && p.themes.length) facts.push(p.themes.map(words).join(", "));
      add(li, "span", "facts", facts.join(" \u00b7 ") + " (" + p.id + ")");
      add(li, "span", "source", "Source: " + (p.source || "not given"));
    });
    if (list.length > MAX_ROWS) add(tip, "p", "more", "\u2026 and " + (list.length - MAX_ROWS) + " more");
  }

  // Beside the point (pointer or focused feature), kept inside the window.
  function place(x, y) {
    var pad = 12;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = x + pad, top = y + pad;
    if (left + w > window.innerWidth - 4) left = Math.max(4, x - pad - w);
    if (top + h > window.innerHeight - 4) top = Math.max(4, y - pad - h);
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }

  function show(feature, x, y) {
    if (current !== feature || tip.getAttribute("data-language") !== language) {
      if (current) current.removeAttribute("aria-describedby");
      fill(feature);
      tip.setAttribute("data-language", language);
      current = feature;
      feature.setAttribute("aria-describedby", "tooltip");
    }
    tip.hidden = false;
    place(x, y);
  }

  function hide() {
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  document.addEventListener("mouseover", function (e) {
    var f = featureOf(e.target);
    if (f) show(f, e.clientX, e.clientY);
  });
  document.addEventListener("mousemove", function (e) {
    if (current && featureOf(e.target) === current) place(e.clientX, e.clientY);
  });
  document.addEventListener("mouseout", function (e) {
    var f = featureOf(e.target);
    if (f && f === current && !f.contains(e.relatedTarget) && document.activeElement !== f) hide();
  });
  document.addEventListener("focusin", function (e) {
    var f = featureOf(e.target);
    if (!f) return;
    var r = f.getBoundingClientRect();
    show(f, r.left + r.width / 2, r.top + r.height / 2);
  });
  document.addEventListener("focusout", function (e) {
    if (featureOf(e.target) === current) hide();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
})();
)JS";

const char* const web_atlas_css =
    R"CSS(/* Web atlas: one column of text and maps, tables, and the tooltip of map features. */
body {
  margin: 0;
  font-family: "DejaVu Sans", "Noto Sans", "Noto Sans Arabic", sans-serif;
  color: #222;
  background: #fafafa;
  line-height: 1.45;
}
header {
  background: #1f5789;
  color: #fff;
  padding: 0.6em 1.5em;
}
header a { color: #fff; }
header {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.3em 1em;
}
nav { display: flex; flex-wrap: wrap; gap: 0.2em 1em; min-width: 0; }
nav a { overflow-wrap: anywhere; }
.language select { font: inherit; margin-inline-start: 0.4em; }
main {
  max-width: 1200px;
  margin: 0 auto;
  padding: 1em 1.5em 3em;
}
h1 { margin: 0.4em 0 0.2em; }
.subtitle, .date { color: #555; }
figure.map { margin: 1em 0; }
figure.map svg {
  display: block;
  width: 100%;
  height: auto;
  background: #fff;
  border: 1px solid #ddd;
}
figcaption { color: #444; font-size: 0.95em; margin-top: 0.4em; }
/* Names on the map never catch the pointer: the feature under them does. */
figure.map svg text { pointer-events: none; }
/* The map is drawn as coopatlas laid it out, whatever the direction of the page. */
figure.map svg { direction: ltr; }
svg .feature { cursor: pointer; }
svg .feature:hover, svg .feature:focus { filter: brightness(0.8); }
svg .feature:focus { outline: 2px solid #1f5789; outline-offset: 1px; }
/* A wide table scrolls inside its own box, never the page. */
.table-scroll { max-width: 100%; overflow-x: auto; }
table {
  border-collapse: collapse;
  margin: 0.5em 0 1.5em;
  font-size: 0.92em;
}
th, td {
  border-bottom: 1px solid #ddd;
  padding: 0.25em 0;
  padding-inline-end: 0.7em;
  text-align: start;
  vertical-align: top;
}
thead th { border-bottom: 2px solid #555; }
/* Sortable headers: the whole header is a button; the arrow tells the order. */
table.sortable th button {
  font: inherit;
  font-weight: bold;
  color: inherit;
  background: none;
  border: 0;
  padding: 0;
  cursor: pointer;
  text-align: inherit;
}
table.sortable th[aria-sort="ascending"] button::after { content: " \25B2"; }
table.sortable th[aria-sort="descending"] button::after { content: " \25BC"; }
.unit-page { display: flex; flex-wrap: wrap; gap: 2em; }
.unit-page figure.map { flex: 1 1 480px; }
.unit-page .facts { flex: 1 1 420px; }
.unit-page > * { min-width: 0; }
h1, h2, p, li, figcaption { overflow-wrap: break-word; }
/* Phones: narrower margins, the unit page's map above its facts. */
@media (max-width: 640px) {
  header { padding: 0.5em 0.8em; }
  main { padding: 0.5em 0.8em 2em; }
  .unit-page { display: block; }
  h1 { font-size: 1.5em; }
}
#tooltip {
  position: fixed;
  z-index: 10;
  max-width: min(26em, calc(100vw - 16px));
  padding: 0.5em 0.7em;
  background: #fff;
  border: 1px solid #888;
  border-radius: 4px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25);
  font-size: 0.85em;
  pointer-events: none;
}
#tooltip[hidden] { display: none; }
#tooltip p { margin: 0.2em 0; }
#tooltip ul { margin: 0.3em 0 0; padding-inline-start: 1.1em; }
#tooltip li { margin-bottom: 0.3em; }
#tooltip .parties, #tooltip .facts, #tooltip .source { display: block; }
#tooltip .facts, #tooltip .source, #tooltip .count { color: #555; }
)CSS";

} // namespace coopatlas::render::detail
