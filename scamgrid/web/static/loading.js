// Parts of a page that htmx loads after its frame (hx-trigger="load", aria-busy="true"): when
// the part arrives the region is no longer busy; when it fails, the region says so (role=alert)
// instead of waiting for ever.
(function () {
  "use strict";
  document.body.addEventListener("htmx:afterSettle", function (event) {
    event.detail.target.removeAttribute("aria-busy");
  });
  function failed(event) {
    var target = event.detail.target;
    var message = target.dataset.failed || "Could not load this part of the page.";
    target.removeAttribute("aria-busy");
    target.innerHTML = "";
    var p = document.createElement("p");
    p.className = "error"; p.setAttribute("role", "alert"); p.textContent = message;
    target.appendChild(p);
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);
})();
