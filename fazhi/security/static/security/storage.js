// Residual information (GB/T 22239 剩余信息保护): nothing of a page stays in the browser's storage.
// htmx remembers the current address in sessionStorage for its history feature, which fazhi
// does not use, and an address can carry a search term such as a person's name: forget it.
(function () {
  "use strict";
  function forget() {
    try {
      sessionStorage.removeItem("htmx-current-path-for-history");
      localStorage.removeItem("htmx-history-cache");
    } catch (error) {
      // Storage disabled by the browser: then there is nothing to forget.
    }
  }
  forget();
  document.addEventListener("DOMContentLoaded", forget);
  document.addEventListener("htmx:afterSettle", forget);
  window.addEventListener("pagehide", forget);
})();
