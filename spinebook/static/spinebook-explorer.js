/* spinebook explorers in the static book.
 * Each explorer figure carries every state of its controls, precomputed, in
 * layout.meta.spinebook_explorer = {initial: [i, ...], states: {"i,j": {visible, layout}}, controls}.
 * Its plotly buttons/sliders use method "skip"; this script listens to them and shows the state
 * chosen by all controls together. No computation, no network. */
(function () {
  "use strict";
  function attach(gd) {
    var spec = gd.layout && gd.layout.meta && gd.layout.meta.spinebook_explorer;
    if (!spec || gd.dataset.spinebookExplorer) return;
    gd.dataset.spinebookExplorer = "ready";
    var chosen = spec.initial.slice();
    var menuControls = [], sliderControls = [];
    spec.controls.forEach(function (c, i) { (c.kind === "slider" ? sliderControls : menuControls).push(i); });
    function show() {
      var state = spec.states[chosen.join(",")];
      if (!state) return;
      Plotly.update(gd, { visible: state.visible }, state.layout);
      gd.dataset.spinebookState = chosen.join(",");
      describe(gd);
    }
    /* Keyboard: Tab reaches every button (Enter or Space presses it); the slider moves with the
       arrow keys. Plotly redraws its controls after each update, so this is re-applied. */
    function keyboard() {
      gd.querySelectorAll(".updatemenu-button, .updatemenu-header").forEach(function (button) {
        if (button.getAttribute("tabindex")) return;
        button.setAttribute("tabindex", "0");
        button.setAttribute("role", "button");
        var text = button.textContent.trim();
        if (text) button.setAttribute("aria-label", text);
        button.addEventListener("keydown", function (event) {
          if (event.key !== "Enter" && event.key !== " ") return;
          event.preventDefault();
          ["mousedown", "mouseup", "click"].forEach(function (type) {
            button.dispatchEvent(new MouseEvent(type, { bubbles: true }));
          });
        });
      });
      gd.querySelectorAll(".slider-container").forEach(function (group, k) {
        if (group.getAttribute("tabindex")) return;
        var control = sliderControls[k];
        group.setAttribute("tabindex", "0");
        group.setAttribute("role", "slider");
        group.setAttribute("aria-label", spec.controls[control].label);
        group.addEventListener("keydown", function (event) {
          var step = { ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1 }[event.key];
          if (!step) return;
          event.preventDefault();
          var count = spec.controls[control].labels.length;
          chosen[control] = Math.max(0, Math.min(count - 1, chosen[control] + step));
          var change = {};
          change["sliders[" + k + "].active"] = chosen[control];
          Plotly.relayout(gd, change).then(show);
        });
      });
    }
    gd.on("plotly_afterplot", keyboard);
    keyboard();
    gd.on("plotly_buttonclicked", function (e) {
      chosen[menuControls[e.menu._index]] = e.active;
      show();
    });
    gd.on("plotly_sliderchange", function (e) {
      chosen[sliderControls[e.slider._index]] = e.step._index;
      show();
    });
  }
  /* A text alternative for screen readers: the figure's title and, for an explorer, its controls. */
  function describe(gd) {
    var title = (gd.layout.title && (gd.layout.title.text || gd.layout.title)) || "Figure";
    var text = String(title).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    var spec = gd.layout.meta && gd.layout.meta.spinebook_explorer;
    if (spec) {
      text += ". Interactive: " + spec.controls.map(function (c) { return c.label; }).join(", ") +
        ". Hover a point for its source.";
    }
    gd.setAttribute("role", "figure");
    gd.setAttribute("aria-label", text);
  }

  /* Text follows the book's light/dark theme; control buttons keep dark text on light chips. */
  function themeFont() {
    return document.documentElement.dataset.theme === "dark" ? "#dddddd" : "#333333";
  }
  function followTheme(gd) {
    if (!gd._fullLayout) return;
    var colour = themeFont();
    if (gd.dataset.spinebookTheme === colour) return;
    gd.dataset.spinebookTheme = colour;
    Plotly.relayout(gd, { "font.color": colour });
  }
  function followThemeAll() {
    document.querySelectorAll(".plotly-graph-div").forEach(followTheme);
  }
  new MutationObserver(followThemeAll).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

  function attachAll() {
    var pending = 0;
    document.querySelectorAll(".plotly-graph-div").forEach(function (gd) {
      if (typeof gd.on === "function" && gd.layout) { attach(gd); describe(gd); followTheme(gd); } else pending += 1;
    });
    if (pending && (attachAll.tries = (attachAll.tries || 0) + 1) < 200) setTimeout(attachAll, 50);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
  else attachAll();
})();
