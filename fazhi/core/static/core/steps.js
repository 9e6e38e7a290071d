// The step form shows only the inputs the chosen step takes (its option's data-needs), so an
// officer accepting a case is not asked for an outcome. Without JavaScript every input shows,
// and the server still refuses what a step does not allow (and issues only the chosen step's
// documents).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.step-form").forEach(function (form) {
    var select = form.querySelector("select[name=step]");
    if (!select) return;
    function show() {
      var option = select.options[select.selectedIndex];
      var needs = (option && option.dataset.needs ? option.dataset.needs : "").split(" ");
      form.querySelectorAll("[data-needs]").forEach(function (input) {
        input.hidden = needs.indexOf(input.dataset.needs) === -1;
      });
      // The documents the chosen step issues (issue 20); the others are not sent.
      form.querySelectorAll("[data-step]").forEach(function (label) {
        var mine = label.dataset.step === (option ? option.value : "");
        label.hidden = !mine;
        label.querySelector("input").disabled = !mine;
      });
    }
    select.addEventListener("change", show);
    show();
  });
});
