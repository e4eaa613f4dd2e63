/* Discussions: live Markdown preview, quote-reply and the "this looks like"
   hint while typing a new thread's title. Progressive enhancement only: every
   form works without this file. */
(function () {
  "use strict";

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Preview: ask the server (the one sanitizing policy) for the HTML.
  document.querySelectorAll("[data-forum-preview]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var body = form.querySelector("[data-forum-composer=body]");
      var pane = form.querySelector("[data-forum-preview-target]");
      var target = form.querySelector("[data-forum-preview-body]");
      if (!body || !pane || !target || !window.fetch) return;
      event.preventDefault();
      var data = new FormData();
      data.append("body", body.value);
      fetch(button.getAttribute("data-forum-preview"), {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrfToken(form) },
        credentials: "same-origin",
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          // The server returns sanitized HTML (cop.core.sanitize).
          target.innerHTML = html;
          pane.hidden = false;
        })
        .catch(function () {
          form.requestSubmit(button); // fall back to the server-rendered preview
        });
    });
  });

  // Quote-reply: fill the reply box without reloading when possible.
  document.querySelectorAll("[data-quote-post]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var post = document.getElementById("message-" + link.getAttribute("data-quote-post"));
      var box = document.querySelector("#repondre [data-forum-composer=body]");
      if (!post || !box) return;
      var bodyNode = post.querySelector(".post__body");
      var author = post.querySelector(".post__author strong");
      if (!bodyNode) return;
      event.preventDefault();
      var lines = bodyNode.innerText.trim().split("\n");
      var quote = lines.map(function (line) { return line ? "> " + line : ">"; }).join("\n");
      var intro = author ? author.innerText + " a écrit :\n" : "";
      box.value = (box.value ? box.value.replace(/\s*$/, "\n\n") : "") + intro + quote + "\n\n";
      var hidden = document.querySelector("#repondre input[name=quote_of]");
      if (hidden) hidden.value = link.getAttribute("data-quote-post");
      box.focus();
      box.scrollIntoView({ block: "center" });
    });
  });

  // Duplicate hint: similar threads and case studies as the title is typed.
  var form = document.querySelector("form[data-similar-url]");
  if (form && window.fetch) {
    var title = form.querySelector("[data-forum-composer=title]");
    var hint = form.querySelector("[data-similar-hint]");
    var list = form.querySelector("[data-similar-list]");
    var timer = null;
    var lastQuery = "";
    var show = function (results) {
      list.textContent = "";
      results.slice(0, 5).forEach(function (item) {
        if (!item || !item.url || !item.title) return;
        var url = String(item.url);
        if (!/^(\/|https?:\/\/)/.test(url)) return; // only site or web links
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = url;
        a.textContent = item.title;
        a.target = "_blank";
        a.rel = "noopener";
        li.appendChild(a);
        var kind = item.type === "casestudy" ? "étude de cas" : item.type === "thread" ? "discussion" : "";
        if (kind) {
          var small = document.createElement("span");
          small.className = "muted";
          small.textContent = " (" + kind + ")";
          li.appendChild(small);
        }
        list.appendChild(li);
      });
      hint.hidden = list.children.length === 0;
    };
    var lookUp = function () {
      var query = title.value.trim();
      if (query.length < 8 || query === lastQuery) {
        if (query.length < 8) show([]);
        return;
      }
      lastQuery = query;
      var url = form.getAttribute("data-similar-url") +
        "?q=" + encodeURIComponent(query) + "&types=thread,casestudy";
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          if (title.value.trim() === query) show((data && data.results) || []);
        })
        .catch(function () { show([]); }); // search unavailable: say nothing
    };
    if (title && hint && list) {
      title.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(lookUp, 400);
      });
    }
  }
})();
