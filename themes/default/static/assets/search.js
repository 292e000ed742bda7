/* parallax search: type-ahead over the prebuilt index (search/index.js); no request leaves the site.
   Works served under any base path and opened from disk (file://): the page loads the index and this
   script by relative paths, and results link relative to the page. */
(function () {
  "use strict";
  var data = window.parallaxSearch;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !list || !status) return;
  var fromDisk = window.location.protocol === "file:";
  if (!data || !data.stories) {
    status.textContent = "The search index (search/index.js) could not be loaded, so search does not work here. " +
      "Browse the topics, sources or local pages from the menu instead.";
    status.className = "meta error";
    input.disabled = true;
    return;
  }
  if (fromDisk) {
    status.textContent = "Opened from a file: search works, and its results open from disk; the site's menu links need it served by a web server.";
  }

  /* The index holds root-relative links ("/repo/stories/x/"); make them relative to this page, and
     name the file when there is no web server to find index.html. */
  var base = list.getAttribute("data-base") || "/";
  var root = list.getAttribute("data-root") || "";
  function link(href) {
    if (href.indexOf(base) !== 0) return href;
    var rel = root + href.slice(base.length);
    if (fromDisk && (rel === "" || rel.charAt(rel.length - 1) === "/")) rel += "index.html";
    return rel || "./";
  }
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var entries = [];
  data.stories.forEach(function (s) {
    entries.push({ kind: "story", title: s[0], url: s[1], meta: s[4] + " · " + plural(s[5], "source", "sources"), text: s[2], hay: fold(s[0] + " " + s[2] + " " + s[3]), head: fold(s[0]) });
  });
  data.topics.forEach(function (t) {
    entries.push({ kind: "topic", title: t[0], url: t[1], meta: plural(t[2], "story", "stories"), text: "", hay: fold(t[0]), head: fold(t[0]) });
  });
  data.sources.forEach(function (s) {
    entries.push({ kind: "source", title: s[0], url: s[1], meta: s[2] || "Unrated", text: "", hay: fold(s[0]), head: fold(s[0]) });
  });

  function search(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    entries.forEach(function (e, i) {
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        if (e.hay.indexOf(words[k]) < 0) return;
        score += e.head.indexOf(words[k]) >= 0 ? 3 : 1;
        if (e.head.indexOf(words[k]) === 0) score += 2;
      }
      hits.push({ e: e, score: score, i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.slice(0, 30).map(function (h) { return h.e; });
  }

  function show(query) {
    var found = search(query);
    list.textContent = "";
    found.forEach(function (e) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = e.kind;
      var a = document.createElement("a");
      a.href = link(e.url);
      a.textContent = e.title;
      a.dir = "auto";
      var meta = document.createElement("div");
      meta.className = "meta";
      meta.dir = "auto";
      meta.textContent = e.meta + (e.text ? " — " + e.text : "");
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(meta);
      list.appendChild(li);
    });
    status.textContent = query.trim() ? plural(found.length, "result", "results") : "";
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) {
    input.value = params.get("q");
    show(input.value);
  }
  input.addEventListener("input", function () {
    show(input.value);
    try {
      var url = new URL(window.location.href);
      if (input.value) url.searchParams.set("q", input.value); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
    } catch (e) {
      /* Some browsers refuse to change a file:// address; the search still works. */
    }
  });
})();
