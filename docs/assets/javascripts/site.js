/*
 * The Polyglot Engineer: small, dependency-free enhancements.
 * Runs on every page and again after each instant navigation (Material's document$).
 * - Mermaid and KaTeX are self-hosted and loaded only on pages that need them.
 * - Email contact cards become mailto: links here; the HTML never holds an address.
 * - Accessible names and roles for markup Material renders without them (axe, WCAG 2.1).
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

  /* --- Accessibility fixes for Material's markup -------------------------------------
     Each entry: a selector and what to do to each match. Applied to every page (instant
     navigation included) and to elements Material adds later (code buttons, annotations). */
  function setAttr(name, value) {
    return function (el) { if (!el.hasAttribute(name)) el.setAttribute(name, value); };
  }
  function words(el) { return (el.textContent || "").replace(/\s+/g, " ").trim(); }
  var FIXES = [
    /* Small <nav>s that are not navigation regions: authors, "Continue reading", post
       metadata, code-block buttons. Unnamed, they are duplicate landmarks (landmark-unique). */
    [".md-post__authors, .md-post__action, .md-post__meta nav, .md-code__nav", setAttr("role", "none")],
    [".md-pagination", setAttr("aria-label", "Pagination")],
    [".md-sidebar--post nav.md-nav--primary", setAttr("aria-label", "Post")],
    /* Code annotation markers show their number with CSS only (link-name). */
    [".md-annotation__index", function (el) {
      var id = el.querySelector("[data-md-annotation-id]");
      setAttr("aria-label", "Annotation" + (id ? " " + id.getAttribute("data-md-annotation-id") : ""))(el);
    }],
    /* Task-list checkboxes are named by their item's text (label). */
    [".task-list-item > .task-list-control > input[type=checkbox]", function (el) {
      var item = el.closest(".task-list-item");
      if (item) setAttr("aria-label", words(item))(el);
    }],
    /* Tab bars that scroll sideways on small screens must be reachable by keyboard
       (scrollable-region-focusable). */
    [".tabbed-labels", function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    }]
  ];

  function fix(root) {
    FIXES.forEach(function (entry) {
      if (root.matches && root.matches(entry[0])) entry[1](root);
      if (root.querySelectorAll) root.querySelectorAll(entry[0]).forEach(entry[1]);
    });
  }

  if (typeof MutationObserver === "function") {
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        record.addedNodes.forEach(function (node) { if (node.nodeType === 1) fix(node); });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  var resizing = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { document.querySelectorAll(".tabbed-labels").forEach(FIXES[FIXES.length - 1][1]); }, 150);
  });

  /* On small screens the navigation is an off-canvas drawer that the keyboard can still
     reach. Opening it when focus enters (and closing it when focus leaves) keeps every
     focused link on screen. */
  var drawer = document.getElementById("__drawer");
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!drawer || !(target instanceof Element)) return;
    var inside = !!target.closest(".md-sidebar--primary");
    var narrow = window.matchMedia("(max-width: 76.1875em)").matches;
    if (narrow && inside !== drawer.checked) {
      drawer.checked = inside;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  /* The skip link leads to the start of the article (Material's leads to the first heading of
     the table of contents, which on a post comes after its title and introduction). */
  function retargetSkipLink() {
    var skip = document.querySelector("a.md-skip");
    var article = document.querySelector("article.md-content__inner");
    if (!skip || !article) return;
    if (!article.id) article.id = "__content";
    article.setAttribute("tabindex", "-1");
    skip.setAttribute("href", "#" + article.id);
  }
  /* Instant navigation scrolls to the target without moving focus; move it, so the next Tab
     continues from the article, not from the header. */
  document.addEventListener("click", function (event) {
    var skip = event.target instanceof Element && event.target.closest("a.md-skip");
    if (!skip) return;
    var id = decodeURIComponent(skip.hash.slice(1));
    function focusTarget() {
      var target = document.getElementById(id);
      if (!target || document.activeElement === target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
    focusTarget();
    /* Instant navigation may swap the content in after the jump: focus the new target. */
    setTimeout(focusTarget, 400);
  });

  function onPage() {
    fix(document.body);
    retargetSkipLink();
    renderMath();
    activateEmails();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onPage);
  } else {
    onPage();
  }
})();
