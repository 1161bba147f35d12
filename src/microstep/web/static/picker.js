/* ESCO pickers: HTMX fills the list as a person types; this picks from it with the keyboard
   (ArrowDown/ArrowUp, Enter, Escape) or a click, filling the hidden URI field. One delegated
   set of listeners serves every picker on the page, including ones HTMX adds later. */
(function () {
  "use strict";
  if (window.microstepPicker) { return; }
  window.microstepPicker = true;

  var COMBO = "[data-picker] [role=combobox]";

  function parts(element) {
    var root = element && element.closest ? element.closest("[data-picker]") : null;
    if (!root) { return null; }
    return {
      root: root,
      input: root.querySelector("[role=combobox]"),
      uri: root.querySelector("input[type=hidden]"),
      list: root.querySelector("[role=listbox]"),
      status: root.querySelector(".picker-status")
    };
  }
  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }
  function activate(p, option) {
    options(p).forEach(function (o) {
      o.setAttribute("aria-selected", o === option ? "true" : "false");
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }
  function show(p, open) {
    p.list.hidden = !open;
    p.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) { activate(p, null); }
  }
  function choose(p, option) {
    p.uri.value = option.dataset.uri;
    p.input.value = option.dataset.label;
    p.status.textContent = "Linked to ESCO: " + option.dataset.label + ".";
    show(p, false);
  }

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    var p = parts(event.target);
    var all = options(p);
    var current = p.list.querySelector("[aria-selected=true]");
    var index = all.indexOf(current);
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && all.length) {
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      index = index < 0 ? (step > 0 ? 0 : all.length - 1) : (index + step + all.length) % all.length;
      show(p, true);
      activate(p, all[index]);
    } else if (event.key === "Enter" && current && !p.list.hidden) {
      event.preventDefault(); // picking, not submitting the form
      choose(p, current);
    } else if (event.key === "Escape" && !p.list.hidden) {
      event.preventDefault();
      show(p, false);
    }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    var p = parts(event.target);
    if (p.uri.value) { // new words: the link picked for the old ones no longer holds
      p.uri.value = "";
      p.status.textContent = "Not linked: pick a suggestion to link it.";
    }
  });

  // Keep focus in the input when an option is pressed, so the list stays until the click.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-picker] [role=option]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("[data-picker] [role=option]") : null;
    if (option) { choose(parts(option), option); return; }
    document.querySelectorAll("[data-picker] [role=listbox]:not([hidden])").forEach(function (list) {
      var p = parts(list);
      if (!p.root.contains(event.target)) { show(p, false); }
    });
  });

  document.addEventListener("focusout", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    var p = parts(event.target);
    if (!p.root.contains(event.relatedTarget)) { show(p, false); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var p = parts(event.detail.target);
    if (!p || event.detail.target !== p.list) { return; }
    var count = options(p).length;
    show(p, p.list.children.length > 0 && document.activeElement === p.input);
    if (count) {
      p.status.textContent = count + (count === 1 ? " suggestion" : " suggestions") +
        ": use ↑ ↓ and Enter to pick.";
    } else if (p.list.children.length) {
      p.status.textContent = p.list.textContent.trim();
    }
  });
})();
