// The toolbar works without JavaScript (each button sends the form and the server adds the
// markdown at the end). With JavaScript it wraps the selected text, or inserts at the cursor.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-alat]");
    if (!button) { return; }
    var area = document.getElementById("f-isi");
    if (!area) { return; }
    event.preventDefault();
    var snippet = button.getAttribute("data-sisip");
    var block = button.getAttribute("data-blok") === "ya";
    var start = area.selectionStart, end = area.selectionEnd, text = area.value;
    var chosen = text.slice(start, end);
    var inserted = snippet;
    if (chosen) {
      var marks = { tebal: ["**", "**"], miring: ["_", "_"], tautan: ["[", "](https://)"],
                    subjudul: ["## ", ""], kutipan: ["> ", ""], daftar: ["- ", ""] }[button.getAttribute("data-alat")];
      inserted = marks[0] + (marks[1] || marks[0] === "[" ? chosen : chosen.split("\n").join("\n" + marks[0])) + marks[1];
    }
    if (block && start > 0 && text.charAt(start - 1) !== "\n") { inserted = "\n\n" + inserted; }
    if (block) { inserted += "\n"; }
    area.setRangeText(inserted, start, end, "select");
    area.focus();
  });
}());
