// trailmap serve: the one live-reload event stream of a browser, shared by all of its tabs of the
// preview (browsers allow about six connections to a host; a stream per tab would make the
// seventh tab hang). The stream is open while at least one of those tabs is visible. Every event
// goes to every tab, which decides whether it concerns the page it shows.
"use strict";

var tabs = new Map(); // port → visible
var source = null;
var retry = null;
var lastState = null; // the latest build-ok or build-error, for tabs that arrive later

function anyVisible() {
  var visible = false;
  tabs.forEach(function (shown) { visible = visible || shown; });
  return visible;
}

function broadcast(message) {
  tabs.forEach(function (shown, port) { port.postMessage(message); });
}

function open() {
  if (source) return;
  source = new EventSource("/__trailmap/events");
  source.onopen = function () { broadcast({ type: "connected" }); };
  ["reload", "build-error", "build-ok"].forEach(function (type) {
    source.addEventListener(type, function (event) {
      var message = { type: type, data: event.data };
      if (type !== "reload") lastState = message;
      broadcast(message);
    });
  });
  source.onerror = function () {
    // EventSource retries by itself after a dropped connection, but gives up for good after a
    // refused or wrong answer (a restart that briefly lost the port).
    if (source && source.readyState === EventSource.CLOSED) {
      source = null;
      if (!retry) retry = setTimeout(function () { retry = null; update(); }, 1000);
    }
  };
}

function update() {
  if (anyVisible()) {
    open();
  } else if (source) {
    source.close();
    source = null;
  }
}

self.onconnect = function (event) {
  var port = event.ports[0];
  tabs.set(port, false);
  port.onmessage = function (message) {
    var type = message.data && message.data.type;
    if (type === "bye") {
      tabs.delete(port);
    } else if (type === "visible") {
      tabs.set(port, true);
      if (lastState) port.postMessage(lastState);
      // A tab that was hidden (or is new) checks whether its page changed meanwhile.
      if (source && source.readyState === EventSource.OPEN) port.postMessage({ type: "connected" });
    } else if (type === "hidden") {
      tabs.set(port, false);
    }
    update();
  };
  port.start();
};
