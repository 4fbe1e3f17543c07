/* spinebook figure blocks in the static book (see spinebook/display.py).
 *
 * The page's text, captions and controls are plain HTML and show at once; this script is deferred.
 * Each <figure class="sb-explorer"> carries every state of its controls, precomputed, in a JSON
 * script (.sb-spec): {controls, initial: "i,j", states: {"i,j": {data, layout, caption} | {html, caption}}}.
 * The book's own plotly.js bundle is fetched only when a figure first comes near the viewport; each
 * figure is then drawn once, already in the page's light or dark theme. The controls are native
 * (<select>, <button aria-pressed>, <input type=range>); a change draws the chosen state with
 * Plotly.react and a polite live region says what the figure now shows. No computation, no network
 * beyond the book's own files. window.SPINEBOOK_THEME (prepended at build time) holds plotly's
 * default template and the dark-theme text colours.
 */
(function () {
  "use strict";
  var THEME = window.SPINEBOOK_THEME || { template: null, darkText: {} };
  var script = document.currentScript;
  var PLOTLY_SRC = script ? script.src.replace(/spinebook-explorer\.js(\?.*)?$/, "plotly-basic.min.js") : "plotly-basic.min.js";
  var TOUCH = window.matchMedia && window.matchMedia("(hover: none), (pointer: coarse)").matches;
  var plotlyPromise = null;

  function loadPlotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotlyPromise) {
      plotlyPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = PLOTLY_SRC;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { plotlyPromise = null; reject(new Error("plotly.js could not be loaded")); };
        document.head.appendChild(tag);
      });
    }
    return plotlyPromise;
  }

  function dark() { return document.documentElement.dataset.theme === "dark"; }

  /* Phones: a figure may carry, in layout.meta.narrow, a patch for columns narrower than
     NARROW_PX ({layout: {...}, data: [patch or null per trace]}): shorter labels, wrapped
     annotations, a legend below the plot. It is merged in before the draw. */
  var NARROW_PX = 560;
  function merge(target, patch) {
    Object.keys(patch || {}).forEach(function (key) {
      var value = patch[key];
      if (value && typeof value === "object" && !Array.isArray(value) && target[key] && typeof target[key] === "object"
          && !Array.isArray(target[key])) merge(target[key], value);
      else target[key] = value;
    });
    return target;
  }
  function narrowPatch(layout) { return (layout.meta && layout.meta.narrow) || null; }

  /* A deep copy of a state's layout, themed and made touch-friendly, ready for its first draw. */
  function themedLayout(layout, narrow) {
    var out = JSON.parse(JSON.stringify(layout));
    var patch = narrowPatch(out);
    if (narrow && patch) merge(out, patch.layout);
    if (out.meta) delete out.meta.narrow;
    var isDark = dark();
    if (THEME.template && !out.template) out.template = THEME.template;
    out.font = out.font || {};
    out.font.color = isDark ? "#dddddd" : "#333333";
    if (isDark) recolour(out);
    out.autosize = true;
    delete out.width;
    if (TOUCH) {
      out.dragmode = false;
      Object.keys(out).forEach(function (key) {
        if (/^[xy]axis\d*$/.test(key)) out[key].fixedrange = true;
      });
      if (!out.xaxis) out.xaxis = { fixedrange: true };
      if (!out.yaxis) out.yaxis = { fixedrange: true };
    }
    return out;
  }

  /* Dark theme: every text colour that has a dark-theme counterpart takes it. */
  function recolour(node) {
    if (!node || typeof node !== "object") return;
    Object.keys(node).forEach(function (key) {
      var value = node[key];
      if ((key === "font" || key === "textfont" || key === "tickfont" || key === "insidetextfont" || key === "outsidetextfont")
          && value && typeof value.color === "string") {
        var swap = THEME.darkText[value.color.toLowerCase()];
        if (swap) value.color = swap;
      }
      if (value && typeof value === "object") recolour(value);
    });
  }

  function themedData(data, layout, narrow) {
    var out = JSON.parse(JSON.stringify(data));
    var patch = narrowPatch(layout);
    if (narrow && patch && patch.data) {
      out.forEach(function (trace, i) { if (patch.data[i]) merge(trace, patch.data[i]); });
    }
    if (dark()) recolour(out);
    return out;
  }

  function config(spec) {
    var c = JSON.parse(JSON.stringify(spec.config || {}));
    c.scrollZoom = false;
    if (TOUCH) {
      c.displayModeBar = false;
    } else {
      c.modeBarButtons = [["resetScale2d", "toImage"]];
    }
    return c;
  }

  function Block(root) {
    this.root = root;
    this.specData = null;
    this.chosen = Array.from(root.querySelectorAll(".sb-control"), function (control) {
      var select = control.querySelector("select"), range = control.querySelector("input[type=range]");
      if (select) return select.selectedIndex;
      if (range) return Number(range.value);
      return Array.from(control.querySelectorAll("button")).findIndex(function (b) { return b.getAttribute("aria-pressed") === "true"; });
    });
    this.caption = root.querySelector(".sb-caption");
    this.status = root.querySelector(".sb-status");
    this.view = root.querySelector(".sb-figure, .sb-html-view");
    this.draws = 0;
    this.drawn = false;
    this.wire();
  }

  Block.prototype.key = function () { return this.chosen.join(","); };

  /* Every state of the block, parsed when first needed (a figure far down the page costs nothing
     until the reader gets there). */
  Object.defineProperty(Block.prototype, "spec", {
    get: function () {
      if (!this.specData) this.specData = JSON.parse(this.root.querySelector("script.sb-spec").textContent);
      return this.specData;
    }
  });

  Block.prototype.wire = function () {
    var self = this;
    this.root.querySelectorAll(".sb-control").forEach(function (control, n) {
      var select = control.querySelector("select");
      var range = control.querySelector("input[type=range]");
      if (select) {
        select.addEventListener("change", function () { self.choose(n, select.selectedIndex); });
      } else if (range) {
        range.addEventListener("input", function () { self.choose(n, Number(range.value)); });
        var play = control.querySelector("button.sb-play");
        if (play) play.addEventListener("click", function () { self.togglePlay(n, play, range); });
      } else {
        control.querySelectorAll("button").forEach(function (button, i) {
          button.addEventListener("click", function () { self.choose(n, i); });
        });
      }
    });
  };

  /* Reflect the chosen state in the controls (aria-pressed, slider value text). */
  Block.prototype.syncControls = function () {
    var self = this;
    this.root.querySelectorAll(".sb-control").forEach(function (control, n) {
      var labels = self.spec.controls[n].labels, active = self.chosen[n];
      control.querySelectorAll("button:not(.sb-play)").forEach(function (button, i) {
        button.setAttribute("aria-pressed", i === active ? "true" : "false");
      });
      var range = control.querySelector("input[type=range]");
      if (range) {
        range.value = active;
        range.setAttribute("aria-valuenow", active);
        range.setAttribute("aria-valuetext", labels[active]);
        var output = control.querySelector("output");
        if (output) output.textContent = labels[active];
      }
    });
  };

  /* A slider that plays: step it every PLAY_MS, looping, until pressed again (a cine loop). The
     live region is not updated for every frame while it plays. */
  var PLAY_MS = 800;
  Block.prototype.togglePlay = function (n, button, range) {
    var self = this;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.playing = false;
      button.setAttribute("aria-pressed", "false");
      button.textContent = "\u25B6 Play";
      return;
    }
    this.playing = true;
    button.setAttribute("aria-pressed", "true");
    button.textContent = "\u23F8 Pause";
    var count = Number(range.max) + 1;
    this.timer = setInterval(function () { self.choose(n, (self.chosen[n] + 1) % count); }, PLAY_MS);
  };

  Block.prototype.choose = function (n, index) {
    if (this.chosen[n] === index) return;
    this.chosen[n] = index;
    this.syncControls();
    var self = this;
    this.draw().then(function () {
      if (self.playing) return;
      var state = self.spec.states[self.key()];
      var parts = self.spec.controls.map(function (c, i) { return c.label + ": " + c.labels[self.chosen[i]]; });
      self.status.textContent = "Now showing " + (state.caption || "the figure") + " (" + parts.join("; ") + ").";
    });
  };

  Block.prototype.fail = function (message) {
    this.view.innerHTML = "";
    var p = document.createElement("p");
    p.className = "sb-message";
    p.textContent = message;
    this.view.appendChild(p);
    this.view.style.minHeight = "";
  };

  /* Draw the chosen state: the first time with Plotly.newPlot, then with Plotly.react. */
  Block.prototype.draw = function () {
    var self = this, state = this.spec.states[this.key()];
    if (!state) {
      this.fail("This combination of choices has no figure.");
      return Promise.resolve();
    }
    if (this.caption && state.caption) this.caption.textContent = state.caption;
    var started = performance.now();
    if (state.html !== undefined) {
      this.view.innerHTML = state.html;
      this.finish(started);
      return Promise.resolve();
    }
    return loadPlotly().then(function (Plotly) {
      var first = !self.drawn;
      self.drawn = true;
      self.theme = dark();
      self.narrow = self.root.clientWidth < NARROW_PX;
      var draw = first ? Plotly.newPlot : Plotly.react;
      self.draws += 1;
      return draw(self.view, themedData(state.data, state.layout, self.narrow), themedLayout(state.layout, self.narrow),
                  config(self.spec)).then(function () {
        if (first) {
          self.view.style.minHeight = "";
          self.view.setAttribute("role", "img");
          self.view.setAttribute("aria-labelledby", self.caption.id);
        }
        self.finish(started);
      });
    }, function () {
      self.fail("The figure could not be loaded: the page's plotly.js file did not arrive. Reload the page to try again.");
    });
  };

  Block.prototype.finish = function (started) {
    this.root.dataset.sbDraws = String(this.draws);
    this.root.dataset.sbState = this.key();
    this.view.dataset.sbDrawn = "1";
    this.root.dispatchEvent(new CustomEvent("sb-drawn", { detail: { state: this.key(), ms: performance.now() - started } }));
  };

  /* Theme toggled: redraw drawn figures in the new theme (one redraw each, only on a real change). */
  Block.prototype.retheme = function () {
    if (this.drawn && (this.theme !== dark() || this.narrow !== (this.root.clientWidth < NARROW_PX))) this.draw();
  };

  var blocks = [];
  function start() {
    var pending = [];
    document.querySelectorAll("figure.sb-explorer").forEach(function (root) {
      if (root.sbBlock) return;
      var block = new Block(root);
      root.sbBlock = block;
      blocks.push(block);
      if (root.querySelector(".sb-html-view")) { block.drawnHtml = true; return; }
      pending.push(block);
    });
    if (!("IntersectionObserver" in window)) {
      pending.forEach(function (block) { block.draw(); });
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        entry.target.sbBlock.draw();
      });
    }, { rootMargin: "300px 0px" });
    pending.forEach(function (block) { observer.observe(block.root); });
  }

  new MutationObserver(function () {
    blocks.forEach(function (block) { block.retheme(); });
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });

  /* A phone turned sideways (or a window resized) across NARROW_PX: redraw with the right labels. */
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { blocks.forEach(function (block) { block.retheme(); }); }, 200);
  });

  /* Printing: paper is white, so the page prints in the light theme (the dark one comes back
     after: the figures are re-themed both ways by the observer above), and every figure in its
     current state. A figure whose plotly.js has not arrived yet cannot be drawn in time: the print
     stylesheet says so in its place. */
  var themeBeforePrint = null;
  window.addEventListener("beforeprint", function () {
    if (dark()) { themeBeforePrint = "dark"; document.documentElement.dataset.theme = "light"; }
    blocks.forEach(function (block) { if (!block.drawn && !block.drawnHtml) block.draw(); });
  });
  window.addEventListener("afterprint", function () {
    if (themeBeforePrint) document.documentElement.dataset.theme = themeBeforePrint;
    themeBeforePrint = null;
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
