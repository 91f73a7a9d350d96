/* backcheck: small enhancements only; every page works without this file. */
(function () {
  "use strict";

  function each(selector, fn, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), fn);
  }

  document.documentElement.classList.add("js");
  each(".js-only[hidden]", function (el) { el.hidden = false; });

  /* "Print this page" */
  each("[data-print]", function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  /* Body map: clicking a region ticks the matching checkbox (the list is the real form). */
  each(".bodymap-form", function (form) {
    var boxes = {};
    each("input[data-option]", function (box) { boxes[box.getAttribute("data-option")] = box; }, form);
    var regions = form.querySelectorAll(".region");
    function sync() {
      Array.prototype.forEach.call(regions, function (region) {
        var box = boxes[region.getAttribute("data-option")];
        region.classList.toggle("is-selected", Boolean(box && box.checked));
      });
    }
    function mark(option, on) {
      Array.prototype.forEach.call(regions, function (region) {
        if (region.getAttribute("data-option") === option) { region.classList.toggle("is-focused", on); }
      });
    }
    Array.prototype.forEach.call(regions, function (region) {
      region.addEventListener("click", function () {
        var box = boxes[region.getAttribute("data-option")];
        if (!box) { return; }
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    Object.keys(boxes).forEach(function (option) {
      boxes[option].addEventListener("focus", function () { mark(option, true); });
      boxes[option].addEventListener("blur", function () { mark(option, false); });
    });
    form.addEventListener("change", sync);
    sync();
  });

  /* "None of these" unticks the others, and ticking another unticks "none". */
  each(".question-form", function (form) {
    var none = form.querySelector("input[data-none]");
    if (!none) { return; }
    var others = form.querySelectorAll("input[type=checkbox][data-option]");
    none.addEventListener("change", function () {
      if (none.checked) { Array.prototype.forEach.call(others, function (o) { o.checked = false; }); }
    });
    Array.prototype.forEach.call(others, function (o) {
      o.addEventListener("change", function () { if (o.checked) { none.checked = false; } });
    });
  });

  /* A new question, step or page of the quiz: move focus to its heading, so that keyboard and
     screen-reader users start at the question instead of the top of the page. */
  var summary = document.querySelector(".error-summary");
  var heading = document.querySelector("[data-focus]");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  } else if (heading) {
    heading.focus();
  }

  /* Removing an understood item without reloading the page. */
  var status = document.getElementById("chip-status");
  each(".chip-form", function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("not removed"); }
          var chip = form.closest(".chip");
          var list = chip.parentElement;
          var next = chip.nextElementSibling || chip.previousElementSibling;
          chip.remove();
          if (status) { status.textContent = "Removed: " + form.getAttribute("data-chip"); }
          if (next) {
            next.querySelector("button").focus();
          } else {
            list.remove();
            each(".chips-empty", function (p) { p.hidden = false; });
            var go = document.querySelector(".actions .button");
            if (go) { go.focus(); }
          }
        })
        .catch(function () { form.submit(); });
    });
  });
})();
