// The import progress bar: poll the upload's JSON status until the import has finished, then
// reload the page so the server shows the result.
(function () {
  "use strict";

  var card = document.getElementById("import-progress");
  if (!card || card.dataset.finished === "true") { return; }
  var url = card.dataset.statusUrl;
  var bar = card.querySelector(".progress");
  var fill = card.querySelector(".progress .bar");
  var pct = document.getElementById("progress-pct");
  var stage = document.getElementById("progress-stage");
  var note = document.getElementById("progress-note");
  var delay = 700;
  var failures = 0;

  function show(state) {
    var percent = Math.round(state.progress * 100);
    fill.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    pct.textContent = percent + "%";
    stage.textContent = state.stage || state.status;
  }

  function stop(message) {
    if (note) { note.textContent = message; }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected || type.indexOf("application/json") === -1) {
          throw new Error("signed-out");
        }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (state) {
        failures = 0;
        show(state);
        if (state.finished) {
          window.setTimeout(function () { window.location.reload(); }, 400);
        } else {
          delay = Math.min(delay * 1.2, 3000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function (error) {
        if (error.message === "signed-out") {
          stop("Your session has ended; sign in again to follow the import.");
          return;
        }
        failures += 1;
        if (failures > 5) {
          stop("The progress could not be read; reload the page to try again.");
          return;
        }
        window.setTimeout(poll, 2000);
      });
  }

  window.setTimeout(poll, delay);
}());
