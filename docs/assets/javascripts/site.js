/*
 * The Polyglot Engineer: small, dependency-free enhancements.
 * Runs on every page and again after each instant navigation (Material's document$).
 * - Mermaid and KaTeX are self-hosted and loaded only on pages that need them.
 * - Email contact cards become mailto: links here; the HTML never holds an address.
 * boot.js loads this file on pages that need it (emails, math, diagrams) and together with
 * Material's bundle, which it follows through instant navigation.
 */
(function () {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var vendor = function (path) { return new URL("../vendor/" + path, here).href; };
  var loaded = {};

  function load(tag, url) {
    if (!loaded[url]) {
      loaded[url] = new Promise(function (resolve, reject) {
        var el = document.createElement(tag);
        if (tag === "script") { el.src = url; } else { el.rel = "stylesheet"; el.href = url; }
        el.onload = resolve;
        el.onerror = function () { reject(new Error("failed to load " + url)); };
        document.head.appendChild(el);
      });
    }
    return loaded[url];
  }

  /* Material renders diagrams with the global `mermaid` and falls back to a CDN when it is
     undefined. This stand-in loads the self-hosted copy on the first diagram instead. */
  if (typeof window.mermaid === "undefined") {
    var settings = {};
    var real = null;
    window.mermaid = {
      initialize: function (config) { settings = config; },
      render: function (id, text) {
        var ready = real ? Promise.resolve(real) : load("script", vendor("mermaid/mermaid.min.js")).then(function () {
          real = window.mermaid;
          real.initialize(settings);
          return real;
        });
        return ready.then(function (m) { return m.render(id, text); });
      }
    };
  }

  function renderMath() {
    var nodes = document.querySelectorAll(".arithmatex");
    if (!nodes.length) return;
    Promise.all([
      load("link", vendor("katex/katex.min.css")),
      load("script", vendor("katex/katex.min.js"))
    ]).then(function () {
      nodes.forEach(function (node) {
        if (node.dataset.rendered) return;
        var tex = node.textContent.trim();
        var display = tex.indexOf("\\[") === 0;
        tex = tex.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
        window.katex.render(tex, node, { displayMode: display, throwOnError: false });
        node.dataset.rendered = "true";
      });
    });
  }

  function reveal(text) { return text.split("").reverse().join(""); }

  function activateEmails() {
    document.querySelectorAll("a.pe-email[data-pe-user]").forEach(function (link) {
      var address = reveal(link.dataset.peUser) + "@" + reveal(link.dataset.peDomain);
      link.href = "mailto:" + address;
      var text = link.querySelector(".pe-email__text");
      if (text) text.textContent = address;
    });
  }

  function onPage() {
    renderMath();
    activateEmails();
  }

  /* Material's bundle arrives on the reader's first interaction (overrides/partials/polyglot/
     early.js); until then this runs once for the page, afterwards on every instant navigation. */
  function followMaterial() {
    if (!window.document$ || typeof window.document$.subscribe !== "function") return false;
    window.document$.subscribe(onPage);
    return true;
  }
  if (!followMaterial()) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", onPage, { once: true });
    } else {
      onPage();
    }
    document.addEventListener("polyglot:material", followMaterial, { once: true });
  }
})();
