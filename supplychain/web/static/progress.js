// Follow a preview or an import through the upload's JSON status:
// - the progress bar (#import-progress) moves until the outcome is ready, then the page reloads
//   so the server shows it;
// - a pending error-workbook link (#workbook-pending) appears once the preview job has ended,
//   without a reload (the column mapping being edited stays as it is).
(function () {
  "use strict";

  function follow(url, onState, onStop) {
    var delay = 700;
    var failures = 0;

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
          if (onState(state)) {
            delay = Math.min(delay * 1.2, 3000);
            window.setTimeout(poll, delay);
          }
        })
        .catch(function (error) {
          failures += 1;
          if (error.message === "signed-out") {
            onStop("Your session has ended; sign in again to follow the progress.");
          } else if (failures > 5) {
            onStop("The progress could not be read; reload the page to try again.");
          } else {
            window.setTimeout(poll, 2000);
          }
        });
    }

    window.setTimeout(poll, delay);
  }

  var card = document.getElementById("import-progress");
  if (card && card.dataset.finished !== "true") {
    var bar = card.querySelector(".progress");
    var fill = card.querySelector(".progress .bar");
    var pct = document.getElementById("progress-pct");
    var stage = document.getElementById("progress-stage");
    var note = document.getElementById("progress-note");
    follow(card.dataset.statusUrl, function (state) {
      var percent = Math.round(state.progress * 100);
      fill.style.width = percent + "%";
      bar.setAttribute("aria-valuenow", String(percent));
      pct.textContent = percent + "%";
      stage.textContent = state.stage || state.status;
      if (state.ready || state.finished) {
        window.setTimeout(function () { window.location.reload(); }, 400);
        return false;
      }
      return true;
    }, function (message) { if (note) { note.textContent = message; } });
  }

  var pending = document.getElementById("workbook-pending");
  var link = document.getElementById("workbook-link");
  if (pending && link) {
    follow(pending.dataset.statusUrl, function (state) {
      if (!state.finished) { return true; }
      pending.hidden = true;
      link.hidden = false;
      return false;
    }, function (message) { pending.textContent = message; });
  }
}());
