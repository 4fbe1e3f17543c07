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
    }
    gd.on("plotly_buttonclicked", function (e) {
      chosen[menuControls[e.menu._index]] = e.active;
      show();
    });
    gd.on("plotly_sliderchange", function (e) {
      chosen[sliderControls[e.slider._index]] = e.step._index;
      show();
    });
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
      if (typeof gd.on === "function" && gd.layout) { attach(gd); followTheme(gd); } else pending += 1;
    });
    if (pending && (attachAll.tries = (attachAll.tries || 0) + 1) < 200) setTimeout(attachAll, 50);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
  else attachAll();
})();
