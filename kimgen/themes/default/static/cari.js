// Search in the reader's browser over the static index in cari/indeks/ (written by search.py).
// Only the shards of the words typed are fetched, so a phone loads a few kilobytes, not the site.
// The page lives at <site>/cari/, so the site and the index are found from its own address.
(function () {
  "use strict";
  var PAGE = 10;
  var box = document.getElementById("cari");
  if (!box || !window.fetch || !String.prototype.normalize) return;
  var input = document.getElementById("q");
  var count = document.getElementById("jumlah");
  var list = document.getElementById("hasil");
  var more = document.getElementById("lagi");
  var here = new URL(".", window.location.href);
  var site = new URL("../", here);
  var index = new URL("indeks/", here);
  // a copy browsed with --offline links: keep its index.html endings
  var suffix = /index\.html$/.test(window.location.pathname) ? "index.html" : "";
  var cache = {};
  var meta = null;
  var hits = [];
  var shown = 0;
  var asked = 0;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, index)).then(function (r) {
        if (r.status === 404 && path.indexOf("t/") === 0) return {}; // no word starts so
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  // The same rule as search.words(): letters without accents, lower case, a-z and 0-9 runs.
  function words(text) {
    var plain = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var stop = meta.stop;
    return (plain.match(/[a-z0-9]+/g) || []).filter(function (w) {
      return w.length >= 2 && w.length <= 30 && stop.indexOf(w) < 0;
    });
  }

  // Every posting of the words that start with `word`: "kim:post" -> weight (exact words count one more).
  function matches(shard, word) {
    var found = {};
    Object.keys(shard).forEach(function (term) {
      if (term.indexOf(word) !== 0) return;
      var bonus = term === word ? 1 : 0;
      var kim = 0;
      shard[term].forEach(function (v) {
        if (v < 0) { kim = -v - 1; return; }
        var key = kim + ":" + (v >> 2);
        var weight = (v & 3) + bonus;
        if (!(found[key] >= weight)) found[key] = weight;
      });
    });
    return found;
  }

  function search(query) {
    var ticket = ++asked;
    var terms = words(query);
    if (!terms.length) return show(ticket, null);
    Promise.all(terms.map(function (w) { return get("t/" + w.slice(0, meta.key) + ".json"); }))
      .then(function (shards) {
        var scores = null;
        shards.forEach(function (shard, i) {
          var found = matches(shard, terms[i]);
          var next = {};
          Object.keys(found).forEach(function (key) {
            if (scores === null) next[key] = found[key];
            else if (key in scores) next[key] = scores[key] + found[key];
          });
          scores = next;
        });
        var ranked = Object.keys(scores).map(function (key) {
          var parts = key.split(":");
          return { kim: +parts[0], post: +parts[1], score: scores[key] };
        });
        ranked.sort(function (a, b) { return b.score - a.score || a.kim - b.kim || b.post - a.post; });
        hits = ranked;
        shown = 0;
        show(ticket, ranked);
      }, function () { failed(ticket); });
  }

  function failed(ticket) {
    if (ticket !== asked) return;
    list.textContent = "";
    more.hidden = true;
    count.textContent = box.getAttribute("data-failed");
  }

  function show(ticket, ranked) {
    if (ticket !== asked) return;
    list.textContent = "";
    more.hidden = true;
    if (ranked === null) { count.textContent = ""; return; }
    if (!ranked.length) { count.textContent = box.getAttribute("data-none"); return; }
    var n = new Intl.NumberFormat(document.documentElement.lang || "id").format(ranked.length);
    count.textContent = box.getAttribute("data-results").replace("{n}", n);
    page(ticket);
  }

  function page(ticket) {
    var batch = hits.slice(shown, shown + PAGE);
    var kims = {};
    batch.forEach(function (h) { kims[h.kim] = true; });
    Promise.all(Object.keys(kims).map(function (k) {
      return get("d/" + meta.kims[k][0] + ".json").then(function (docs) { kims[k] = docs; });
    })).then(function () {
      if (ticket !== asked) return;
      batch.forEach(function (h) {
        var doc = kims[h.kim][h.post];
        if (doc) list.appendChild(card(meta.kims[h.kim], doc));
      });
      shown += batch.length;
      more.hidden = shown >= hits.length;
    }, function () { failed(ticket); });
  }

  // Built with text nodes only: titles and summaries are never parsed as HTML.
  function card(kim, doc) {
    var article = document.createElement("article");
    article.className = "card";
    var body = document.createElement("div");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = new URL(kim[2] + doc[0] + suffix, site).href;
    link.textContent = doc[1];
    heading.appendChild(link);
    body.appendChild(heading);
    var line = document.createElement("p");
    line.className = "meta";
    line.textContent = kim[2] ? doc[2] + (doc[2] ? " · " : "") + kim[1] : doc[2];
    body.appendChild(line);
    if (doc[3]) {
      var summary = document.createElement("p");
      summary.textContent = doc[3];
      body.appendChild(summary);
    }
    article.appendChild(body);
    return article;
  }

  var timer = 0;
  function typed() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value;
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.href);  // a search can be shared and reloaded
      search(q);
    }, 150);
  }

  get("meta.json").then(function (loaded) {
    meta = loaded;
    box.hidden = false;
    input.addEventListener("input", typed);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") search(input.value); });
    more.addEventListener("click", function () { page(asked); });
    var q = new URL(window.location.href).searchParams.get("q");
    if (q) { input.value = q; search(q); }
  }, function () {
    box.hidden = false;
    input.disabled = true;
    // browsers do not let a page opened from disk fetch files beside it (an --offline copy on a USB stick)
    count.textContent = box.getAttribute(window.location.protocol === "file:" ? "data-file" : "data-failed");
  });
})();
