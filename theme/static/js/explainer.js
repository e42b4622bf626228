/* Explainer pages, progressive enhancement only: the cost table on the page already works without it.
   [data-module="cost-calculator"]: shows a small form to try other assumptions with the same formula as the
   build (plugins/explainer/cost.py), and prints the result. Nothing is sent anywhere. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function dollars(amount) {
    // Same rounding as the build: to the nearest thousand.
    return "$" + (Math.round(amount / 1000) * 1000).toLocaleString("en-US");
  }

  function positionsNeeded(requestPositions, hoursAdded, hoursAddedByRequest, counted) {
    var raw = requestPositions * hoursAdded / hoursAddedByRequest - counted;
    return Math.max(0, Math.ceil(Math.round(raw * 1e9) / 1e9));
  }

  document.querySelectorAll("[data-module='cost-calculator']").forEach(function (box) {
    var form = box.querySelector("form");
    var result = box.querySelector("output");
    if (!form || !result) return;
    var requestDollars = Number(box.dataset.requestDollars);
    var requestPositions = Number(box.dataset.requestPositions);
    function update() {
      var hours = Number(form.elements.hours.value);
      var byRequest = Number(form.elements.byRequest.value);
      var counted = Number(form.elements.counted.value);
      if (!(hours > 0 && hours <= 24 && byRequest > 0 && counted >= 0)) {
        result.textContent = result.dataset.invalid;
        return;
      }
      var positions = positionsNeeded(requestPositions, hours, byRequest, counted);
      result.textContent = result.dataset.template
        .replace("{positions}", positions)
        .replace("{cost}", dollars(positions * requestDollars / requestPositions));
    }
    form.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    box.hidden = false;
    update();
  });
})();
