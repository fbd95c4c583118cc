/* Loaded before every other script: one registry of the page's live timers (ours and the libraries'),
   so leaks show up as a growing count in window.__herald.timers(). */
(function () {
  'use strict';
  var live = { timeout: new Set(), interval: new Set() };
  var native = {
    setTimeout: window.setTimeout.bind(window),
    clearTimeout: window.clearTimeout.bind(window),
    setInterval: window.setInterval.bind(window),
    clearInterval: window.clearInterval.bind(window)
  };
  window.setTimeout = function (fn, ms) {
    var args = Array.prototype.slice.call(arguments, 2);
    var id = native.setTimeout(function () {
      live.timeout.delete(id);
      if (typeof fn === 'function') { fn.apply(null, args); }
    }, ms);
    live.timeout.add(id);
    return id;
  };
  window.clearTimeout = function (id) { live.timeout.delete(id); native.clearTimeout(id); };
  window.setInterval = function () {
    var id = native.setInterval.apply(null, arguments);
    live.interval.add(id);
    return id;
  };
  window.clearInterval = function (id) { live.interval.delete(id); native.clearInterval(id); };
  window.__herald = {
    timers: function () { return { timeouts: live.timeout.size, intervals: live.interval.size }; }
  };
})();
