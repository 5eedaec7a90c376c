/*
 * The Polyglot Engineer: small, dependency-free enhancements.
 * Runs on every page and again after each instant navigation (Material's document$).
 * - Mermaid and KaTeX are self-hosted and loaded only on pages that need them.
 * - Email contact cards become mailto: links here; the HTML never holds an address.
 * - GLightbox (self-hosted by mkdocs-glightbox) loads only on pages with a lightbox image.
 * - "Copy link" buttons under posts; Giscus comments only after the reader consents.
 * - Material's tooltips (appended to <body>) are hidden from assistive technology, which
 *   reads each one as its host's description.
 * The service worker (offline reading) is registered by boot.js, which also loads this file
 * on pages that need it early (emails, math, lightbox images, the copy-link button) and
 * otherwise together with Material's bundle, which it then follows through instant navigation.
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
        /* Stylesheets at the end of <body>: instant navigation replaces what is in <head>,
           and each is loaded once per visit. */
        (tag === "script" ? document.head : document.body).appendChild(el);
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

  var lightbox = null;

  function activateLightbox() {
    if (!document.querySelector("a.glightbox")) return;
    if (lightbox) { lightbox.reload(); return; }
    Promise.all([
      load("link", new URL("../stylesheets/glightbox.min.css", here).href),
      load("script", new URL("glightbox.min.js", here).href)
    ]).then(function () {
      if (!lightbox) {
        lightbox = window.GLightbox({
          touchNavigation: true, loop: false, zoomable: true, draggable: true,
          openEffect: "zoom", closeEffect: "zoom", slideEffect: "slide"
        });
      }
    });
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  /* The asynchronous Clipboard API first; where a browser refuses it (no permission, the
     document not focused, an embedding frame), the older copy command still works. */
  function copyText(text) {
    if (!(navigator.clipboard && window.isSecureContext)) return legacyCopy(text);
    return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
  }

  function activateCopyLinks() {
    document.querySelectorAll("button.pe-copy-link[data-pe-url]").forEach(function (button) {
      if (button.dataset.peReady) return;
      button.dataset.peReady = "true";
      button.hidden = false;
      var label = button.querySelector(".pe-copy-link__label");
      button.addEventListener("click", function () {
        copyText(button.dataset.peUrl).then(function () {
          if (label) label.textContent = "Link copied";
        }, function () {
          if (label) label.textContent = "Copy failed: " + button.dataset.peUrl;
        });
      });
    });
  }

  function consented(service) {
    var consent = typeof window.__md_get === "function" ? window.__md_get("__consent") : null;
    return Boolean(consent && consent[service]);
  }

  function activateComments() {
    var slot = document.querySelector(".pe-giscus");
    if (!slot || slot.dataset.peLoaded || !consented("comments")) return;
    slot.dataset.peLoaded = "true";
    var script = document.createElement("script");
    Object.keys(slot.dataset).forEach(function (key) {
      if (key.indexOf("pe") === 0) return;
      script.setAttribute("data-" + key.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); }), slot.dataset[key]);
    });
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    script.setAttribute("data-theme", dark ? "dark" : "light");
    script.src = "https://giscus.app/client.js";
    script.crossOrigin = "anonymous";
    script.async = true;
    slot.appendChild(script);
  }

  function onPage() {
    renderMath();
    activateEmails();
    activateLightbox();
    activateCopyLinks();
    activateComments();
  }

  /* Material appends its tooltips to <body>, outside every landmark. Each repeats its host's
     title, which the host already announces through aria-describedby (a description may come
     from a hidden element), so the tooltip stays out of the accessibility tree instead of being
     found again as stray text after the footer. Dialog-like tooltips (annotations) are left as
     they are: they can hold links. */
  function hideTooltip(node) {
    if (node.nodeType === 1 && node.classList.contains("md-tooltip2") && node.getAttribute("role") === "tooltip") {
      node.setAttribute("aria-hidden", "true");
    }
  }

  function watchTooltips() {
    Array.prototype.forEach.call(document.body.children, hideTooltip);
    new MutationObserver(function (records) {
      records.forEach(function (record) { Array.prototype.forEach.call(record.addedNodes, hideTooltip); });
    }).observe(document.body, { childList: true });
  }

  if (document.body) {
    watchTooltips();
  } else {
    document.addEventListener("DOMContentLoaded", watchTooltips, { once: true });
  }

  /* Material's bundle arrives on the reader's first interaction (assets/javascripts/
     boot.js); until then this runs once for the page, afterwards on every instant navigation. */
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
