/*
 * The page's start-up script, inline at the end of <body> (overrides/main.html), so it runs
 * once the page's markup is parsed, without a request of its own (a request on the path to
 * the first paint cost about 200 ms of mobile LCP on simulated slow 4G). It is the same on
 * every page, so the CSP hashes it like Material's own inline scripts. It must never contain
 * a closing script tag or an HTML comment opener (the build refuses it). Everything here
 * works before, and without, Material's bundle.
 *
 * 0. Material's bundle (35 KB gzipped, and its start-up is the page's only long task) loads
 *    when the reader first interacts (pointer, touch, key, focus, scroll), when something it
 *    draws comes near the screen (diagrams not drawn ahead of time, code annotations), or at
 *    once for a search or highlight link. Until then the page is complete: Material's CSS
 *    covers navigation, tabs and the drawers, and the palette toggle and the search shortcuts
 *    are handled here. site.js (math, email links) loads with it or when its content is near.
 * 1. Search loads when the reader starts a search, not on every page view.
 *    Material 9.8.1 requests search/search_index.json (with an XMLHttpRequest) and starts its
 *    search worker as soon as the bundle runs; it has no hook to delay either. Here the index
 *    request is held back, and the worker is created on its first message, until the reader
 *    focuses the search field, clicks the search button or presses a search shortcut (which
 *    focuses the field). A shared search link (?q=) or a highlight link (?h=) loads it at once.
 * 2. Names for the search dialog and a silent progress bar (axe: aria-dialog-name,
 *    aria-progressbar-name), set before anything can announce them.
 * 3. Accessibility fixes for markup Material renders without names or roles, now and for
 *    whatever it adds later; the skip link; the navigation drawer for keyboard users.
 * 4. Offline reading: once the page has loaded and the browser is idle, the service worker
 *    (sw.js) is registered and handed this page and the files it used, so the page reads
 *    offline even if the reader never interacted with it (Material's bundle is cached by the
 *    worker when it loads; until then the page is complete without it, see 0).
 */
(function () {
  "use strict";

  /* The site's root, from Material's page configuration (just above this script). */
  var configScript = document.getElementById("__config");
  var siteRoot = null;
  if (configScript) siteRoot = new URL(JSON.parse(configScript.textContent).base.replace(/\/?$/, "/"), location.href);

  var dialog = document.querySelector(".md-search[role=dialog]");
  var field = document.querySelector("input[data-md-component=search-query]");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", (field && field.getAttribute("aria-label")) || "Search");
  }
  /* Material's bundle gives the search share link its address; until then it points at this
     page rather than at javascript:void(0), which crawlers cannot follow. */
  var share = document.querySelector("a[data-md-component=search-share]");
  if (share && /^javascript:/i.test(share.getAttribute("href") || "")) {
    share.setAttribute("href", location.href.split("#")[0]);
  }
  var progress = document.querySelector(".md-progress[role=progressbar]");
  if (progress) {
    /* A visual cue of instant navigation; the new page's title is what is announced. */
    progress.setAttribute("aria-hidden", "true");
  }

  loadMaterialOnDemand();
  paletteBeforeMaterial();
  keepOffline();

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
    /* The cookie-consent dialog's title is an <h4> wherever the page's headings stand
       (heading-order); as a level-2 heading it opens its own section. */
    [".md-consent h4", setAttr("aria-level", "2")],
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
    /* The skip link leads to the start of the article (Material's leads to the first heading
       of the table of contents, which on a post comes after its title and introduction). */
    ["article.md-content__inner", function (el) {
      if (!el.id) el.id = "__content";
      el.setAttribute("tabindex", "-1");
    }],
    ["a.md-skip", function (el) {
      var article = document.querySelector("article.md-content__inner");
      if (article) el.setAttribute("href", "#" + (article.id || "__content"));
    }],
    /* Tab bars and code blocks that scroll sideways must be reachable by keyboard
       (scrollable-region-focusable); Material's bundle does the same for code on devices
       with a pointer that hovers. */
    [".tabbed-labels, pre > code", function (el) {
      /* Measuring forces a layout: do it when the browser is idle, not during start-up. */
      whenIdle(function () {
        if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
        else if (el.getAttribute("tabindex") === "0" && el.matches(".tabbed-labels")) el.removeAttribute("tabindex");
      });
    }]
  ];

  var idleQueue = [];
  function whenIdle(run) {
    if (idleQueue.push(run) > 1) return;
    var flush = function () { idleQueue.splice(0).forEach(function (task) { task(); }); };
    if (typeof requestIdleCallback === "function") requestIdleCallback(flush, { timeout: 1000 });
    else setTimeout(flush, 200);
  }

  function fix(root) {
    FIXES.forEach(function (entry) {
      if (root.matches && root.matches(entry[0])) entry[1](root);
      if (root.querySelectorAll) root.querySelectorAll(entry[0]).forEach(entry[1]);
    });
  }

  fix(document.body);
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
    resizing = setTimeout(function () { fix(document.body); }, 150);
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

  /* The cookie-consent dialog slides in once. The start of Material's bundle (on the first
     interaction, see 0) can replay that slide, moving the dialog under the reader's pointer
     or keyboard focus: once it has played, it is switched off (site.css). */
  var consentDialog = document.querySelector(".md-consent");
  if (consentDialog) {
    consentDialog.addEventListener("animationend", function (event) {
      if (event.target.matches(".md-consent__inner")) consentDialog.classList.add("pe-consent--shown");
    });
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


  if (!configScript || !field || location.protocol === "file:") return;
  var config = JSON.parse(configScript.textContent);
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

  /* --- 0. Material's bundle on demand ---------------------------------------------- */
  function materialReady() { return typeof window.component$ !== "undefined"; }

  function loadMaterialOnDemand() {
    /* The template turned Material's <script src> tags into inert ones (type=polyglot/deferred). */
    var deferred = Array.prototype.slice.call(document.querySelectorAll("script[type='polyglot/deferred']"));
    var bundle = null;
    var others = [];
    deferred.forEach(function (tag) {
      var src = tag.getAttribute("data-src");
      if (/\/bundle\.[^/]*\.js$/.test(src.split("?")[0])) bundle = src;
      else others.push(src);
    });

    /* site.js and the like: on pages that need them now (emails, math, diagrams), otherwise
       with the bundle; always before the bundle (site.js puts the self-hosted Mermaid in place). */
    var started = false;
    function startOthers() {
      if (started) return;
      started = true;
      others.forEach(function (src) { inject(src); });
    }

    var requested = false;
    var TRIGGERS = ["pointerdown", "pointermove", "touchstart", "keydown", "focusin", "wheel", "scroll"];
    function load() {
      if (requested || !bundle) return;
      requested = true;
      TRIGGERS.forEach(function (type) { window.removeEventListener(type, load, true); });
      startOthers();
      wholeStylesheets(function () {
        inject(bundle, function () {
          /* Material starts on DOMContentLoaded; replay it when the document is already parsed. */
          if (document.readyState !== "loading") document.dispatchEvent(new Event("DOMContentLoaded"));
          document.dispatchEvent(new CustomEvent("polyglot:material"));
        });
      });
    }
    window.__polyglotMaterial = { load: load, requested: function () { return requested; } };

    /* Search and highlight links need Material at once; diagrams drawn in the browser and code
       annotations need it, and math and email cards need site.js, once they come near the
       screen (anything they move is then still off screen). */
    var params = new URL(location.href).searchParams;
    if (params.has("q") || params.has("h")) load();
    whenNear(".mermaid, .annotate, .highlight + ol", load);
    /* (A lightbox image or the copy-link button must work on the first click or tap.) */
    whenNear(".arithmatex, .pe-email, a.glightbox, .pe-copy-link, .pe-giscus", startOthers);
    /* What site.js draws is in the page's own rules (its words count as the page's), except
       Material's rules for KaTeX's markup: math brings the whole stylesheets along. */
    whenNear(".arithmatex", function () { wholeStylesheets(function () {}); });
    TRIGGERS.forEach(function (type) {
      window.addEventListener(type, load, { capture: true, passive: true });
    });
  }

  /* --- 4. Offline reading ------------------------------------------------------------- */
  function keepOffline() {
    if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol) || !siteRoot) return;
    var root = siteRoot;
    function register() {
      navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.pathname })
        .then(function () { return navigator.serviceWorker.ready; })
        .then(function (registration) {
          /* The page was fetched before the worker ran: hand it the page and its files. */
          var urls = [location.href.split("#")[0]];
          performance.getEntriesByType("resource").forEach(function (entry) {
            if (entry.name.indexOf(location.origin + "/") === 0) urls.push(entry.name);
          });
          if (registration.active) registration.active.postMessage({ type: "cache", urls: urls });
        })
        .catch(function () { /* offline reading is a bonus */ });
    }
    function later() {
      if (typeof requestIdleCallback === "function") requestIdleCallback(register, { timeout: 3000 });
      else setTimeout(register, 1000);
    }
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }

  function whenNear(selector, run) {
    var elements = document.querySelectorAll(selector);
    if (!elements.length) return;
    if (typeof IntersectionObserver !== "function") return run();
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      run();
    }, { rootMargin: "50% 0px" });
    elements.forEach(function (el) { observer.observe(el); });
  }

  /* Each page holds only the rules its own markup and the site's scripts can match
     (hooks/polyglot/cssinline.py): what Material's bundle draws (code buttons, search
     results, tooltips) needs the whole stylesheets, so they load first and the bundle waits
     for them. They go
     at the end of <body>, in the order of the page's <style>s: after those in the cascade
     (which is then the one of the whole files), and out of reach of instant navigation,
     which swaps each next page's <style>s into <head> and drops what that page lacks. */
  var stylesheets = null;
  function wholeStylesheets(then) {
    if (stylesheets) { stylesheets.push(then); return; }
    stylesheets = [then];
    var styles = Array.prototype.slice.call(document.querySelectorAll("style[data-href]"));
    var root = siteRoot || new URL(location.href);
    var waiting = styles.length + 1;
    function done() {
      if (--waiting !== 0) return;
      var queue = stylesheets;
      stylesheets = { push: function (run) { run(); } };
      queue.forEach(function (run) { run(); });
    }
    styles.forEach(function (style) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = new URL(style.getAttribute("data-href"), root).href;
      link.setAttribute("data-pe-whole", "");
      link.onload = link.onerror = done;
      document.body.appendChild(link);
    });
    setTimeout(function () { if (waiting > 1) { waiting = 1; done(); } }, 4000); /* never wait for ever */
    done();
  }

  function inject(src, onload) {
    var tag = document.createElement("script");
    tag.src = src;
    tag.async = false; /* keep the order of the page's scripts */
    if (onload) tag.onload = onload;
    document.body.appendChild(tag);
  }

  /* The palette toggle and the search shortcuts before the bundle runs, as Material does them. */
  function paletteBeforeMaterial() {
    var form = document.querySelector("form[data-md-component=palette]");
    if (!form) return;
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
    function show(current) {
      inputs.forEach(function (input, i) {
        var label = input.nextElementSibling;
        if (label instanceof HTMLElement) label.hidden = i !== current;
      });
    }
    function apply(input) {
      var color = {};
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        color[key] = input.getAttribute("data-md-color-" + key);
      });
      if (color.media === "(prefers-color-scheme)") {
        var system = document.querySelector(matchMedia("(prefers-color-scheme: light)").matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
        if (system) ["scheme", "primary", "accent"].forEach(function (key) {
          color[key] = system.getAttribute("data-md-color-" + key);
        });
      }
      Object.keys(color).forEach(function (key) { document.body.setAttribute("data-md-color-" + key, color[key]); });
      show(inputs.indexOf(input));
      if (typeof __md_set === "function") __md_set("__palette", { index: inputs.indexOf(input), color: color });
    }
    form.addEventListener("change", function (event) {
      if (!materialReady() && inputs.indexOf(event.target) >= 0) apply(event.target);
    });
    form.addEventListener("keydown", function (event) {
      var i = inputs.indexOf(event.target);
      if (materialReady() || i < 0 || event.key !== "Enter") return;
      event.preventDefault();
      var next = inputs[(i + 1) % inputs.length];
      next.click();
      next.focus();
    });
    /* "/", "s" and "f" open search, as in Material, unless the reader is typing. */
    window.addEventListener("keydown", function (event) {
      if (materialReady() || event.metaKey || event.ctrlKey || event.altKey) return;
      if (["/", "s", "f", "S", "F"].indexOf(event.key) < 0) return;
      var target = event.target;
      if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (field) {
        event.preventDefault();
        field.focus();
      }
    });
  }
})();
