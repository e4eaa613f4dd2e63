/* "Ces initiatives ressemblent à la vôtre": a live duplicate warning.
 *
 * Two uses:
 * - the Wagtail case study editor (fields #id_title, #id_summary, #id_problem),
 *   where this script is added by search/wagtail_hooks.py;
 * - any form marked <form data-similar-url="/api/v1/similar/"
 *   data-similar-fields="id_title,id_body" data-similar-types="casestudy,thread">
 *   (the forum's new-thread form), with this script included by its template.
 * As the person types (debounced), it asks /api/v1/similar/ with their own
 * session and lists the closest existing content, each opening in a new tab.
 */
(function () {
  "use strict";

  var DELAY_MS = 500;
  var MIN_CHARS = 8;
  var script = document.currentScript;
  var DEFAULT_LABELS = {
    heading: "Ces initiatives ressemblent à la vôtre",
    intro: "Avant de continuer, voyez si une autre municipalité a déjà fait ce projet.",
    newTab: "(s'ouvre dans un nouvel onglet)",
    none: "Aucune initiative semblable trouvée pour l'instant.",
    outcomes: {
      success: "Réussite",
      partial: "Réussite partielle",
      failure: "Échec",
      abandoned: "Abandonné",
      ongoing: "En cours"
    }
  };

  function readLabels() {
    var node = document.getElementById("similar-panel-labels");
    if (!node) return DEFAULT_LABELS;
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return DEFAULT_LABELS;
    }
  }

  function wrapperOf(field) {
    return (
      field.closest("[data-field-wrapper]") ||
      field.closest(".w-field__wrapper") ||
      field.closest(".w-field") ||
      field.parentNode
    );
  }

  function setup(config) {
    var labels = readLabels();
    var fields = config.fieldIds
      .map(function (id) { return document.getElementById(id); })
      .filter(Boolean);
    if (!fields.length) return;

    var panel = document.createElement("section");
    panel.className = "similar-panel";
    panel.id = "similar-panel";
    panel.hidden = true;
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-labelledby", "similar-panel-heading");
    var heading = document.createElement("h2");
    heading.id = "similar-panel-heading";
    heading.textContent = labels.heading;
    var intro = document.createElement("p");
    intro.textContent = labels.intro;
    var list = document.createElement("ul");
    panel.appendChild(heading);
    panel.appendChild(intro);
    panel.appendChild(list);
    var anchor = wrapperOf(fields[0]);
    anchor.parentNode.insertBefore(panel, anchor.nextSibling);

    var timer = null;
    var controller = null;
    var lastText = null;

    function render(results) {
      list.textContent = "";
      if (!results.length) {
        panel.hidden = true;
        return;
      }
      results.forEach(function (hit) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = hit.url;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = hit.title;
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = " " + labels.newTab;
        link.appendChild(hint);
        item.appendChild(link);
        var meta = [];
        if (hit.attribution) meta.push(hit.attribution);
        if (hit.outcome && labels.outcomes[hit.outcome]) meta.push(labels.outcomes[hit.outcome]);
        if (meta.length) {
          var span = document.createElement("span");
          span.className = "similar-panel__meta";
          span.textContent = " — " + meta.join(" · ");
          item.appendChild(span);
        }
        list.appendChild(item);
      });
      panel.hidden = false;
    }

    function query() {
      var text = fields
        .map(function (field) { return field.value.trim(); })
        .filter(Boolean)
        .join("\n")
        .slice(0, 5000);
      if (text.length < MIN_CHARS) {
        render([]);
        return;
      }
      if (text === lastText) return;
      lastText = text;
      var params = new URLSearchParams({ q: text, limit: "5" });
      if (config.types) params.set("types", config.types);
      if (config.exclude) params.set("exclude", config.exclude);
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(config.url + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller.signal
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          render(data.results || []);
        })
        .catch(function () {
          /* The warning is a help, never a blocker: stay quiet on errors. */
        });
    }

    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(query, DELAY_MS);
      });
    });
    query();
  }

  function init() {
    // The Wagtail case study editor.
    var problem = document.getElementById("id_problem");
    var summary = document.getElementById("id_summary");
    if (script && script.dataset.similarUrl && problem && summary) {
      var match = window.location.pathname.match(/\/pages\/(\d+)\/edit\//);
      setup({
        url: script.dataset.similarUrl,
        fieldIds: ["id_title", "id_summary", "id_problem"],
        types: "casestudy",
        exclude: match ? "casestudy:" + match[1] : ""
      });
    }
    // Other forms that ask for it.
    document.querySelectorAll("form[data-similar-url]").forEach(function (form) {
      setup({
        url: form.dataset.similarUrl,
        fieldIds: (form.dataset.similarFields || "id_title").split(","),
        types: form.dataset.similarTypes || "",
        exclude: form.dataset.similarExclude || ""
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
