/* graphkit story steps: each step moves the view's date slider to its date, draws what it
   highlights in full and fades the rest. Runs after viz.js, which draws the view; the
   steps (dates, ids) come from Python. Strings from the data are never parsed as HTML. */
(function () {
  "use strict";
  var holder = document.getElementById("gk-story-data");
  var panel = document.getElementById("gk-story");
  if (!holder || !panel) {
    return;
  }
  var story = JSON.parse(holder.textContent);
  var steps = story.steps;
  var faded = story.faded;
  var network = window.gkNetwork;
  var slider = document.getElementById("gk-slider");
  var cards = Array.prototype.slice.call(panel.querySelectorAll("[data-gk-step]"));
  var prev = document.getElementById("gk-story-prev");
  var next = document.getElementById("gk-story-next");
  var STEP = /^#step-(\d+)$/;
  // On a phone the step's sources start folded to their publishers (one tap opens them).
  if (panel.clientWidth < 520) {
    Array.prototype.forEach.call(panel.querySelectorAll(".gk-story-src"), function (d) {
      d.open = false;
    });
  }
  var current = -1;
  var stepping = false;

  function setOf(list) {
    var out = {};
    list.forEach(function (id) { out[id] = true; });
    return out;
  }

  // Every node and link drawn: the step's own in full, the others faded (null: all full).
  function highlight(step) {
    if (!network) {
      return;
    }
    var data = network.body.data;
    var nodes = step ? setOf(step.nodes) : null;
    var edges = step ? setOf(step.edges) : null;
    data.nodes.update(data.nodes.getIds().map(function (id) {
      return { id: id, opacity: !nodes || nodes[id] ? 1 : faded };
    }));
    data.edges.update(data.edges.get().map(function (e) {
      var color = {};
      Object.keys(e.color || {}).forEach(function (key) { color[key] = e.color[key]; });
      color.opacity = !edges || edges[e.id] ? 1 : faded;
      return { id: e.id, color: color };
    }));
  }

  function list(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  function go(index, fromHash) {
    index = Math.max(0, Math.min(steps.length - 1, index));
    var step = steps[index];
    current = index;
    if (slider && slider.value !== String(step.index)) {
      stepping = true;
      slider.value = String(step.index);
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      stepping = false;
    }
    highlight(step);
    cards.forEach(function (card, i) {
      card.hidden = i !== index;
    });
    list(".gk-story-list > li").forEach(function (li, i) {
      li.classList.toggle("gk-active", i === index);
    });
    var focused = document.activeElement;
    prev.disabled = index === 0;
    next.disabled = index === steps.length - 1;
    if (focused === prev && prev.disabled) {
      next.focus(); // a button that turns disabled would drop the keyboard's place
    } else if (focused === next && next.disabled) {
      prev.focus();
    }
    var hash = "#step-" + step.n;
    // On load without a fragment the address stays as it is; otherwise it names the step
    // (the slider, moved just now, wrote its date there).
    if ((!fromHash || location.hash) && location.hash !== hash) {
      try {
        history.replaceState(null, "", hash);
      } catch (err) {
        // a sandboxed srcdoc frame may refuse: the step still shows
      }
    }
    window.gkStory = { step: step.n, date: step.date, nodes: step.nodes, edges: step.edges };
  }

  function fromFragment() {
    var match = STEP.exec(location.hash || "");
    return match ? Number(match[1]) - 1 : null;
  }

  prev.addEventListener("click", function () { go(current - 1, false); });
  next.addEventListener("click", function () { go(current + 1, false); });
  // N and P step through the story; the arrow keys stay the slider's (and the diagram's).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(TEXTAREA|SELECT)$/.test(target.tagName) ||
      (target.tagName === "INPUT" && target.type !== "range"));
    if (typing || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var key = event.key.toLowerCase();
    if (key === "n" || key === "p") {
      event.preventDefault();
      go(current + (key === "n" ? 1 : -1), false);
    }
  });
  if (slider) {
    slider.addEventListener("input", function () {
      if (!stepping) {
        highlight(null); // the reader moved the date: the step's highlight no longer holds
      }
    });
  }
  window.addEventListener("hashchange", function () {
    var found = fromFragment();
    if (found !== null) {
      go(found, true);
    }
  });
  function wireText() {
    list(".gk-story-show").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        go(Number(button.getAttribute("data-gk-step")) - 1, false);
        panel.scrollIntoView({ block: "nearest" });
        next.focus({ preventScroll: true });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wireText);
  } else {
    wireText();
  }
  panel.querySelector(".gk-story-nav").hidden = false;
  var first = fromFragment();
  go(first === null ? 0 : first, true);
})();
