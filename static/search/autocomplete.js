/* Autocomplete for search boxes (progressive: the form works without it).
 *
 * Enhances every input[data-suggest-url] and the header box (#site-search-q)
 * into an ARIA 1.2 combobox with a listbox of titles from /api/v1/suggest/.
 * Arrow keys move, Enter opens the chosen title, Escape closes the list.
 */
(function () {
  "use strict";

  var DEFAULT_URL = "/api/v1/suggest/";
  var DELAY_MS = 200;
  var counter = 0;
  var KIND_LABELS = {
    fr: { casestudy: "Étude de cas", thread: "Discussion", solution: "Solution" },
    en: { casestudy: "Case study", thread: "Discussion", solution: "Solution" }
  };

  function labels() {
    var lang = (document.documentElement.lang || "fr").slice(0, 2);
    return KIND_LABELS[lang] || KIND_LABELS.fr;
  }

  function enhance(input) {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    counter += 1;
    var url = input.dataset.suggestUrl || DEFAULT_URL;
    var listId = "suggest-list-" + counter;
    var wrapper = document.createElement("div");
    wrapper.className = "suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", input.labels && input.labels[0] ? input.labels[0].textContent : "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var active = -1;
    var items = [];
    var controller = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      if (item.url) {
        window.location.assign(item.url);
      } else {
        input.value = item.text;
        close();
      }
    }

    function render(results) {
      items = results;
      list.textContent = "";
      if (!results.length) {
        close();
        return;
      }
      var kinds = labels();
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.text + " ";
        var kind = document.createElement("span");
        kind.className = "suggest__kind";
        kind.textContent = "(" + (kinds[item.type] || item.type) + ")";
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function fetchSuggestions() {
      var value = input.value.trim();
      if (value.length < 2) {
        render([]);
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(value), {
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
          /* Suggestions are optional: the form still submits. */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight(Math.min(items.length - 1, active + 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(-1, active - 1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-suggest-url], #site-search-q");
    inputs.forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
