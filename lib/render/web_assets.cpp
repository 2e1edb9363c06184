#include "render/web_assets.hpp"

namespace coopatlas::render::detail {

const char* const web_atlas_js = R"JS(// Web atlas tooltips: hovering or focusing a feature of a map (an element with
// data-id) shows its name and the partnerships it stands for, with their sources,
// read from the feature's data attributes. Written for coopatlas; no dependency.
(function () {
  "use strict";
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
    add(tip, "strong", "name", feature.getAttribute("data-name") || feature.getAttribute("data-id"));
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
    if (current !== feature) {
      if (current) current.removeAttribute("aria-describedby");
      fill(feature);
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
nav a { margin-right: 1em; }
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
svg .feature { cursor: pointer; }
svg .feature:hover, svg .feature:focus { filter: brightness(0.8); }
svg .feature:focus { outline: 2px solid #1f5789; outline-offset: 1px; }
table {
  border-collapse: collapse;
  margin: 0.5em 0 1.5em;
  font-size: 0.92em;
}
th, td {
  border-bottom: 1px solid #ddd;
  padding: 0.25em 0.7em 0.25em 0;
  text-align: left;
  vertical-align: top;
}
thead th { border-bottom: 2px solid #555; }
.unit-page { display: flex; flex-wrap: wrap; gap: 2em; }
.unit-page figure.map { flex: 1 1 480px; }
.unit-page .facts { flex: 1 1 420px; }
#tooltip {
  position: fixed;
  z-index: 10;
  max-width: 26em;
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
#tooltip ul { margin: 0.3em 0 0; padding-left: 1.1em; }
#tooltip li { margin-bottom: 0.3em; }
#tooltip .parties, #tooltip .facts, #tooltip .source { display: block; }
#tooltip .facts, #tooltip .source, #tooltip .count { color: #555; }
)CSS";

} // namespace coopatlas::render::detail
