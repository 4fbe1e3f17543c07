// The explorers' figure in JupyterLab (an anywidget; see spinebook/lab_figure.py).
//
// Small on purpose. plotly's own FigureWidget ships its 4.9 MB bundle as the widget's module,
// once per figure: JupyterLab compiled it again for every explorer, and anywidget gives a model
// 2 s to get ready before it drops the kernel's messages to it (blank axes, dead controls). This
// module is ready at once; plotly.js is loaded once per page, from the Jupyter server, and each
// figure draws (Plotly.react) whatever state the model holds when plotly.js is there.

function plotlyFrom(url) {
  if (window.Plotly && window.Plotly.react) return Promise.resolve(window.Plotly);
  if (!window.__spinebookPlotly) {
    window.__spinebookPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () =>
        window.Plotly && window.Plotly.react
          ? resolve(window.Plotly)
          : reject(new Error(`${url} loaded, but it did not define Plotly`));
      script.onerror = () => reject(new Error(`could not load plotly.js from ${url}`));
      document.head.appendChild(script);
    });
    window.__spinebookPlotly.catch(() => { window.__spinebookPlotly = null; });  // a later figure retries
  }
  return window.__spinebookPlotly;
}

function serverUrl(path) {
  const config = document.getElementById("jupyter-config-data");
  const base = config ? JSON.parse(config.textContent).baseUrl || "/" : "/";
  return new URL(path, new URL(base, window.location.origin)).href;
}

const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d"] };

// The figure's title as a caption above it, as in the static book: a plotly title does not wrap,
// and a long one was cut at the figure's edge on a projector.
function captionText(layout) {
  const title = layout && layout.title;
  const text = typeof title === "string" ? title : (title && title.text) || "";
  const doc = new DOMParser().parseFromString(`<p>${text.replace(/<br\s*\/?>/gi, " ")}</p>`, "text/html");
  return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
}

function withoutTitle(layout) {
  const out = { ...(layout || {}), title: { text: "" } };
  const margin = out.margin || {};
  if (captionText(layout) && (margin.t || 0) >= 50) out.margin = { ...margin, t: margin.t - 35 };
  return out;
}

function render({ model, el }) {
  const caption = document.createElement("div");
  caption.className = "spinebook-lab-caption";
  caption.style.cssText = "font-size:16px;font-weight:600;line-height:1.35;margin:0.4em 0 0.2em;" +
    "color:var(--jp-content-font-color1,#1f2937);overflow-wrap:anywhere;";
  const plot = document.createElement("div");
  plot.className = "spinebook-lab-figure";
  const problem = document.createElement("p");
  problem.className = "spinebook-lab-problem";
  problem.setAttribute("role", "alert");
  problem.style.cssText = "display:none;margin:0.5em 0;padding:0.6em 0.8em;border-left:4px solid #b45309;" +
    "background:#fff7ed;color:#1f2937;font-size:14px;";
  el.append(problem, caption, plot);

  let Plotly = null;
  let queue = Promise.resolve();
  let alive = true;

  const say = (text) => {
    problem.textContent = text;
    problem.style.display = text ? "block" : "none";
  };

  const draw = async () => {
    if (!alive) return;
    const figure = model.get("figure") || {};
    try {
      Plotly = Plotly || (await plotlyFrom(serverUrl(model.get("plotly_url"))));
      if (!alive) return;
      caption.textContent = captionText(figure.layout);
      await Plotly.react(plot, figure.data || [], withoutTitle(figure.layout), CONFIG);
      say("");
      el.dataset.drawn = String(Number(el.dataset.drawn || 0) + 1);
    } catch (error) {
      say(`This figure cannot be drawn: ${error.message}. Start JupyterLab with \`make lab\` ` +
          "(it serves plotly.js to the explorers), then re-run this cell.");
    }
  };
  const redraw = () => { queue = queue.then(draw); };

  const resize = new ResizeObserver(() => {
    if (Plotly && plot.offsetWidth > 0 && plot.data) Plotly.Plots.resize(plot);
  });
  resize.observe(el);
  model.on("change:figure", redraw);
  redraw();

  return () => {
    alive = false;
    resize.disconnect();
    model.off("change:figure", redraw);
    if (Plotly) Plotly.purge(plot);
  };
}

export default { render };
