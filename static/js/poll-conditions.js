/* Conditions within one section of a poll: a question that depends on a choice of an
 * earlier question on the same page is hidden while the condition does not hold.
 *
 * Progressive enhancement: without JavaScript the question is shown with "Nur
 * beantworten, wenn …", and the server drops its answers when the condition does not
 * hold. The fieldset carries data-condition-question (the question's id),
 * data-condition-operator (equals, differs, includes) and data-condition-choice.
 */
(function () {
  "use strict";

  function chosen(form, questionId) {
    var inputs = form.querySelectorAll('input[name="q' + questionId + '"]');
    var values = [];
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.checked) {
        values.push(input.value);
      }
    });
    return values;
  }

  function holds(fieldset, form) {
    var values = chosen(form, fieldset.dataset.conditionQuestion);
    var choice = fieldset.dataset.conditionChoice;
    var operator = fieldset.dataset.conditionOperator;
    if (operator === "equals") {
      return values.length === 1 && values[0] === choice;
    }
    if (operator === "differs") {
      return values.length > 0 && values.indexOf(choice) === -1;
    }
    return values.indexOf(choice) !== -1;
  }

  function update(form) {
    var fieldsets = form.querySelectorAll("fieldset[data-condition-question]");
    Array.prototype.forEach.call(fieldsets, function (fieldset) {
      var source = form.querySelector("#question-" + fieldset.dataset.conditionQuestion);
      var sourceShown = !source || !source.hidden;
      fieldset.hidden = !(sourceShown && holds(fieldset, form));
    });
  }

  function init() {
    var form = document.getElementById("poll-form");
    if (!form || !form.querySelector("fieldset[data-condition-question]")) {
      return;
    }
    form.addEventListener("change", function () {
      update(form);
    });
    update(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
