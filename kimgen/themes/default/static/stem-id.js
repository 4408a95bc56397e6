// Indonesian stemming for the search page: the Snowball algorithm for Indonesian (after Tala's
// Porter stemmer for Bahasa Indonesia), written from its published description so that a query
// word gets the stem search.py filed the same word under. tests/test_stemmer.py runs both over
// every word of the demo province and a synthetic one and requires identical stems.
(function (root) {
  "use strict";

  function vowel(c) { return c === "a" || c === "e" || c === "i" || c === "o" || c === "u"; }

  // The word is cut from the front (a prefix up to `start` is never looked at by the suffix
  // rules after it is taken) and from the back; `measure` is the number of vowels left, and no
  // rule applies once it is two or less.
  function stem(word) {
    var w = word, measure = 0, prefix = 0, start = 0, i;
    for (i = 0; i < w.length; i++) if (vowel(w[i])) measure++;
    if (measure <= 2) return w;

    function ends(s, limit) { return w.length - s.length >= limit && w.slice(w.length - s.length) === s; }
    function cut(n) { w = w.slice(0, w.length - n); measure--; }

    // particles, then possessive pronouns
    if (ends("kah", 0) || ends("lah", 0) || ends("pun", 0)) cut(3);
    if (measure <= 2) return w;
    if (ends("nya", 0)) cut(3); else if (ends("ku", 0) || ends("mu", 0)) cut(2);
    if (measure <= 2) return w;

    // derivational suffixes, allowed or not by the prefix taken (1 di/meN/ter, 2 per, 3 ke/peN, 4 ber)
    function suffix() {
      var n = 0;
      if (ends("kan", start) && prefix !== 3 && prefix !== 2) n = 3;
      else if (ends("an", start) && prefix !== 1) n = 2;
      else if (ends("i", start) && prefix <= 2 && !(w.length - 2 >= start && w[w.length - 2] === "s")) n = 1;
      if (n) cut(n);
      return n > 0;
    }

    // replace w[at, at+n) by `by`; returns where the text after it now starts
    function swap(at, n, by) { w = w.slice(0, at) + by + w.slice(at + n); return at + by.length; }

    function first() {
      var four = w.slice(0, 4), three = w.slice(0, 3), two = w.slice(0, 2);
      if ((four === "meny" || four === "peny") && vowel(w[4] || "")) {
        prefix = four === "meny" ? 1 : 3; measure--; start = swap(0, 4, "s"); return true;
      }
      if (four === "meng" || four === "peng") { prefix = four === "meng" ? 1 : 3; measure--; swap(0, 4, ""); return true; }
      if (three === "mem" || three === "pem") {
        prefix = three === "mem" ? 1 : 3; measure--;
        if (vowel(w[3] || "")) start = swap(0, 3, "p") + 1; else swap(0, 3, "");
        return true;
      }
      if (three === "men" || three === "pen" || three === "ter") {
        prefix = three === "pen" ? 3 : 1; measure--; swap(0, 3, ""); return true;
      }
      if (two === "di" || two === "me" || two === "ke") {
        prefix = two === "ke" ? 3 : 1; measure--; swap(0, 2, ""); return true;
      }
      return false;
    }

    function second() {
      var at = start, rest = w.slice(at);
      if (rest.slice(0, 7) === "pelajar" || rest.slice(0, 7) === "belajar") {
        if (rest[0] === "b") prefix = 4;
        measure--; start = swap(at, 7, "ajar"); return;
      }
      if (rest.slice(0, 3) === "per") { prefix = 2; measure--; swap(at, 3, ""); return; }
      if (rest.slice(0, 3) === "ber") { prefix = 4; measure--; swap(at, 3, ""); return; }
      if (rest.slice(0, 2) === "pe") { prefix = 2; measure--; swap(at, 2, ""); return; }
      if (rest.slice(0, 2) === "be" && rest.length >= 5 && !vowel(rest[2]) && rest.slice(3, 5) === "er") {
        prefix = 4; measure--; swap(at, 2, "");
      }
    }

    if (first()) {
      // a second prefix only goes with a suffix: "dipelihara" keeps its pe-, "diperbaiki" does not
      if (measure > 2 && suffix() && measure > 2) second();
    } else {
      second();
      if (measure > 2) suffix();
    }
    return w;
  }

  // As search.keys(): the stem; after meN-/peN- before a vowel the root with its t or k back;
  // for a word ending like a particle, its stem with that ending kept (diolah: olah).
  function keys(word) {
    var s = stem(word), found = [s];
    var nasal = /^[mp]e(ng|n)[aeiou]/.exec(word);
    if (nasal && s && vowel(s[0])) found.push((nasal[1] === "ng" ? "k" : "t") + s);
    if (/(lah|kah|pun)$/.test(word)) found.push(stem(word + "nya"));  // -nya goes first, the particle stays
    return found.filter(function (k, i) { return k && found.indexOf(k) === i; });
  }

  var api = { stem: stem, keys: keys };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.stemId = api;
})(this);
