// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Ask before destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  // Print buttons (the report pages); without this file the browser's own Print does the same.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  // Large uploads (scanner reports) with a progress bar: sent by XMLHttpRequest with the CSRF
  // token as a header, so that the server streams the file instead of holding it. Without this
  // script the form posts as usual.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-upload-progress") || event.defaultPrevented) { return; }
    event.preventDefault();
    var progress = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var button = form.querySelector("button[type=submit]");
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("X-CSRF-Token", form.querySelector("input[name=_csrf]").value);
    progress.hidden = false;
    button.disabled = true;
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        progress.value = Math.round(100 * e.loaded / e.total);
        status.textContent = progress.value + " %";
      }
    });
    request.upload.addEventListener("load", function () { progress.removeAttribute("value"); status.textContent = "…"; });
    request.addEventListener("load", function () {
      // Success ends on the findings page (the redirect is followed); a refusal is the page again.
      if (request.status === 200 && request.responseURL.indexOf("/vulnerabilities/findings") !== -1) {
        window.location.href = request.responseURL;
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.addEventListener("error", function () { button.disabled = false; status.textContent = "✗"; });
    request.send(new FormData(form));
  });
  // On a phone the list's filters fold away behind one line, so that the results come first;
  // they stay open when one is in use.
  if (window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
    document.querySelectorAll("form.filters[data-fold-label]").forEach(function (filters) {
      var inUse = Array.prototype.some.call(filters.elements, function (field) {
        if (field.type === "checkbox" || field.type === "radio") { return field.checked; }
        return field.type !== "hidden" && field.type !== "submit" && field.tagName !== "BUTTON" && field.value;
      });
      var fold = document.createElement("details");
      fold.className = "filters-fold";
      fold.open = inUse;
      var summary = document.createElement("summary");
      summary.textContent = filters.getAttribute("data-fold-label");
      filters.parentNode.insertBefore(fold, filters);
      fold.appendChild(summary);
      fold.appendChild(filters);
    });
  }
  // Move focus to the first field with an error, so keyboard and screen-reader users land on it.
  var invalid = document.querySelector("[aria-invalid='true']");
  if (invalid) { invalid.focus(); }
  // A result the page was asked for (an import's preview) gets the focus and the view.
  var result = !invalid && document.querySelector("[data-autofocus]");
  if (result) { result.focus(); result.scrollIntoView(); }
})();
