// Search in the reader's browser over the static index in cari/indeks/ (written by search.py).
// Only the term files of the words typed and the ten posts shown are fetched, so a phone loads
// a few kilobytes, not the site. The page lives at <site>/cari/, so the site and the index are
// found from its own address. stem-id.js (loaded before) gives a word's Indonesian stems.
(function () {
  "use strict";
  var PAGE = 10;
  var EXCERPT = 200;  // characters of text shown under a result
  var EXACT = 3, SAME_FORM = 2, STEM = 1, NEAR = 1, TYPO = 0;  // how a post's word matched a query word
  var box = document.getElementById("cari");
  if (!box || !window.fetch || !String.prototype.normalize || !window.stemId) return;
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
  var marks = Object.create(null);  // words to highlight: a word like "constructor" is no built-in here
  var own = Object.prototype.hasOwnProperty;
  var WORD = (function () {  // letters of any script where the browser knows them (not KaiOS 2.5)
    try { return new RegExp("[\\p{L}\\p{N}]+", "gu"); } catch (e) { return /[0-9A-Za-z\u00c0-\u024f]+/g; }
  })();
  var shown = 0;
  var asked = 0;

  function get(path) {
    if (!cache[path]) {
      cache[path] = fetch(new URL(path, index)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      cache[path].catch(function () { delete cache[path]; });
    }
    return cache[path];
  }

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // The same rule as search.words(): letters without accents, lower case, a-z and 0-9 runs.
  function words(text) {
    var stop = meta.stop;
    return (fold(text).match(/[a-z0-9]+/g) || []).filter(function (w, i, all) {
      return w.length >= 2 && w.length <= 30 && stop.indexOf(w) < 0 && all.indexOf(w) === i;
    });
  }

  // The term file holding a stem: prefixes listed as split go one letter deeper.
  function fileFor(key) {
    var prefix = "";
    while (meta.split.indexOf(prefix) >= 0 && key.length > prefix.length) prefix = key.slice(0, prefix.length + 1);
    var name = prefix || "_";
    return meta.files.indexOf(name) >= 0 ? "t/" + name + ".json" : null;
  }

  function load(paths) {
    return Promise.all(paths.map(function (p) { return p ? get(p) : Promise.resolve({}); }));
  }

  // Postings [-(kim+1), post*8+weight, ...] into found["kim:post"], keeping each post's best score.
  function add(found, postings, tier) {
    var kim = 0;
    postings.forEach(function (v) {
      if (v < 0) { kim = -v - 1; return; }
      var key = kim + ":" + (v >> 3), score = tier * 8 + (v & 7);
      if (!(found[key] >= score)) found[key] = score;
    });
  }

  // Posts with the query word itself or a word of the same stem; a word with the same kind of
  // affix as the query ("membangun": pembangunan, dibangun) ranks above one without (bangunan).
  function same(word, shards, marks) {
    var found = {}, any = false;
    word.keys.forEach(function (key, i) {
      var group = own.call(shards[i], key) ? shards[i][key] : null;
      if (!group) return;
      var affixed = word.text.indexOf(key) !== 0;
      Object.keys(group).forEach(function (w) {
        var form = w || key;
        var tier = form === word.text ? EXACT : (form.indexOf(key) !== 0) === affixed ? SAME_FORM : STEM;
        add(found, group[w], tier);
        marks[form] = true;
        any = true;
      });
    });
    return any ? found : null;
  }

  // No such word: words it begins (typed so far), else for five letters or more words one typing
  // slip away (posyandi: posyandu).
  function near(word, shards, marks) {
    var found = {}, typos = {}, slips = [], any = false;
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (key) {
        var group = shard[key];
        Object.keys(group).forEach(function (w) {
          var form = w || key;
          var begins = word.text.length >= 3 && (form.indexOf(word.text) === 0 ||
            word.keys.some(function (k) { return k.length >= 3 && key.indexOf(k) === 0; }));
          if (begins) { add(found, group[w], NEAR); marks[form] = true; any = true; return; }
          if (word.text.length >= 5 && (slip(word.text, form) || word.keys.some(function (k) { return slip(k, key); }))) {
            add(typos, group[w], TYPO);
            slips.push(form);
          }
        });
      });
    });
    if (any) return found;
    slips.forEach(function (form) { marks[form] = true; });
    return slips.length ? typos : null;
  }

  // One letter added, left out, changed, or two neighbours swapped.
  function slip(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1 || b.length < 4) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function search(query) {
    var ticket = ++asked;
    var seen = Object.create(null);
    var terms = words(query).map(function (w) { return { text: w, keys: window.stemId.keys(w) }; });
    if (!terms.length) return show(ticket, null);
    list.setAttribute("aria-busy", "true");
    Promise.all(terms.map(function (word) {
      var files = word.keys.map(fileFor);
      return load(files).then(function (shards) {
        var found = same(word, shards, seen);
        if (found) return found;
        var letters = fileFor(word.text);  // a word typed in part, or mistyped, is filed under its own letters
        return load(letters && files.indexOf(letters) < 0 ? [letters] : []).then(function (extra) {
          return near(word, shards.concat(extra), seen);
        });
      });
    })).then(function (each) {
      var matched = each.filter(Boolean);
      // every word must match; from three words on, all but one will do when none has them all
      var need = matched.length === terms.length ? terms.length : terms.length >= 3 ? terms.length - 1 : Infinity;
      var scores = {}, counts = {};
      matched.forEach(function (found) {
        Object.keys(found).forEach(function (key) {
          scores[key] = (scores[key] || 0) + found[key];
          counts[key] = (counts[key] || 0) + 1;
        });
      });
      var all = Object.keys(scores).filter(function (key) { return counts[key] === terms.length; });
      var partial = !all.length && need < terms.length;
      var keys = partial ? Object.keys(scores).filter(function (key) { return counts[key] >= need; }) : all;
      var ranked = keys.map(function (key) {
        var parts = key.split(":");
        return { kim: +parts[0], post: +parts[1], score: scores[key] };
      });
      ranked.sort(function (a, b) { return b.score - a.score || a.kim - b.kim || b.post - a.post; });
      if (ticket !== asked) return;
      hits = ranked;
      marks = seen;
      shown = 0;
      show(ticket, ranked, partial);
    }, function () { failed(ticket); });
  }

  function failed(ticket) {
    if (ticket !== asked) return;
    list.textContent = "";
    list.setAttribute("aria-busy", "false");
    more.hidden = true;
    count.textContent = box.getAttribute("data-failed");
  }

  function show(ticket, ranked, partial) {
    if (ticket !== asked) return;
    list.textContent = "";
    more.hidden = true;
    if (ranked === null) { count.textContent = ""; list.setAttribute("aria-busy", "false"); return; }
    if (!ranked.length) { count.textContent = box.getAttribute("data-none"); list.setAttribute("aria-busy", "false"); return; }
    var n = new Intl.NumberFormat(document.documentElement.lang || "id").format(ranked.length);
    count.textContent = box.getAttribute(partial ? "data-partial" : "data-results").replace("{n}", n);
    page(ticket);
  }

  function page(ticket) {
    var batch = hits.slice(shown, shown + PAGE);
    list.setAttribute("aria-busy", "true");
    Promise.all(batch.map(function (h) { return get("p/" + h.kim + "/" + h.post + ".json"); })).then(function (docs) {
      if (ticket !== asked) return;
      docs.forEach(function (doc) { list.appendChild(card(doc)); });
      shown += batch.length;
      more.hidden = shown >= hits.length;
      list.setAttribute("aria-busy", "false");
    }, function () { failed(ticket); });
  }

  function hit(token) {
    return (fold(token).match(/[a-z0-9]+/g) || []).some(function (p) { return marks[p]; });
  }

  // Text with the matched words in <mark>, built from text nodes: nothing is parsed as HTML.
  function marked(parent, text) {
    var re = new RegExp(WORD.source, WORD.flags), last = 0, m;
    while ((m = re.exec(text))) {
      if (!hit(m[0])) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  // The sentence with the most matched words (the summary when none), cut around the first.
  function excerpt(text) {
    var best = "", most = -1;
    text.split("\n").forEach(function (line) {
      (line.match(/[^.!?]+(?:[.!?]+|$)/g) || []).forEach(function (sentence) {
        var seen = {}, n = 0;
        (fold(sentence).match(/[a-z0-9]+/g) || []).forEach(function (w) { if (marks[w] && !seen[w]) { seen[w] = 1; n++; } });
        if (n > most) { most = n; best = sentence.trim(); }
      });
    });
    if (best.length <= EXCERPT) return best;
    var at = 0, re = new RegExp(WORD.source, WORD.flags), m;
    while ((m = re.exec(best))) if (hit(m[0])) { at = m.index; break; }
    var from = Math.max(0, Math.min(at - 60, best.length - EXCERPT));
    if (from > 0) from = best.indexOf(" ", from) + 1;
    var cut = best.slice(from, from + EXCERPT);
    if (from + EXCERPT < best.length) cut = cut.slice(0, cut.lastIndexOf(" ")) + " …";
    return (from > 0 ? "… " : "") + cut;
  }

  function card(doc) {
    var article = document.createElement("article");
    article.className = "card";
    var body = document.createElement("div");
    var heading = document.createElement("h2");
    var link = document.createElement("a");
    link.href = new URL(doc[0] + suffix, site).href;
    marked(link, doc[1]);
    heading.appendChild(link);
    body.appendChild(heading);
    var line = document.createElement("p");
    line.className = "meta";
    line.textContent = doc[4] ? doc[2] + (doc[2] ? " · " : "") + doc[4] : doc[2];
    body.appendChild(line);
    var text = doc[3] && excerpt(doc[3]);
    if (text) body.appendChild(marked(document.createElement("p"), text));
    article.appendChild(body);
    return article;
  }

  var timer = 0;
  function typed() {
    clearTimeout(timer);
    list.setAttribute("aria-busy", "true");
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
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") { clearTimeout(timer); search(input.value); } });
    more.addEventListener("click", function () { page(asked); });
    var q = new URL(window.location.href).searchParams.get("q");
    if (q) { input.value = q; search(q); } else list.setAttribute("aria-busy", "false");
  }, function () {
    box.hidden = false;
    input.disabled = true;
    // browsers do not let a page opened from disk fetch files beside it (an --offline copy on a USB stick)
    list.setAttribute("aria-busy", "false");
    count.textContent = box.getAttribute(window.location.protocol === "file:" ? "data-file" : "data-failed");
  });
})();
