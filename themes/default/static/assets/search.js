/* parallax search: type-ahead over the prebuilt, sharded index; no request leaves the site.
   search/index.js (the manifest, loaded by the page) names the term shards; a query loads only the
   shards of its words (search/terms/<first letters>.js) and the details of the stories it shows
   (search/docs/<n>.js), each a script that hands its data to window.parallaxSearch, so that it
   works served under any base path and opened from disk (file://) alike. Results link relative to
   the page. The folding and the cutting into terms match src/render/search.rs. */
(function () {
  "use strict";
  var data = window.parallaxSearch;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("status");
  if (!input || !list || !status) return;
  var fromDisk = window.location.protocol === "file:";
  function broken(what) {
    status.textContent = "The search index (" + what + ") could not be loaded, so search does not work here. " +
      "Browse the topics, sources or local pages from the menu instead.";
    status.className = "meta error";
  }
  if (!data || data.version !== 2) {
    broken("search/index.js");
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
  var dir = (list.getAttribute("data-index") || "index.js").replace(/[^\/]*$/, "");
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
  var WORD = /[\p{Alphabetic}\p{N}]/u;
  var CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;
  /* The terms of a text: folded runs of letters and digits; each CJK character on its own. */
  function terms(text) {
    var out = [];
    var word = "";
    Array.from(fold(text)).forEach(function (c) {
      if (WORD.test(c) && !CJK.test(c)) {
        word += c;
        return;
      }
      if (word) out.push(word);
      word = "";
      if (CJK.test(c)) out.push(c);
    });
    if (word) out.push(word);
    return out;
  }

  /* ---- loading the shards: each file is a script that calls back into window.parallaxSearch. ---- */
  var shards = {};
  var chunks = {};
  data.terms = function (key, map) { shards[key] = map; };
  data.docs = function (n, docs) { chunks[n] = docs; };
  var loading = {};
  function load(path) {
    if (!loading[path]) {
      loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = dir + path;
        script.onload = resolve;
        script.onerror = function () {
          delete loading[path];
          reject(new Error("search/" + path));
        };
        document.head.appendChild(script);
      });
    }
    return loading[path];
  }
  function shardFile(key) {
    if (/^[a-z0-9]+$/.test(key)) return "terms/" + key + ".js";
    var hex = "";
    new TextEncoder().encode(key).forEach(function (b) { hex += (b < 16 ? "0" : "") + b.toString(16); });
    return "terms/_" + hex + ".js";
  }
  /* The shards that hold the terms a query word matches: a word of two characters or more matches
     every term that starts with it; a one-character word only itself. */
  function shardsFor(word) {
    return data.shards.filter(function (key) {
      return word.length < 2 ? key === word : key.indexOf(word) === 0 || word.indexOf(key) === 0;
    });
  }

  /* Stories matching every word, scored 3 for a word in the title and 1 elsewhere; newest first
     among equals (stories are numbered newest first). */
  function storyHits(words) {
    var total = null;
    words.forEach(function (word) {
      var scores = {};
      shardsFor(word).forEach(function (key) {
        var map = shards[key] || {};
        Object.keys(map).forEach(function (term) {
          if (word.length < 2 ? term !== word : term.indexOf(word) !== 0) return;
          [3, 1].forEach(function (score, field) {
            var id = 0;
            map[term][field].forEach(function (delta) {
              id += delta;
              if (!(scores[id] >= score)) scores[id] = score;
            });
          });
        });
      });
      if (total === null) {
        total = scores;
        return;
      }
      var both = {};
      Object.keys(total).forEach(function (id) {
        if (scores[id]) both[id] = total[id] + scores[id];
      });
      total = both;
    });
    return Object.keys(total || {}).map(function (id) {
      return { kind: 0, id: Number(id), score: total[id] };
    });
  }

  /* Topics and sources are few: matched by substring, as names are typed. */
  var named = [];
  data.topics.forEach(function (t, i) {
    named.push({ kind: 1, i: i, title: t[0], url: t[1], meta: plural(t[2], "story", "stories"), head: fold(t[0]) });
  });
  data.sources.forEach(function (s, i) {
    named.push({ kind: 2, i: i, title: s[0], url: s[1], meta: s[2] || "Unrated", head: fold(s[0]) });
  });
  function namedHits(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    named.forEach(function (e) {
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        var at = e.head.indexOf(words[k]);
        if (at < 0) return;
        score += at === 0 ? 5 : 3;
      }
      hits.push({ kind: e.kind, id: e.i, score: score, e: e });
    });
    return hits;
  }

  var SHOWN = 30;
  var latest = 0;
  function show(query) {
    var ticket = ++latest;
    var words = terms(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
    var files = [];
    words.forEach(function (w) {
      shardsFor(w).forEach(function (key) { files.push(shardFile(key)); });
    });
    Promise.all(files.map(load))
      .then(function () {
        if (ticket !== latest) return null;
        var hits = (words.length ? storyHits(words) : []).concat(namedHits(query));
        hits.sort(function (a, b) { return b.score - a.score || a.kind - b.kind || a.id - b.id; });
        var shown = hits.slice(0, SHOWN);
        var needed = {};
        shown.forEach(function (h) { if (h.kind === 0) needed[Math.floor(h.id / data.chunk)] = true; });
        return Promise.all(Object.keys(needed).map(function (n) { return load("docs/" + n + ".js"); }))
          .then(function () { return { shown: shown, total: hits.length }; });
      })
      .then(function (found) {
        if (!found || ticket !== latest) return;
        render(found.shown, found.total, query);
      })
      .catch(function (error) {
        if (ticket === latest) broken(error.message);
      });
  }

  function entry(hit) {
    if (hit.kind !== 0) return hit.e;
    var d = chunks[Math.floor(hit.id / data.chunk)][hit.id % data.chunk];
    /* An edition's entry ends with its URL. */
    if (d[5]) return { kind: 3, title: d[0], url: d[5], meta: d[2] + " · " + plural(d[3], "story", "stories"), text: d[4] };
    return { kind: 0, title: d[0], url: data.story_url.replace("{slug}", d[1]), meta: d[2] + " · " + plural(d[3], "source", "sources"), text: d[4] };
  }

  var KINDS = ["story", "topic", "source", "edition"];
  function render(shown, total, query) {
    list.textContent = "";
    shown.forEach(function (hit) {
      var e = entry(hit);
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KINDS[e.kind];
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
    status.className = "meta";
    status.textContent = !query.trim() ? "" : total > shown.length
      ? "The first " + shown.length + " of " + plural(total, "result", "results")
      : plural(total, "result", "results");
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
