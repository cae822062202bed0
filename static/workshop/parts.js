/* The parts lines of a finish form: a button adds a row, each row gets a
 * button that removes it. Plain JavaScript on a Django formset: a new row is
 * the formset's empty form with the next index, and TOTAL_FORMS counts it; a
 * removed row is emptied and hidden, and an empty row is no part. Without
 * JavaScript the form has a few empty rows to fill in.
 */
(function () {
  "use strict";

  var fieldset = document.getElementById("parts");
  if (!fieldset) return;
  var prefix = fieldset.dataset.prefix;
  var total = fieldset.querySelector("[name=" + prefix + "-TOTAL_FORMS]");
  var most = Number(fieldset.querySelector("[name=" + prefix + "-MAX_NUM_FORMS]").value);
  var body = fieldset.querySelector("#parts-lines tbody");
  var template = document.getElementById("part-row-template");

  function removable(row) {
    var cell = row.querySelector(".part-remove");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "secondary outline";
    button.textContent = "Remove";
    button.setAttribute("aria-label", "Remove this part");
    button.addEventListener("click", function () {
      row.querySelectorAll("input").forEach(function (input) {
        input.value = "";
      });
      row.hidden = true;
    });
    cell.appendChild(button);
  }

  function add() {
    var index = Number(total.value);
    if (index >= most) return;
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    body.insertAdjacentHTML("beforeend", html);
    var row = body.lastElementChild;
    removable(row);
    total.value = String(index + 1);
    row.querySelector("input").focus();
  }

  body.querySelectorAll(".part-row").forEach(removable);
  var adder = document.createElement("button");
  adder.type = "button";
  adder.className = "secondary";
  adder.textContent = "Add a part";
  adder.addEventListener("click", add);
  fieldset.querySelector(".parts-actions").prepend(adder);
})();
