// Pagefind returns URLs from the root of the indexed site; the site may live under any
// sub-path, so the base is taken from this page's own address (cari/ is one level down).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof PagefindUI === "undefined") return;
  new PagefindUI({
    element: "#cari",
    baseUrl: new URL("../", window.location.href).pathname,
    showImages: false,
    showSubResults: false,
    resetStyles: false
  });
  // Pagefind's input has only a title and placeholder: give it an accessible name.
  var input = document.querySelector("#cari input");
  if (input) input.setAttribute("aria-label", input.getAttribute("placeholder") || "Cari");
});
