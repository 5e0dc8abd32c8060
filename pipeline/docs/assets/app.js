// Documentation site of a pipeline project. Hand-written, no dependency, no network:
// data comes from data.js (window.DOCS), pages are hash routes:
//   #/                         model list and project summary
//   #/model/<name>[?col=<c>]   one model
//   #/graph[?focus=<name>&dir=both|up|down]   model lineage graph (canvas, pan/zoom)
//   #/column/<model>.<column>[?dir=both|up|down]  one column's lineage graph
(function () {
  "use strict";
  var T0 = performance.now();
  var D = window.DOCS;
  var LAYERS = ["source", "raw", "intermediate", "mart", "export"];
  var COLORS = { source: "#7c3aed", raw: "#6b7280", intermediate: "#0369a1", mart: "#15803d", export: "#b45309", local: "#999" };
  var byName = new Map();
  D.models.forEach(function (m, i) { m.i = i; byName.set(m.name, m); });
  // Column reverse index: "model.col" -> ["model.col", ...] read by.
  var readBy = null;
  function columnReadBy() {
    if (readBy) return readBy;
    readBy = new Map();
    D.models.forEach(function (m) {
      m.columns.forEach(function (c) {
        var me = m.name + "." + c.name;
        c.reads.forEach(function (r) {
          var l = readBy.get(r);
          if (!l) readBy.set(r, (l = []));
          l.push(me);
        });
      });
    });
    return readBy;
  }
  // Search index: one lowercase haystack per model, one per column (filled as column chunks
  // arrive).
  var modelHay = D.models.map(function (m) { return (m.name + " " + m.doc + " " + m.group + " " + m.layer).toLowerCase(); });
  var colIndex = [];
  function indexColumns(m) {
    m.columns.forEach(function (c) { colIndex.push([m, c, (c.name + " " + c.doc).toLowerCase()]); });
  }
  // Columns and tests live in data/columns-<k>.js (D.chunk models each), loaded by script tags
  // on demand; a site written without chunks has them inline.
  var CH = D.chunk || D.models.length || 1;
  var nChunks = D.chunk ? Math.ceil(D.models.length / CH) : 0;
  var loaded = [], waiting = {}, nLoaded = 0;
  if (!D.chunk) D.models.forEach(indexColumns);
  window.__docsChunk = function (k, rows) {
    rows.forEach(function (r, j) { var m = D.models[k * CH + j]; m.columns = r[0]; m.tests = r[1]; indexColumns(m); });
    loaded[k] = true; nLoaded++; readBy = null;
    if (nLoaded === nChunks) window.__timing.allColumnsMs = performance.now();
    (waiting[k] || []).forEach(function (f) { f(); });
    delete waiting[k];
  };
  function loadChunk(k, cb) {
    if (!D.chunk || loaded[k]) { cb(); return; }
    if (waiting[k]) { waiting[k].push(cb); return; }
    waiting[k] = [cb];
    var sc = document.createElement("script");
    sc.src = "data/columns-" + k + ".js";
    document.head.appendChild(sc);
  }
  function withModel(m, cb) { loadChunk(Math.floor(m.i / CH), cb); }
  function allLoaded() { return !D.chunk || nLoaded === nChunks; }
  function withAll(cb) {
    var left = nChunks;
    if (allLoaded()) { cb(); return; }
    for (var k = 0; k < nChunks; k++) loadChunk(k, function () { if (--left === 0) cb(); });
  }
  // After the first page: load the remaining chunks one by one, yielding between them.
  function preload(k) { if (k < nChunks) loadChunk(k, function () { setTimeout(function () { preload(k + 1); }, 0); }); }
  window.__timing = { dataParsedMs: T0 };

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }
  function el(id) { return document.getElementById(id); }
  function modelLink(n, cls) {
    var m = byName.get(n);
    var layer = m ? m.layer : "local";
    return '<a class="' + (cls || "") + ' layer-' + layer + '" href="#/model/' + encodeURIComponent(n) + '">' + esc(n) + "</a>";
  }
  function colLink(ref) {
    return '<a class="col-edge mono" href="#/column/' + encodeURIComponent(ref) + '">' + esc(ref) + "</a>";
  }
  function splitRef(ref) {
    var k = ref.lastIndexOf(".");
    return [ref.slice(0, k), ref.slice(k + 1)];
  }
  function parseHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, "")) || "/";
    var q = {};
    var qi = h.indexOf("?");
    if (qi >= 0) {
      h.slice(qi + 1).split("&").forEach(function (kv) { var p = kv.split("="); q[p[0]] = p.slice(1).join("="); });
      h = h.slice(0, qi);
    }
    var parts = h.split("/").filter(Boolean);
    return { parts: parts, q: q };
  }

  // ------------------------------------------------------------------ sidebar / search
  var enabledLayers = new Set(LAYERS);
  function renderFilters() {
    el("filters").innerHTML = LAYERS.map(function (l) {
      var n = D.models.filter(function (m) { return m.layer === l; }).length;
      if (!n) return "";
      return '<label><input type="checkbox" data-layer="' + l + '" checked> ' + l + " (" + n + ")</label>";
    }).join("");
    el("filters").addEventListener("change", function (e) {
      var l = e.target.getAttribute("data-layer");
      if (e.target.checked) enabledLayers.add(l); else enabledLayers.delete(l);
      renderResults();
    });
  }
  var LIMIT = 300;
  function renderResults() {
    var q = el("search").value.trim().toLowerCase();
    var html = [];
    var terms = q.split(/\s+/).filter(Boolean);
    function hit(hay) { for (var t = 0; t < terms.length; t++) if (hay.indexOf(terms[t]) < 0) return false; return true; }
    var models = [];
    for (var i = 0; i < D.models.length; i++) {
      var m = D.models[i];
      if (!enabledLayers.has(m.layer)) continue;
      if (!terms.length || hit(modelHay[i])) models.push(m);
    }
    LAYERS.forEach(function (l) {
      var ms = models.filter(function (m) { return m.layer === l; });
      if (!ms.length) return;
      html.push("<h4>" + l + " · " + ms.length + "</h4>");
      var lastGroup = null;
      ms.slice(0, LIMIT).forEach(function (m) {
        html.push('<a role="listitem" class="model-result" href="#/model/' + encodeURIComponent(m.name) + '">' + esc(m.name) +
          (m.group !== lastGroup ? " <small>" + esc(m.group) + "</small>" : "") + "</a>");
        lastGroup = m.group;
      });
      if (ms.length > LIMIT) html.push('<div class="more">… ' + (ms.length - LIMIT) + " more: refine the search</div>");
    });
    if (terms.length && !allLoaded()) {
      html.push('<div class="more" id="columns-loading">Loading columns… (' + nLoaded + "/" + nChunks + ")</div>");
      withAll(function () { if (el("search").value.trim().toLowerCase() === q) renderResults(); });
    } else if (terms.length) {
      var cols = [];
      for (var j = 0; j < colIndex.length && cols.length <= LIMIT; j++) {
        if (enabledLayers.has(colIndex[j][0].layer) && hit(colIndex[j][2])) cols.push(colIndex[j]);
      }
      if (cols.length) {
        html.push("<h4>columns · " + (cols.length > LIMIT ? LIMIT + "+" : cols.length) + "</h4>");
        cols.slice(0, LIMIT).forEach(function (x) {
          html.push('<a role="listitem" class="column-result" href="#/model/' + encodeURIComponent(x[0].name) + "?col=" +
            encodeURIComponent(x[1].name) + '">' + esc(x[1].name) + " <small>" + esc(x[0].name) + "</small></a>");
        });
      }
    }
    if (!html.length) html.push('<div class="more">No match.</div>');
    el("results").innerHTML = html.join("");
  }

  // ------------------------------------------------------------------ pages
  function home() {
    var counts = LAYERS.map(function (l) {
      var n = D.models.filter(function (m) { return m.layer === l; }).length;
      return n ? '<div class="card"><b>' + n + '</b><span class="layer-' + l + '">' + l + "</span></div>" : "";
    }).join("");
    var cols = D.models.reduce(function (a, m) { return a + (m.n_columns != null ? m.n_columns : m.columns.length); }, 0);
    var run = D.run ? "<p>Last run: ds <code>" + esc(D.run.ds) + "</code>, " + (D.run.success ? '<span class="badge pass">success</span>' : '<span class="badge fail">failed</span>') +
      " in " + D.run.elapsed_s.toFixed(2) + " s.</p>" : "<p>No run results found in the warehouse.</p>";
    el("main").innerHTML = "<h1>" + esc(D.name) + "</h1><p>Generated " + esc(D.generated_at) + ". " + D.models.length + " nodes, " + cols +
      " columns.</p>" + run + '<div class="cards">' + counts + "</div>" +
      "<h2>Find</h2><p>Search on the left by model name, column name or documentation text; open the <a href=\"#/graph\">lineage graph</a> to explore dependencies.</p>";
  }

  function testBadge(t) {
    var st = t.status || "not run";
    var tip = (t.message || "") + (t.cite ? " — " + t.cite : "");
    return '<span class="badge ' + esc(t.status || "") + '" title="' + esc(tip) + '">' + esc(t.name) + ": " + esc(st) +
      (t.failures ? " (" + t.failures + ")" : "") + "</span>";
  }

  function modelPage(name, q) {
    var m = byName.get(name);
    if (!m) { el("main").innerHTML = "<h1>Unknown model " + esc(name) + "</h1>"; return; }
    if (!m.columns) {
      var at = location.hash;
      el("main").innerHTML = "<p>Loading " + esc(name) + "…</p>";
      withModel(m, function () { if (location.hash === at) modelPage(name, q); });
      return;
    }
    var rows = [];
    function meta(k, v) { if (v !== null && v !== undefined && v !== "") rows.push("<tr><td>" + k + "</td><td>" + v + "</td></tr>"); }
    meta("layer", '<span class="layer-' + m.layer + '">' + m.layer + "</span> · group <code>" + esc(m.group) + "</code>");
    meta("materialisation", esc(m.materialized));
    meta("grain", m.grain.length ? m.grain.map(function (g) { return "<code>" + esc(g) + "</code>"; }).join(", ") : "(none)");
    meta("partitioned by", m.partition_by ? "<code>" + esc(m.partition_by) + "</code>" : null);
    meta("source file", m.source && m.layer === "source" ? "<code>" + esc(m.source) + ".{parquet,csv}</code>" : null);
    if (m.last_run) {
      meta("last run", '<span class="badge ' + esc(m.last_run.status) + '">' + esc(m.last_run.status) + "</span> " +
        (m.last_run.rows != null ? m.last_run.rows + " rows, " : "") + m.last_run.seconds.toFixed(3) + " s" +
        (m.last_run.message ? " — " + esc(m.last_run.message) : ""));
    }
    meta("spec rules", m.rules.length ? m.rules.map(function (r) { return "<code>" + esc(r) + "</code>"; }).join(" ") : null);
    var upstream = m.inputs.map(function (n) { return modelLink(n, "edge-up"); }).join("") || "—";
    var downstream = m.consumers.map(function (n) { return modelLink(n, "edge-down"); }).join("") || "—";
    var testsByCol = {};
    m.tests.forEach(function (t) { var k = t.column || ""; (testsByCol[k] = testsByCol[k] || []).push(t); });
    var colRows = m.columns.map(function (c) {
      var reads = c.reads.map(colLink).join("<br>");
      var how = c.derivation === "pass" ? "pass-through" : c.derivation === "expr" ? "computed" : c.derivation;
      return '<tr id="col-' + esc(c.name) + '"' + (q.col === c.name ? ' class="hl"' : "") + "><td><a class=\"mono\" href=\"#/column/" +
        encodeURIComponent(m.name + "." + c.name) + '" title="column lineage">' + esc(c.name) + "</a></td><td><code>" + esc(c.logical) +
        "</code><br><small>" + esc(c.dtype) + "</small></td><td>" + (c.nullable ? "nullable" : "not null") + "</td><td>" + esc(c.doc) +
        "</td><td>" + (testsByCol[c.name] || []).map(testBadge).join("") + "</td><td><small>" + how + "</small><br>" + reads + "</td></tr>";
    }).join("");
    var modelTests = (testsByCol[""] || []).map(testBadge).join(" ") || "—";
    el("main").innerHTML = '<h1 id="model-title">' + esc(m.name) + '</h1><div class="doc">' + esc(m.doc) + "</div>" +
      '<h2>About</h2><table class="meta">' + rows.join("") + "</table>" +
      '<h2>Lineage</h2><p class="edges">Upstream: ' + upstream + '</p><p class="edges">Downstream: ' + downstream + "</p>" +
      '<p><a id="open-graph" href="#/graph?focus=' + encodeURIComponent(m.name) + '&dir=both">Show in the lineage graph</a> · ' +
      '<a href="#/graph?focus=' + encodeURIComponent(m.name) + '&dir=up">ancestors</a> · <a href="#/graph?focus=' +
      encodeURIComponent(m.name) + '&dir=down">descendants</a></p>' +
      "<h2>Model tests</h2><p>" + modelTests + "</p>" +
      "<h2>Columns (" + m.columns.length + ')</h2><table id="columns"><thead><tr><th>column</th><th>type</th><th>null</th><th>doc</th><th>tests (last result)</th><th>reads</th></tr></thead><tbody>' +
      colRows + "</tbody></table>";
    if (q.col) { var r = document.getElementById("col-" + q.col); if (r) r.scrollIntoView({ block: "center" }); }
  }

  // ------------------------------------------------------------------ graph
  // Nodes: {id, label, layer, x, y}; edges: [from, to] indices. Layered layout: x = longest
  // path depth, y = order in the column (by group then name, then one barycentre sweep).
  function layout(nodes, edges) {
    var n = nodes.length, preds = [], succ = [];
    for (var i = 0; i < n; i++) { preds.push([]); succ.push([]); }
    edges.forEach(function (e) { preds[e[1]].push(e[0]); succ[e[0]].push(e[1]); });
    // Depth by Kahn's algorithm (cycles, impossible in a DAG, fall back to 0).
    var indeg = preds.map(function (p) { return p.length; }), depth = new Array(n).fill(0), queue = [];
    for (i = 0; i < n; i++) if (!indeg[i]) queue.push(i);
    for (var h = 0; h < queue.length; h++) {
      var u = queue[h];
      succ[u].forEach(function (v) { depth[v] = Math.max(depth[v], depth[u] + 1); if (--indeg[v] === 0) queue.push(v); });
    }
    var cols = [];
    for (i = 0; i < n; i++) (cols[depth[i]] = cols[depth[i]] || []).push(i);
    var pos = new Array(n).fill(0);
    cols.forEach(function (c, d) {
      if (d === 0) c.sort(function (a, b) { return nodes[a].label < nodes[b].label ? -1 : 1; });
      else {
        var bary = {};
        c.forEach(function (v) { var p = preds[v]; bary[v] = p.length ? p.reduce(function (s, x) { return s + pos[x]; }, 0) / p.length : 0; });
        c.sort(function (a, b) { return bary[a] - bary[b]; });
      }
      c.forEach(function (v, k) { pos[v] = k; });
    });
    var maxRows = cols.reduce(function (a, c) { return Math.max(a, c ? c.length : 0); }, 1);
    cols.forEach(function (c, d) {
      if (!c) return;
      var off = (maxRows - c.length) / 2;
      c.forEach(function (v, k) { nodes[v].x = d * 280; nodes[v].y = (k + off) * 34; });
    });
    return { preds: preds, succ: succ };
  }

  function closure(start, adj) {
    var seen = new Set([start]), stack = [start];
    while (stack.length) { var u = stack.pop(); adj[u].forEach(function (v) { if (!seen.has(v)) { seen.add(v); stack.push(v); } }); }
    return seen;
  }

  var G = null; // the graph on screen (window.__graph for tests)
  function drawGraph(spec) {
    // spec: {nodes, edges, title, focus (index or -1), openHref(node)}
    var main = el("main");
    main.classList.add("graph-mode");
    main.innerHTML = '<div id="graph-wrap"><canvas id="graph"></canvas><div id="graph-bar">' + spec.bar +
      '<button id="fit">Fit</button><span class="legend">' + LAYERS.map(function (l) { return '<span style="color:' + COLORS[l] + '">■ ' + l + "</span>"; }).join("") +
      '</span><span id="graph-info"></span></div></div>';
    var canvas = el("graph"), ctx = canvas.getContext("2d");
    var nodes = spec.nodes, edges = spec.edges;
    var adj = layout(nodes, edges);
    var W = 0, H = 0, dpr = window.devicePixelRatio || 1;
    var view = { x: 0, y: 0, k: 1 };
    var NW = 220, NH = 24;
    var selected = spec.focus, hi = null;
    function setSelected(i) {
      selected = i;
      hi = i >= 0 ? new Set([].concat(Array.from(closure(i, adj.preds)), Array.from(closure(i, adj.succ)))) : null;
      el("graph-info").innerHTML = i >= 0 ? '<a id="graph-open" href="' + spec.openHref(nodes[i]) + '">open ' + esc(nodes[i].label) + "</a> · " +
        (hi.size - 1) + " related" : nodes.length + " nodes, " + edges.length + " edges — click a node to highlight its lineage, double-click to open it";
      schedule();
    }
    function resize() {
      W = canvas.clientWidth; H = canvas.clientHeight;
      canvas.width = W * dpr; canvas.height = H * dpr;
      schedule();
    }
    function fit() {
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      nodes.forEach(function (n) { minX = Math.min(minX, n.x); minY = Math.min(minY, n.y); maxX = Math.max(maxX, n.x + NW); maxY = Math.max(maxY, n.y + NH); });
      if (!nodes.length) return;
      // Fit below the tool bar, centred on both axes.
      var top = 80, k = Math.min((W - 40) / (maxX - minX || 1), (H - top - 20) / (maxY - minY || 1), 1.5);
      view.k = k;
      view.x = W / 2 - ((minX + maxX) / 2) * k;
      view.y = top + (H - top - 20) / 2 - ((minY + maxY) / 2) * k;
      schedule();
    }
    var pending = false;
    function schedule() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
    function draw() {
      pending = false;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, W, H);
      ctx.setTransform(dpr * view.k, 0, 0, dpr * view.k, dpr * view.x, dpr * view.y);
      var x0 = -view.x / view.k, y0 = -view.y / view.k, x1 = x0 + W / view.k, y1 = y0 + H / view.k;
      function vis(n) { return n.x + NW >= x0 && n.x <= x1 && n.y + NH >= y0 && n.y <= y1; }
      // Edges: faint for all, strong for the highlighted lineage.
      ctx.lineWidth = 1 / view.k;
      for (var pass = 0; pass < 2; pass++) {
        ctx.beginPath();
        ctx.strokeStyle = pass ? "#d9480f" : (hi ? "rgba(120,130,150,.12)" : "rgba(120,130,150,.45)");
        if (pass) ctx.lineWidth = 2 / view.k;
        for (var e = 0; e < edges.length; e++) {
          var a = nodes[edges[e][0]], b = nodes[edges[e][1]];
          var strong = hi && hi.has(edges[e][0]) && hi.has(edges[e][1]);
          if ((pass === 1) !== !!strong) continue;
          if (!vis(a) && !vis(b) && (Math.max(a.x, b.x) < x0 || Math.min(a.x, b.x) > x1)) continue;
          var ax = a.x + NW, ay = a.y + NH / 2, bx = b.x, by = b.y + NH / 2, mx = (ax + bx) / 2;
          ctx.moveTo(ax, ay); ctx.bezierCurveTo(mx, ay, mx, by, bx, by);
        }
        ctx.stroke();
      }
      var labels = view.k > 0.35;
      ctx.font = "12px system-ui, sans-serif";
      ctx.textBaseline = "middle";
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        if (!vis(n)) continue;
        var dim = hi && !hi.has(i);
        ctx.globalAlpha = dim ? 0.25 : 1;
        ctx.fillStyle = i === selected ? "#fff3bf" : "#fff";
        ctx.strokeStyle = COLORS[n.layer] || "#999";
        ctx.lineWidth = (i === selected ? 3 : 1.5) / view.k;
        ctx.fillRect(n.x, n.y, NW, NH);
        ctx.strokeRect(n.x, n.y, NW, NH);
        ctx.fillStyle = COLORS[n.layer] || "#999";
        ctx.fillRect(n.x, n.y, 5, NH);
        if (labels) {
          ctx.fillStyle = "#1d2430";
          var t = n.label.length > 32 ? n.label.slice(0, 31) + "…" : n.label;
          ctx.fillText(t, n.x + 9, n.y + NH / 2);
        }
      }
      ctx.globalAlpha = 1;
    }
    function nodeAt(px, py) {
      var x = (px - view.x) / view.k, y = (py - view.y) / view.k;
      for (var i = 0; i < nodes.length; i++) { var n = nodes[i]; if (x >= n.x && x <= n.x + NW && y >= n.y && y <= n.y + NH) return i; }
      return -1;
    }
    // Pan (drag), zoom (wheel, around the pointer), click (select), double-click (open).
    var drag = null, moved = false;
    canvas.addEventListener("mousedown", function (ev) { drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y }; moved = false; canvas.style.cursor = "grabbing"; });
    window.addEventListener("mousemove", function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) moved = true;
      view.x = drag.vx + dx; view.y = drag.vy + dy; schedule();
    });
    window.addEventListener("mouseup", function () { drag = null; canvas.style.cursor = "grab"; });
    // Names on hover (labels are not drawn when zoomed far out).
    canvas.addEventListener("mousemove", function (ev) {
      if (drag) return;
      var r = canvas.getBoundingClientRect(), i = nodeAt(ev.clientX - r.left, ev.clientY - r.top);
      canvas.title = i >= 0 ? nodes[i].label : "";
    });
    canvas.addEventListener("click", function (ev) {
      if (moved) return;
      var r = canvas.getBoundingClientRect();
      setSelected(nodeAt(ev.clientX - r.left, ev.clientY - r.top));
    });
    canvas.addEventListener("dblclick", function (ev) {
      var r = canvas.getBoundingClientRect(), i = nodeAt(ev.clientX - r.left, ev.clientY - r.top);
      if (i >= 0) location.hash = spec.openHref(nodes[i]);
    });
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var r = canvas.getBoundingClientRect(), px = ev.clientX - r.left, py = ev.clientY - r.top;
      var f = Math.exp(-ev.deltaY * 0.0015), k = Math.min(4, Math.max(0.01, view.k * f));
      view.x = px - (px - view.x) * (k / view.k); view.y = py - (py - view.y) * (k / view.k); view.k = k; schedule();
    }, { passive: false });
    window.onresize = resize;
    el("fit").onclick = fit;
    if (spec.onBar) spec.onBar();
    resize();
    fit();
    setSelected(selected);
    G = {
      nodes: nodes, edges: edges, view: view,
      // Screen position (relative to the canvas) of a node's centre, for tests.
      screenPos: function (label) {
        var i = nodes.findIndex(function (n) { return n.label === label; });
        if (i < 0) return null;
        var n = nodes[i];
        return { x: view.x + (n.x + NW / 2) * view.k, y: view.y + (n.y + NH / 2) * view.k };
      },
      center: function (label) {
        var i = nodes.findIndex(function (n) { return n.label === label; });
        if (i < 0) return;
        view.k = Math.max(view.k, 0.8); view.x = W / 2 - (nodes[i].x + NW / 2) * view.k; view.y = H / 2 - (nodes[i].y + NH / 2) * view.k; schedule();
      },
      select: setSelected,
    };
    window.__graph = G;
    requestAnimationFrame(function () {
      window.__timing.graphReadyMs = performance.now();
      document.body.setAttribute("data-graph-ready", String(nodes.length));
    });
  }

  function modelGraph(q) {
    var focus = q.focus ? byName.get(q.focus) : null;
    var dir = q.dir || "both";
    var keep;
    if (focus) {
      keep = new Set([focus.name]);
      var walk = function (start, next) {
        var stack = [start];
        while (stack.length) {
          var m = byName.get(stack.pop());
          if (!m) continue;
          next(m).forEach(function (x) { if (!keep.has(x)) { keep.add(x); stack.push(x); } });
        }
      };
      if (dir !== "down") walk(focus.name, function (m) { return m.inputs; });
      if (dir !== "up") walk(focus.name, function (m) { return m.consumers; });
    }
    var nodes = [], index = new Map();
    D.models.forEach(function (m) {
      if (keep && !keep.has(m.name)) return;
      index.set(m.name, nodes.length);
      nodes.push({ label: m.name, layer: m.layer });
    });
    var edges = [];
    D.models.forEach(function (m) {
      if (!index.has(m.name)) return;
      m.inputs.forEach(function (i) { if (index.has(i)) edges.push([index.get(i), index.get(m.name)]); });
    });
    var options = D.models.length <= 3000
      ? '<select id="focus-select"><option value="">(whole project)</option>' + D.models.map(function (m) {
        return "<option" + (focus && focus.name === m.name ? " selected" : "") + ">" + esc(m.name) + "</option>";
      }).join("") + "</select>"
      : '<input id="focus-input" list="" placeholder="focus on model…" value="' + esc(focus ? focus.name : "") + '" size="28">';
    drawGraph({
      nodes: nodes, edges: edges,
      focus: focus ? index.get(focus.name) : -1,
      openHref: function (n) { return "#/model/" + encodeURIComponent(n.label); },
      bar: "<b>Models</b> focus: " + options + ' <select id="dir-select"><option value="both">ancestors + descendants</option><option value="up">ancestors</option><option value="down">descendants</option></select>',
      onBar: function () {
        el("dir-select").value = dir;
        var go = function (name) { location.hash = "#/graph" + (name ? "?focus=" + encodeURIComponent(name) + "&dir=" + el("dir-select").value : ""); };
        var fs = el("focus-select"), fi = el("focus-input");
        if (fs) fs.onchange = function () { go(fs.value); };
        if (fi) fi.onchange = function () { go(byName.has(fi.value) ? fi.value : ""); };
        el("dir-select").onchange = function () { go(focus ? focus.name : ""); };
      },
    });
  }

  function columnGraph(ref, q) {
    if (!allLoaded()) {
      var at = location.hash;
      el("main").innerHTML = "<p>Loading columns…</p>";
      withAll(function () { if (location.hash === at) columnGraph(ref, q); });
      return;
    }
    var dir = q.dir || "both";
    var rb = columnReadBy();
    var reads = function (r) { var mc = splitRef(r), m = byName.get(mc[0]); var c = m && m.columns.find(function (c) { return c.name === mc[1]; }); return c ? c.reads : []; };
    var keep = new Set([ref]);
    var walk = function (next) {
      var stack = [ref];
      while (stack.length) next(stack.pop()).forEach(function (x) { if (!keep.has(x)) { keep.add(x); stack.push(x); } });
    };
    if (dir !== "down") walk(reads);
    if (dir !== "up") walk(function (r) { return rb.get(r) || []; });
    var nodes = [], index = new Map();
    keep.forEach(function (r) { index.set(r, nodes.length); var m = byName.get(splitRef(r)[0]); nodes.push({ label: r, layer: m ? m.layer : "local" }); });
    var edges = [];
    keep.forEach(function (r) { reads(r).forEach(function (u) { if (index.has(u)) edges.push([index.get(u), index.get(r)]); }); });
    var mc = splitRef(ref);
    drawGraph({
      nodes: nodes, edges: edges, focus: index.get(ref),
      openHref: function (n) { var p = splitRef(n.label); return "#/model/" + encodeURIComponent(p[0]) + "?col=" + encodeURIComponent(p[1]); },
      bar: "<b>Column</b> " + modelLink(mc[0]) + "<code>." + esc(mc[1]) + '</code> <select id="dir-select"><option value="both">upstream + downstream</option><option value="up">upstream</option><option value="down">downstream</option></select>',
      onBar: function () {
        el("dir-select").value = dir;
        el("dir-select").onchange = function () { location.hash = "#/column/" + encodeURIComponent(ref) + "?dir=" + el("dir-select").value; };
      },
    });
  }

  // ------------------------------------------------------------------ router
  function route() {
    var r = parseHash();
    var main = el("main");
    main.classList.remove("graph-mode");
    window.onresize = null;
    document.body.removeAttribute("data-graph-ready");
    if (r.parts[0] === "model") modelPage(r.parts.slice(1).join("/"), r.q);
    else if (r.parts[0] === "graph") modelGraph(r.q);
    else if (r.parts[0] === "column") columnGraph(r.parts.slice(1).join("/"), r.q);
    else home();
    document.body.setAttribute("data-route", r.parts[0] || "home");
    Array.prototype.forEach.call(document.querySelectorAll("#results a.current"), function (a) { a.classList.remove("current"); });
    if (r.parts[0] === "model") {
      var a = document.querySelector('#results a[href="#/model/' + encodeURIComponent(r.parts.slice(1).join("/")) + '"]');
      if (a) a.classList.add("current");
    }
    if (r.parts[0] !== "graph" && r.parts[0] !== "column") main.scrollTop = 0;
  }

  var timer = null;
  el("search").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(renderResults, 60); });
  renderFilters();
  renderResults();
  window.addEventListener("hashchange", route);
  route();
  window.__timing.interactiveMs = performance.now();
  document.body.setAttribute("data-ready", "1");
  setTimeout(function () { preload(0); }, 50);
})();
