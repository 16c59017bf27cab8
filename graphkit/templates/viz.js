/* graphkit visualizer: draws the page's embedded JSON with vis-network.
   Strings from the data only ever become text (textContent), never HTML. */
(function () {
  "use strict";
  var root = document.documentElement;
  var holder = document.getElementById("gk-data");
  var container = document.getElementById("gk-network");
  if (!holder || !container || typeof vis === "undefined") {
    return;
  }
  var marks = (window.__gkMarks = { start: performance.now() });
  // In a frame, the page takes the height of its content (the diagram a fixed share of
  // the width) and tells the host page that height, so a few lines of host script (the
  // embed snippet's) can size the frame: no scrolling inside it. Only a number is sent.
  var framed = true;
  try {
    framed = window.self !== window.top;
  } catch (err) {
    framed = true;
  }
  if (framed) {
    root.setAttribute("data-gk-embedded", "1");
    var sentHeight = 0;
    var postHeight = function () {
      var height = Math.ceil(document.body.getBoundingClientRect().height);
      if (height && height !== sentHeight) {
        sentHeight = height;
        window.parent.postMessage({ type: "graphkit:height", height: height }, "*");
      }
    };
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(postHeight).observe(document.body);
    }
    window.addEventListener("load", postHeight);
    document.addEventListener("DOMContentLoaded", postHeight);
    postHeight();
  }
  var data = JSON.parse(holder.textContent);
  marks.parsed = performance.now();
  var VIS_KEYS = {
    tip: 1, lines: 1, cites: 1, role: 1, kind: 1, carries: 1, onPath: 1,
    gkGroup: 1, gkWhen: 1, gkHide: 1, gkMembers: 1, xt: 1, yt: 1
  };
  // A big overview comes summarised (graphkit/viz/groups.py): a group node ("9 more
  // agencies") stands for its members until it is opened; links to a folded member are
  // drawn to its group. Which of them is drawn depends only on which groups are open.
  var opened = {};
  function foldedAway(item) {
    if (item.gkMembers) {
      return !!opened[item.id];
    }
    if (item.gkGroup) {
      return !opened[item.gkGroup];
    }
    if (item.gkWhen) {
      return Object.keys(item.gkWhen).some(function (g) { return !!opened[g] !== item.gkWhen[g]; });
    }
    return false;
  }
  var offDate = { nodes: {}, edges: {} }; // not drawn on the date shown (the slider's)

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) {
      node.className = cls;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function tooltip(lines) {
    var box = el("div", "gk-tip");
    (lines || []).forEach(function (line) {
      var row = el("div", null, line);
      row.dir = "auto";
      box.appendChild(row);
    });
    return box;
  }

  function webUrl(text) {
    if (typeof text !== "string") {
      return null;
    }
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (err) {
      return null;
    }
  }

  function forVis(item) {
    var out = {};
    Object.keys(item).forEach(function (key) {
      if (!VIS_KEYS[key]) {
        out[key] = item[key];
      }
    });
    out.title = tooltip(item.tip);
    out.hidden = !!item.hidden || foldedAway(item);
    return out;
  }

  // On a small screen the legend starts folded (before the diagram takes its size).
  var legend = document.getElementById("gk-legend");
  if (legend && container.clientWidth < 520) {
    legend.open = false;
  }

  // Answers are laid out left to right. In a tall, narrow container (a phone held
  // upright) that leaves everything tiny: turn the picture to run top to bottom when
  // that lets it be drawn bigger.
  function orient(items) {
    var layered = { reach: 1, reachable: 1, path: 1 };
    var width = container.clientWidth;
    var height = container.clientHeight;
    if (items.length && items[0].yt !== undefined) {
      // An overview comes with its own picture for a tall frame (graphkit/viz/layout.py).
      if (height > width) {
        items.forEach(function (n) {
          n.x = n.xt;
          n.y = n.yt;
        });
        root.setAttribute("data-gk-turned", "1");
      }
      return;
    }
    if (!layered[data.view] || items.length < 2 || !width || height <= width) {
      return;
    }
    var xs = items.map(function (n) { return n.x; });
    var ys = items.map(function (n) { return n.y; });
    var spanX = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var spanY = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var label = 220; // room for a node's label beside it
    var now = Math.min(width / (spanX + label), height / (spanY + 60));
    var turned = Math.min(width / (spanY * 2.6 + label), height / (spanX * 0.7 + 60));
    if (turned > now * 1.15) {
      items.forEach(function (n) {
        var x = n.x;
        n.x = n.y * 2.6;
        n.y = x * 0.7;
      });
      root.setAttribute("data-gk-turned", "1");
    }
  }
  orient(data.nodes);
  var groupIds = data.nodes.filter(function (n) { return n.gkMembers; }).map(function (n) { return n.id; });
  if (groupIds.length) {
    root.classList.add("gk-grouped"); // a summarised overview: on a phone, a taller diagram
  }

  var info = { node: {}, edge: {} };
  var nodes = data.nodes.map(function (item) {
    info.node[item.id] = item;
    offDate.nodes[item.id] = !!item.hidden;
    return forVis(item);
  });
  var edges = data.edges.map(function (item) {
    info.edge[item.id] = item;
    offDate.edges[item.id] = !!item.hidden;
    return forVis(item);
  });

  marks.prepared = performance.now();
  var network = new vis.Network(
    container,
    { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
    data.options
  );
  window.gkNetwork = network;
  marks.constructed = performance.now();

  // vis-network fits the nodes before their labels are measured, so long labels at the
  // edges get cut off: once drawn (labels measured), fit again with a margin.
  var touched = false;
  var active = null; // the path shown from the text version, if any
  // The fit places the nodes so that their labels, drawn at a readable size (READ_PX,
  // below), have room around them: the widest label beside the leftmost and rightmost
  // nodes, the tallest below the lowest. Hidden (folded) nodes take no room.
  function labelRoom(scale) {
    var w = 0;
    var h = 0;
    if (!measure) {
      measure = document.createElement("canvas").getContext("2d");
    }
    Object.keys(info.node).forEach(function (id) {
      var node = network.body.nodes[id];
      var want = READ_PX[info.node[id].role];
      if (!node || node.options.hidden || !want) {
        return;
      }
      var px = Math.max(want, ((info.node[id].font || {}).size || 0) * scale);
      var lines = String(info.node[id].label || "").split("\n");
      measure.font = px + "px system-ui, sans-serif";
      lines.forEach(function (line) { w = Math.max(w, measure.measureText(line).width); });
      h = Math.max(h, lines.length * px * 1.3);
    });
    return { w: w, h: h };
  }
  function fitOnce() {
    var ids = network.body.nodeIndices.filter(function (id) {
      return !network.body.nodes[id].options.hidden;
    });
    if (!ids.length) {
      network.fit({ animation: false });
      return;
    }
    var pos = network.getPositions(ids);
    var xs = ids.map(function (id) { return pos[id].x; });
    var ys = ids.map(function (id) { return pos[id].y; });
    var minX = Math.min.apply(null, xs);
    var maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys);
    var maxY = Math.max.apply(null, ys);
    var width = container.clientWidth || 300;
    var height = container.clientHeight || 300;
    var scale = 1;
    var room = null;
    for (var round = 0; round < 3; round++) { // the room a label takes depends on the scale
      room = labelRoom(scale);
      var sx = (width - room.w - 16) / Math.max(maxX - minX, 1);
      var sy = (height - room.h - 56) / Math.max(maxY - minY, 1);
      scale = Math.max(0.02, Math.min(sx, sy, 1.3));
    }
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + room.h / 2 / scale },
      scale: scale,
      animation: false
    });
  }
  // Labels are drawn at a size a reader can read at the fitted zoom (at least READ_PX
  // CSS pixels), however small the fit makes the diagram; fit again once they are.
  var READ_PX = { subject: 13, path: 11.5, group: 11.5, edge: 10.5 };
  var measure = null; // a canvas to measure text on
  function readableFonts() {
    var scale = network.getScale();
    var changes = { nodes: [], edges: [] };
    var resize = function (kind, id, item, want) {
      var font = item && item.font;
      if (!font || !font.size || !want) {
        return;
      }
      var size = Math.max(font.size, Math.ceil(want / scale));
      var now = network.body[kind][id];
      if (now && now.options.font.size !== size) {
        var out = {};
        Object.keys(font).forEach(function (key) { out[key] = font[key]; });
        out.size = size;
        changes[kind].push({ id: id, font: out });
      }
    };
    Object.keys(info.node).forEach(function (id) {
      resize("nodes", id, info.node[id], READ_PX[info.node[id].role]);
    });
    Object.keys(info.edge).forEach(function (id) {
      resize("edges", id, info.edge[id], info.edge[id].onPath ? READ_PX.edge : 0);
    });
    if (changes.nodes.length) {
      network.body.data.nodes.update(changes.nodes);
    }
    if (changes.edges.length) {
      network.body.data.edges.update(changes.edges);
    }
    return changes.nodes.length + changes.edges.length;
  }
  function refit() {
    fitOnce();
    readableFonts(); // in the diagram's units: the fit above does not depend on them
  }
  // No two labels overlap. Once drawn (labels measured, in the diagram's own units, so
  // zooming changes nothing), each label is kept in full if it covers none kept before
  // it, in this order: what was asked about, the answer's parties and datasets, the
  // answer's links, the faded surroundings. Otherwise it is shortened (a link to its
  // agreement's kind, a name to its start), or left to the tooltip, the details panel
  // and the text version, which always hold it in full.
  var tidy = data.nodes.filter(function (n) { return !n.gkHide; }).length <= 200; // bigger graphs draw their labels only when zoomed in
  var tidying = 0; // rounds left: after a change of date, re-measure until nothing moves
  var retidy = 0; // whole tidies still to run (a group's toggle takes two)
  var ROLE_ORDER = { subject: 0, group: 1, path: 1 };
  var NONE = "\u200b"; // vis-network keeps the old label when given "": draw nothing instead
  function labelVariants(text, isEdge) {
    var out = [text];
    var cut = isEdge ? text.split(" · ")[0] : text; // a name is never cut: whole, or in the tooltip
    if (cut !== text) {
      out.push(cut);
    }
    out.push(NONE);
    return out;
  }
  function textWidth(module, text) {
    if (!measure) {
      measure = document.createElement("canvas").getContext("2d");
    }
    measure.font = module.fontOptions.size + "px " + module.fontOptions.face;
    return measure.measureText(text).width;
  }
  function declutter(restore) {
    var body = network.body;
    var items = [];
    function collect(kind, list, id) {
      var item = list[id];
      var source = (kind === "nodes" ? info.node : info.edge)[id];
      if (!item || item.options.hidden || !source || !source.label) {
        return;
      }
      var rank = kind === "nodes" ? (ROLE_ORDER[source.role] === undefined ? 3 : ROLE_ORDER[source.role]) : 2;
      items.push({ kind: kind, id: id, item: item, full: source.label, rank: rank, order: items.length });
    }
    body.nodeIndices.forEach(function (id) { collect("nodes", body.nodes, id); });
    body.edgeIndices.forEach(function (id) { collect("edges", body.edges, id); });
    var changes = { nodes: [], edges: [] };
    if (restore) {
      items.forEach(function (it) {
        if (it.item.options.label !== it.full) {
          changes[it.kind].push({ id: it.id, label: it.full });
        }
      });
    } else {
      items.sort(function (a, b) { return a.rank - b.rank || a.order - b.order; });
      var pending = 0;
      var kept = [];
      var clear = function (box) {
        return kept.every(function (k) {
          return box.r - 1 <= k.l || k.r - 1 <= box.l || box.b - 1 <= k.t || k.b - 1 <= box.t;
        });
      };
      items.forEach(function (it) {
        var module = it.item.labelModule;
        var size = module.size;
        var now = it.item.options.label || "";
        if (!now || now === NONE) {
          return;
        }
        // An edge's label sits at the middle of the edge (where vis-network draws it),
        // measured here, so a label just restored is placed before it is drawn; a node's
        // is where it was last drawn, once drawn with its current text.
        var geometry;
        if (it.kind === "edges" && it.item.edgeType && it.item.edgeType.getPoint) {
          var mid = it.item.edgeType.getPoint(0.5);
          var tall = module.fontOptions.size * 1.25 + 2;
          geometry = function (text) {
            var w = textWidth(module, text) + 4;
            return { l: mid.x - w / 2, r: mid.x + w / 2, t: mid.y - tall / 2, b: mid.y + tall / 2 };
          };
        } else {
          var longest = Math.max.apply(null, now.split("\n").map(function (line) {
            return textWidth(module, line);
          }));
          if (!size || !size.width || Math.abs(longest - size.width) > Math.max(6, longest / 4)) {
            pending += 1; // not measured yet (just shown or changed): another round once drawn
            return;
          }
          var centre = size.left + size.width / 2;
          geometry = function (text) {
            var w = size.width * textWidth(module, text) / (textWidth(module, now) || size.width);
            return { l: centre - w / 2, r: centre + w / 2, t: size.top, b: size.top + size.height };
          };
        }
        var choices = labelVariants(it.full, it.kind === "edges");
        var start = Math.max(0, choices.indexOf(now));
        for (var i = start; i < choices.length; i++) {
          var text = choices[i];
          if (text === NONE) {
            break;
          }
          var box = geometry(text);
          if (clear(box) || it.rank === 0) {
            kept.push(box);
            break;
          }
        }
        var chosen = i < choices.length ? choices[i] : NONE;
        if (chosen !== now) {
          changes[it.kind].push({ id: it.id, label: chosen });
        }
      });
    }
    var changed = changes.nodes.length + changes.edges.length + (restore ? 0 : pending);
    if (changes.nodes.length) {
      body.data.nodes.update(changes.nodes);
    }
    if (changes.edges.length) {
      body.data.edges.update(changes.edges);
    }
    return changed;
  }
  function tidyLabels() {
    if (tidy) {
      root.removeAttribute("data-gk-tidy");
      tidying = 6;
      declutter(true); // every label in full, measured on the next drawing
      setTimeout(function () { network.redraw(); }, 0);
    }
  }
  network.on("afterDrawing", function () {
    if (tidying > 0) {
      tidying -= 1;
      if (!declutter(false) || !tidying) {
        tidying = 0;
        if (retidy > 0) {
          retidy -= 1; // a group just opened or folded: once more, from every label in full
          setTimeout(tidyLabels, 120);
          return;
        }
        root.setAttribute("data-gk-tidy", String(Math.round(performance.now())));
      }
    }
  });
  network.once("afterDrawing", function () {
    root.setAttribute("data-gk-drawn", String(Math.round(performance.now())));
    refit();
    if (!(data.options.physics && data.options.physics.enabled)) {
      tidyLabels();
    }
  });
  network.on("zoom", function () {
    touched = true;
  });
  network.on("dragEnd", function (params) {
    touched = true;
    if (params.nodes && params.nodes.length) {
      tidyLabels(); // a node moved: its labels may now cover others
    }
  });
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      if (!touched && !active) {
        refit();
      }
    }, 150);
  });
  if (data.options.physics && data.options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      if (!touched) {
        refit();
      }
      tidyLabels();
      root.setAttribute("data-gk-stabilized", String(Math.round(performance.now())));
    });
  } else {
    root.setAttribute("data-gk-stabilized", "0");
  }

  // ------------------------------------------------------------ details panel
  var panel = document.getElementById("gk-details");

  function closePanel() {
    panel.hidden = true;
    while (panel.firstChild) {
      panel.removeChild(panel.firstChild);
    }
  }

  function showDetails(item) {
    closePanel();
    var lines = item.lines || [];
    var close = el("button", "gk-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", closePanel);
    panel.appendChild(close);
    var head = el("h2", null, lines[0] || "");
    head.dir = "auto";
    panel.appendChild(head);
    lines.slice(1).forEach(function (line) {
      var p = el("p", null, line);
      p.dir = "auto";
      panel.appendChild(p);
    });
    var cites = item.cites || [];
    if (cites.length) {
      panel.appendChild(el("p", "gk-detail", "Sources:"));
      var list = el("ul");
      cites.forEach(function (n) {
        var note = data.notes[String(n)];
        var li = el("li");
        var mark = el("a", null, "[" + n + "]");
        mark.href = "#gk-src-" + Number(n);
        li.appendChild(mark);
        if (note) {
          var text = " " + note.publisher + (note.title ? ", “" + note.title + "”" : "") +
            (note.date ? ", " + note.date : "") + ". ";
          li.appendChild(el("bdi", null, text));
          var href = webUrl(note.url);
          if (href) {
            var link = el("a", "gk-url", href);
            link.href = href;
            link.target = "_blank";
            link.rel = "noopener noreferrer nofollow";
            li.appendChild(link);
          } else if (note.text_url) {
            li.appendChild(el("span", "gk-url", note.text_url));
          }
        }
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
    panel.hidden = false;
  }

  // ------------------------------------------------------------------ groups
  // A click on a group draws its members instead (and their links); its button, below
  // the diagram, does the same from the keyboard (Enter or Space) and folds it again.
  var foldButtons = {};
  var folds = null;
  function refold() {
    var changes = { nodes: [], edges: [] };
    [["nodes", info.node], ["edges", info.edge]].forEach(function (pair) {
      var kind = pair[0];
      Object.keys(pair[1]).forEach(function (id) {
        var hide = !!offDate[kind][id] || foldedAway(pair[1][id]);
        var now = network.body[kind][id];
        if (now && !!now.options.hidden !== hide) {
          changes[kind].push({ id: id, hidden: hide });
        }
      });
    });
    if (changes.nodes.length) {
      network.body.data.nodes.update(changes.nodes);
    }
    if (changes.edges.length) {
      network.body.data.edges.update(changes.edges);
    }
  }
  function syncFolds() {
    groupIds.forEach(function (id) {
      var button = foldButtons[id];
      if (button) {
        var open = !!opened[id];
        button.hidden = !!offDate.nodes[id];
        button.textContent = (open ? "Fold: " : "Show: ") + ((info.node[id].lines || [""])[0]);
        button.setAttribute("aria-expanded", String(open));
      }
    });
  }
  function toggleGroup(id) {
    opened[id] = !opened[id];
    refold();
    syncFolds();
    if (!touched && !active) {
      refit();
    }
    retidy = 2;
    tidyLabels();
  }
  if (groupIds.length) {
    folds = el("div", "gk-folds");
    folds.setAttribute("role", "region");  // a landmark: axe wants all content in one
    folds.setAttribute("aria-label", "Groups in the diagram");
    groupIds.forEach(function (id) {
      var button = el("button", "gk-fold");
      button.type = "button";
      button.setAttribute("data-gk-group", id);
      button.addEventListener("click", function () { toggleGroup(id); });
      foldButtons[id] = button;
      folds.appendChild(button);
    });
    var wrap = container.parentNode;
    wrap.parentNode.insertBefore(folds, wrap.nextSibling);
    syncFolds();
  }
  window.gkGroups = { open: opened, offDate: offDate.nodes, toggle: toggleGroup };

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length && info.node[params.nodes[0]] &&
        info.node[params.nodes[0]].gkMembers) {
      closePanel();
      toggleGroup(params.nodes[0]);
    } else if (params.nodes && params.nodes.length) {
      showDetails(info.node[params.nodes[0]] || {});
    } else if (params.edges && params.edges.length) {
      showDetails(info.edge[params.edges[0]] || {});
    } else {
      closePanel();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closePanel();
    }
  });

  // ------------------------------------------------------------------ tools
  var tools = document.querySelector(".gk-tools");
  var reset = document.getElementById("gk-reset");
  if (tools) {
    tools.hidden = false;
  }
  var fit = document.getElementById("gk-fit");
  if (fit) {
    fit.addEventListener("click", function () {
      touched = false;
      refit();
    });
  }

  var paths = {};
  (data.paths || []).forEach(function (p) {
    paths[p.id] = p;
  });

  function showAll() {
    network.unselectAll();
    if (active) {
      active.classList.remove("gk-active");
      active = null;
    }
    if (reset) {
      reset.hidden = true;
    }
    touched = false;
    refit();
  }
  if (reset) {
    reset.addEventListener("click", showAll);
  }

  function showPath(li) {
    var path = paths[li.getAttribute("data-gk-path")];
    if (!path) {
      return;
    }
    var known = path.nodes.filter(function (id) { return info.node[id]; });
    var links = path.edges.filter(function (id) { return info.edge[id]; });
    network.setSelection({ nodes: known, edges: links }, { unselectAll: true, highlightEdges: false });
    network.fit({ nodes: known, animation: false });
    if (active) {
      active.classList.remove("gk-active");
    }
    active = li;
    li.classList.add("gk-active");
    if (reset) {
      reset.hidden = false;
    }
    container.scrollIntoView({ block: "nearest" });
    container.focus({ preventScroll: true });
  }

  // The text version comes after this script in the page: wire it up once it is there.
  function wireText() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gk-path]"), function (li) {
      var button = li.querySelector(".gk-show");
      if (button && paths[li.getAttribute("data-gk-path")]) {
        button.hidden = false;
        button.addEventListener("click", function () {
          showPath(li);
        });
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireText);
  } else {
    wireText();
  }

  // ------------------------------------------------------------------- time
  // The page may carry the answer on every date where it changes (computed in Python):
  // the slider, the change strip and the URL fragment (#2025-08-01) only choose which
  // date to show; each date says which nodes and edges are shown, and in which look.
  var time = data.time;
  var slider = document.getElementById("gk-slider");
  var DATE = /^#?(\d{4}-\d{2}-\d{2})$/;
  if (time && slider && time.snapshots.length > 1) {
    var snaps = time.snapshots;
    var current = time.opening;
    var base = { nodes: {}, edges: {} };
    data.nodes.forEach(function (n) { base.nodes[n.id] = n; });
    data.edges.forEach(function (e) { base.edges[e.id] = e; });
    var sets = { nodes: network.body.data.nodes, edges: network.body.data.edges };
    var infos = { nodes: info.node, edges: info.edge };
    var output = document.getElementById("gk-slider-date");
    var caption = document.querySelector("#gk-when time");
    var since = document.getElementById("gk-since");
    var answer = document.getElementById("gk-answer");
    var legendItems = Array.prototype.slice.call(document.querySelectorAll("#gk-legend li[data-gk-mark]"));
    var pageTitle = document.title.replace(/ · as of .*$/, "");
    var ticks = Array.prototype.slice.call(document.querySelectorAll(".gk-tick button"));

    var lookOf = function (kind, id, k) {
      var item = base[kind][id];
      var extra = k ? ((time.looks[kind] || {})[id] || [])[k] : null;
      if (!extra) {
        return item;
      }
      var out = {};
      Object.keys(item).forEach(function (key) { out[key] = item[key]; });
      Object.keys(extra).forEach(function (key) { out[key] = extra[key]; });
      return out;
    };

    // Each date lists, for every node and edge in the page's order, which look it has
    // on that date (0 the first, 1... the others) or -1 when it is not drawn then.
    var ids = {
      nodes: data.nodes.map(function (n) { return n.id; }),
      edges: data.edges.map(function (e) { return e.id; })
    };
    var apply = function (kind, now, before) {
      var changes = [];
      ids[kind].forEach(function (id, i) {
        var k = now[i];
        var was = before[i];
        if (k === was) {
          return;
        }
        offDate[kind][id] = k < 0;
        if (k < 0) {
          changes.push({ id: base[kind][id].id, hidden: true });
          return;
        }
        var item = lookOf(kind, id, k);
        infos[kind][id] = item;
        var shown = forVis(item);
        delete shown.x;
        delete shown.y;
        shown.hidden = foldedAway(item);
        changes.push(shown);
      });
      if (changes.length) {
        sets[kind].update(changes);
      }
    };

    // Each piece of the text version says on which dates it holds: "0-3,7".
    var holds = function (within, index) {
      return String(within).split(",").some(function (part) {
        var ends = part.split("-");
        return Number(ends[0]) <= index && index <= Number(ends[ends.length - 1]);
      });
    };
    // The text version and the footer come after this script: found again each time.
    var syncText = function () {
      var hash = document.getElementById("gk-hash");
      if (hash) {
        hash.textContent = snaps[current].hash;
      }
      Array.prototype.forEach.call(document.querySelectorAll("[data-gk-in]"), function (item) {
        item.hidden = !holds(item.getAttribute("data-gk-in"), current);
      });
    };

    // The date shown is the date asked: a day between two changes shows the answer of the
    // last change before it, and says so ("As of 2025-12-15 (no change since 2025-11-21)").
    var show = function (index, fromHash, asked) {
      index = Math.max(0, Math.min(snaps.length - 1, index));
      var snap = snaps[index];
      if (index !== current) {
        if (active) {
          showAll();
        }
        closePanel();
        apply("nodes", snap.nodes, snaps[current].nodes);
        apply("edges", snap.edges, snaps[current].edges);
        current = index;
        syncFolds();
        tidyLabels();
      }
      var day = asked || snap.date;
      var note = "";
      if (day < snaps[0].date) {
        day = snaps[0].date;
        note = " (this page's first date: it does not go back to " + asked + ")";
      } else if (time.through && day > time.through) {
        var ends = "this page ends on " + time.through + ", before " + asked + ")";
        note = snap.date === time.through ? " (" + ends : " (no change since " + snap.date + "; " + ends;
        day = time.through;
      } else if (day !== snap.date) {
        note = " (no change since " + snap.date + ")";
      }
      slider.value = String(index);
      slider.setAttribute("aria-valuetext", snap.date);
      output.textContent = snap.date;
      caption.textContent = day;
      caption.setAttribute("datetime", day);
      if (since) {
        since.textContent = note;
      }
      document.title = pageTitle + " · as of " + day + note;
      if (answer && snap.answer) {
        answer.firstChild.textContent = snap.answer;
      }
      var drawn = {};
      (snap.legend || []).forEach(function (key) { drawn[key] = true; });
      legendItems.forEach(function (li) {
        li.hidden = !drawn[li.getAttribute("data-gk-mark")];
      });
      ticks.forEach(function (b) {
        b.setAttribute("aria-current", String(b.getAttribute("data-gk-date") === snap.date));
      });
      syncText();
      if (!fromHash && location.hash !== "#" + snap.date) {
        try {
          history.replaceState(null, "", "#" + snap.date);
        } catch (err) {
          // a sandboxed srcdoc frame (Jupyter) may refuse: the date still moves
        }
      }
      window.gkTime = {
        index: index,
        date: snap.date,
        shown: day,
        paths: snap.paths.map(function (id) { return paths[id]; })
      };
    };

    var fromFragment = function () {
      var match = DATE.exec(location.hash || "");
      if (!match) {
        return null;
      }
      var at = 0;
      snaps.forEach(function (snap, i) {
        if (snap.date <= match[1]) {
          at = i;
        }
      });
      return { at: at, asked: match[1] };
    };

    slider.addEventListener("input", function () {
      show(Number(slider.value), false);
    });
    ticks.forEach(function (button) {
      button.addEventListener("click", function () {
        show(Number(button.getAttribute("data-gk-snapshot")), false);
      });
    });
    window.addEventListener("hashchange", function () {
      var found = fromFragment();
      if (found !== null) {
        show(found.at, true, found.asked);
      }
    });
    slider.closest(".gk-slide").hidden = false;
    var first = fromFragment();
    show(first === null ? current : first.at, true, first === null ? null : first.asked);
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", syncText);
    }
  }
})();
