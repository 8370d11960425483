/* The ballot page of a Bürgerbudget: +/− buttons beside the number inputs (cumulative
   voting) and the status line ("3 von 5 Stimmen vergeben", "Kosten … von …") updated in
   its live region as the person chooses. The page works without this script: the
   inputs and checkboxes are sent as they are and the server says the same line. */
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  var status = document.getElementById("ballot-status");
  var source = document.getElementById("ballot-status-templates");
  if (!form || !status || !source) {
    return;
  }
  var t = JSON.parse(source.textContent);
  var lang = document.documentElement.lang || "de";
  var number = new Intl.NumberFormat(lang);

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key];
    });
  }

  function euro(amount) {
    return number.format(amount) + "\u00a0€";
  }

  function text() {
    if (t.method === "cumulative") {
      var used = 0;
      form.querySelectorAll("[data-ballot-points]").forEach(function (input) {
        var value = parseInt(input.value, 10);
        if (!isNaN(value) && value > 0) {
          used += value;
        }
      });
      var line = fill(t.cumulative, { used: used, total: t.total });
      return used > t.total ? line + ". " + t.over : line;
    }
    var chosen = form.querySelectorAll("[data-ballot-choice]:checked");
    if (t.method === "approval") {
      var count = fill(t.approval, { used: chosen.length, total: t.total });
      return chosen.length > t.total ? count + ". " + t.over : count;
    }
    var cost = 0;
    chosen.forEach(function (input) {
      cost += parseInt(input.getAttribute("data-cost"), 10) || 0;
    });
    var costLine = fill(t.knapsack, { cost: euro(cost), budget: t.budget_text });
    return cost > t.budget ? costLine + ". " + t.over : costLine;
  }

  var timer = null;
  function update() {
    // A short pause, so that holding a key or clicking fast is announced once.
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      status.textContent = text();
    }, 150);
  }

  form.querySelectorAll("button[data-step]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-target"));
      var value = parseInt(input.value, 10) || 0;
      var max = parseInt(input.getAttribute("max"), 10);
      var next = value + parseInt(button.getAttribute("data-step"), 10);
      if (next < 0 || (!isNaN(max) && next > max)) {
        return;
      }
      input.value = String(next);
      update();
    });
  });
  form.addEventListener("input", update);
  form.addEventListener("change", update);

  var errors = document.getElementById("form-errors");
  if (errors) {
    errors.focus();
  }
})();
