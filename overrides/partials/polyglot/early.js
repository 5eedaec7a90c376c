/*
 * Runs once, right before Material's bundle (overrides/main.html, block scripts).
 *
 * 1. Search loads when the reader starts a search, not on every page view.
 *    Material 9.8.1 requests search/search_index.json (with an XMLHttpRequest) and starts its
 *    search worker as soon as the bundle runs; it has no hook to delay either. Here the index
 *    request is held back, and the worker is created on its first message, until the reader
 *    focuses the search field, clicks the search button or presses a search shortcut (which
 *    focuses the field). A shared search link (?q=) or a highlight link (?h=) loads it at once.
 * 2. Names for the search dialog and a silent progress bar (axe: aria-dialog-name,
 *    aria-progressbar-name), set before anything can announce them.
 */
(function () {
  "use strict";

  var dialog = document.querySelector(".md-search[role=dialog]");
  var field = document.querySelector("input[data-md-component=search-query]");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (field && field.getAttribute("aria-label")) || "Search");
  }
  var progress = document.querySelector(".md-progress[role=progressbar]");
  if (progress) {
    /* A visual cue of instant navigation; the new page's title is what is announced. */
    progress.setAttribute("aria-hidden", "true");
  }

  var script = document.getElementById("__config");
  if (!script || !field || location.protocol === "file:") return;
  var config = JSON.parse(script.textContent);
  var here = location.href;
  var indexUrl = new URL("search/search_index.json", new URL(config.base, here)).href;
  var workerUrl = new URL(config.search, here).href;
  var params = new URL(here).searchParams;

  var released = false;
  var pending = [];
  var RealWorker = window.Worker;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  function release() {
    if (released) return;
    released = true;
    XMLHttpRequest.prototype.open = open;
    XMLHttpRequest.prototype.send = send;
    window.Worker = RealWorker;
    pending.splice(0).forEach(function (run) { run(); });
  }
  window.__polyglotSearch = { released: function () { return released; }, release: release };
  if (params.has("q") || params.has("h")) {
    release();
    return;
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__polyglotHold = String(url) === indexUrl;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!this.__polyglotHold || released) return send.apply(this, arguments);
    var xhr = this;
    var args = arguments;
    pending.push(function () {
      try { send.apply(xhr, args); } catch (error) { /* aborted while held back */ }
    });
  };

  /* A Worker that starts the real one on release or on its first message. */
  function LazyWorker(url, options) {
    var real = null;
    var listeners = [];
    function start() {
      if (!real) {
        real = new RealWorker(url, options);
        listeners.forEach(function (l) { real.addEventListener(l[0], l[1], l[2]); });
      }
      return real;
    }
    this.addEventListener = function (type, fn, opts) {
      listeners.push([type, fn, opts]);
      if (real) real.addEventListener(type, fn, opts);
    };
    this.removeEventListener = function (type, fn, opts) {
      listeners = listeners.filter(function (l) { return l[0] !== type || l[1] !== fn; });
      if (real) real.removeEventListener(type, fn, opts);
    };
    this.postMessage = function (data, transfer) { start().postMessage(data, transfer); };
    this.terminate = function () { if (real) real.terminate(); };
    pending.push(start); /* download the worker alongside the index */
  }
  window.Worker = function (url, options) {
    if (!released && new URL(url, here).href === workerUrl) {
      window.Worker = RealWorker;
      return new LazyWorker(url, options);
    }
    return new RealWorker(url, options);
  };

  /* The reader starts a search: the field gets focus (click, "/", "s", "f"), or the search
     button (a label for the #__search toggle) is pressed. Listeners on the document survive
     instant navigation. */
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.closest(".md-search")) release();
  });
  ["pointerdown", "click"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target instanceof Element && event.target.closest("label[for=__search], .md-search")) release();
    }, { capture: true, passive: true });
  });
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search" && event.target.checked) release();
  });
})();
