/* Status reports: while a report is being generated, show the progress without a page
   reload (the page says how far it got in an aria-live region), and reload the page once
   the report is ready or has failed. Without JavaScript the page has a reload link. */
(function () {
  "use strict";
  var panel = document.getElementById("report-admin");
  if (!panel || panel.dataset.busy !== "1") {
    return;
  }
  var url = panel.dataset.statusUrl;
  var state = panel.querySelector("[data-report-state]");
  var step = panel.querySelector("[data-report-step]");
  var bar = panel.querySelector("[data-report-progress]");

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        if (!data.busy) {
          window.location.reload();
          return;
        }
        if (state) { state.textContent = data.state_label; }
        if (step) { step.textContent = data.step; }
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + " %"; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1500);
})();
