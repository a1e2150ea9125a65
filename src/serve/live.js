// trailmap serve: reloads the page once a rebuild is in place, keeps its scroll position, and
// shows build problems over the page. Injected by `trailmap serve` only, never by `trailmap build`.
(function () {
  "use strict";
  if (window.__trailmapLive) return;
  window.__trailmapLive = true;

  var script = document.currentScript;
  var etag = (script && script.getAttribute("data-etag")) || "";
  var scrollKey = "trailmap:scroll:" + location.pathname + location.search;
  var source = null;
  var retry = null;
  var overlay = null;
  var returnFocus = null;
  var dismissed = "";

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
      sessionStorage.removeItem(scrollKey);
    } catch (e) {
      return;
    }
    if (!saved || typeof saved.x !== "number" || typeof saved.y !== "number") return;
    var apply = function () { window.scrollTo(saved.x, saved.y); };
    apply();
    // Images and fonts may change the height after this deferred script ran.
    if (document.readyState !== "complete") window.addEventListener("load", apply, { once: true });
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* private mode: reload without keeping the position */ }
    disconnect();
    location.reload();
  }

  // The site file a URL path names, as the server keys its files ("a/b/" → "a/b/index.html").
  function siteKey(path) {
    try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
    path = path.replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return path;
  }

  var STYLE_LOADS = /\.(css|woff2?|ttf|otf|eot|png|jpe?g|gif|webp|avif|svg)$/i;

  // Whether a rebuild changed this page, a file it loads, or one a stylesheet may load. Not the
  // files other pages or scripts fetch on demand (the search index changes with nearly every
  // edit, and reloading every tab for it would lose their state).
  function concerned(change) {
    if (change.all) return true;
    var uses = {};
    uses[siteKey(location.pathname)] = true;
    document.querySelectorAll("[src], link[href]").forEach(function (node) {
      var url;
      try { url = new URL(node.getAttribute("src") || node.getAttribute("href"), location.href); } catch (e) { return; }
      if (url.origin === location.origin) uses[siteKey(url.pathname)] = true;
    });
    return (change.paths || []).some(function (path) { return uses[path] || STYLE_LOADS.test(path); });
  }

  // Whether the page changed while nothing was listening (before the stream opened, while the
  // tab was hidden, while the server restarted): its ETag says.
  function checkPage() {
    if (!window.fetch || !etag) return;
    fetch(location.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
      var now = response.headers.get("ETag");
      if (now && now !== etag) reload();
    }).catch(function () { /* the server is restarting; the stream will say when it is back */ });
  }

  function handle(type, data) {
    if (type === "reload") {
      var change;
      try { change = JSON.parse(data); } catch (e) { change = { all: true }; }
      if (concerned(change)) reload();
    } else if (type === "build-error") {
      showProblems(data);
    } else if (type === "build-ok") {
      dismissed = "";
      hideProblems();
    } else if (type === "connected") {
      checkPage();
    }
  }

  // One event stream per browser, whatever the number of tabs: a shared worker holds it for
  // every tab of the preview (browsers allow about six connections to a host, and each stream
  // holds one), and only while a tab is visible. Without shared workers, each tab holds its own
  // stream while it is visible.
  var port = null;
  var source = null;
  var retry = null;

  function connect() {
    if (window.SharedWorker) {
      try {
        var worker = new SharedWorker("/__trailmap/live-worker.js", { name: "trailmap-live" });
        port = worker.port;
        port.onmessage = function (event) { handle(event.data.type, event.data.data); };
        port.start();
        port.postMessage({ type: document.hidden ? "hidden" : "visible" });
        return;
      } catch (e) {
        port = null;
      }
    }
    if (!document.hidden) openStream();
  }

  function openStream() {
    if (source) return;
    source = new EventSource("/__trailmap/events");
    source.onopen = function () { handle("connected"); };
    ["reload", "build-error", "build-ok"].forEach(function (type) {
      source.addEventListener(type, function (event) { handle(type, event.data); });
    });
    source.onerror = function () {
      // EventSource retries by itself after a dropped connection, but gives up for good after a
      // refused or wrong answer (the port briefly held by something else during a restart).
      if (source && source.readyState === EventSource.CLOSED && !retry) {
        source = null;
        retry = setTimeout(function () { retry = null; if (!document.hidden) openStream(); }, 1000);
      }
    };
  }

  function disconnect() {
    if (port) port.postMessage({ type: "bye" });
    if (source) source.close();
    source = null;
  }

  document.addEventListener("visibilitychange", function () {
    if (port) {
      port.postMessage({ type: document.hidden ? "hidden" : "visible" });
    } else if (document.hidden) {
      if (source) source.close();
      source = null;
    } else {
      openStream();
    }
  });
  window.addEventListener("pagehide", disconnect);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    // Only ever text: file names, messages and source lines are never parsed as HTML.
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showProblems(data) {
    var report;
    try { report = JSON.parse(data); } catch (e) { return; }
    if (data === dismissed) return;
    hideProblems(true);
    var problems = report.problems || [];
    var count = report.count || problems.length;

    var host = element("div");
    host.setAttribute("data-trailmap-overlay", "");
    // A shadow root keeps the site's styles off the overlay and the overlay's off the site.
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.appendChild(element("style", "", STYLE));

    var backdrop = element("div", "backdrop");
    var dialog = element("section", "dialog");
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "trailmap-title");
    dialog.setAttribute("aria-describedby", "trailmap-summary");
    dialog.tabIndex = -1;

    var title = element("h2", "title", "Build failed");
    title.id = "trailmap-title";
    var summary = element("p", "summary", count + (count === 1 ? " problem" : " problems") +
      " in the site. The page shows the last good build; fix the file and save to reload.");
    summary.id = "trailmap-summary";
    dialog.appendChild(title);
    dialog.appendChild(summary);

    var list = element("ol", "problems");
    problems.forEach(function (problem) {
      var item = element("li");
      item.appendChild(element("p", "where", problem.path + ":" + problem.line + ":" + problem.column));
      item.appendChild(element("p", "message", problem.message));
      if (problem.excerpt) item.appendChild(element("pre", "excerpt", problem.excerpt));
      if (problem.hint) item.appendChild(element("p", "hint", "Hint: " + problem.hint));
      list.appendChild(item);
    });
    dialog.appendChild(list);
    if (count > problems.length) {
      dialog.appendChild(element("p", "more", "… and " + (count - problems.length) + " more in the terminal."));
    }

    var close = element("button", "close", "Dismiss");
    close.type = "button";
    var dismiss = function () { dismissed = data; hideProblems(); };
    close.addEventListener("click", dismiss);
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        dismiss();
      } else if (event.key === "Tab") {
        // Modal: the button is the only control, so focus stays in the dialog.
        event.preventDefault();
        close.focus();
      }
    });
    dialog.appendChild(close);

    backdrop.appendChild(dialog);
    root.appendChild(backdrop);
    returnFocus = document.activeElement;
    (document.body || document.documentElement).appendChild(host);
    overlay = host;
    dialog.focus();
  }

  function hideProblems(replacing) {
    if (!overlay) return;
    overlay.remove();
    overlay = null;
    if (!replacing && returnFocus && returnFocus.focus) returnFocus.focus();
    if (!replacing) returnFocus = null;
  }

  var STYLE = [
    ":host { all: initial; }",
    ".backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto; padding: 5vh 1rem;",
    "  background: rgba(0, 0, 0, 0.6); font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; }",
    ".dialog { box-sizing: border-box; max-width: 56rem; margin: 0 auto; padding: 1.25rem 1.5rem;",
    "  background: #ffffff; color: #1b1b1b; border-top: 6px solid #b3261e; border-radius: 6px;",
    "  box-shadow: 0 12px 40px rgba(0, 0, 0, 0.45); }",
    ".dialog:focus { outline: 3px solid #0b57d0; outline-offset: 3px; }",
    ".dialog:focus:not(:focus-visible) { outline: none; }",
    ".title { margin: 0 0 0.25rem; font-size: 1.5rem; color: #b3261e; }",
    ".summary { margin: 0 0 1rem; }",
    ".problems { margin: 0 0 1rem; padding-left: 1.5rem; }",
    ".problems li + li { margin-top: 1rem; }",
    ".where { margin: 0; font: 700 0.95rem/1.4 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;",
    "  overflow-wrap: anywhere; }",
    ".message { margin: 0.2rem 0; white-space: pre-wrap; }",
    ".excerpt { margin: 0.5rem 0; padding: 0.5rem 0.75rem; overflow-x: auto; background: #f1f1f1;",
    "  color: #1b1b1b; font: 0.875rem/1.45 ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }",
    ".hint { margin: 0.2rem 0; color: #1d5c2e; }",
    ".more { margin: 0 0 1rem; }",
    ".close { font: inherit; padding: 0.4rem 1.1rem; border: 2px solid #1b1b1b; border-radius: 4px;",
    "  background: #ffffff; color: #1b1b1b; cursor: pointer; }",
    ".close:hover { background: #ececec; }",
    ".close:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }",
    "@media (prefers-color-scheme: dark) {",
    "  .dialog { background: #1f1f1f; color: #ececec; }",
    "  .title { color: #ffb4ab; }",
    "  .excerpt { background: #2c2c2c; color: #ececec; }",
    "  .hint { color: #8fd19e; }",
    "  .close { background: #1f1f1f; color: #ececec; border-color: #ececec; }",
    "  .close:hover { background: #333333; }",
    "}",
  ].join("\n");

  restoreScroll();
  connect();
})();
