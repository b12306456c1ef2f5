// Form helpers: a busy label on submit (no double posts) and the column-mapping editor, which
// asks for a new preview before an edited mapping can be confirmed.
(function () {
  "use strict";

  function markBusy(form, button) {
    if (!button || !button.dataset.busy) { return; }
    // Disable after the browser has read the pressed button's name and value.
    window.setTimeout(function () {
      button.textContent = button.dataset.busy;
      button.disabled = true;
      form.classList.add("busy");
    }, 0);
  }

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      markBusy(form, event.submitter);
    });
  });

  var mapping = document.getElementById("mapping-form");
  if (!mapping) { return; }
  var confirm = document.getElementById("confirm");
  var hint = document.getElementById("confirm-hint");
  var confirmDisabled = confirm ? confirm.disabled : true;

  function edited() {
    var changed = false;
    mapping.querySelectorAll("select[data-initial]").forEach(function (select) {
      var differs = select.value !== select.dataset.initial;
      select.closest("tr").classList.toggle("changed", differs);
      changed = changed || differs;
    });
    return changed;
  }

  mapping.addEventListener("change", function () {
    var changed = edited();
    if (confirm) { confirm.disabled = confirmDisabled || changed; }
    if (hint) {
      hint.textContent = changed
        ? "Mapping changed: re-run the preview to see its effect before importing."
        : "Invalid rows are left out and listed in the error workbook.";
    }
  });
}());
