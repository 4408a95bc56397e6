/* Click-to-play: a YouTube poster link becomes the youtube-nocookie.com player only when the reader
   taps it, so nothing is requested from YouTube before (privacy and data cost). Without JavaScript
   the same link opens the video on YouTube. */
"use strict";
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-youtube]") : null;
  if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  var id = link.getAttribute("data-youtube");
  if (!/^[A-Za-z0-9_-]{11}$/.test(id)) return;
  event.preventDefault();
  var frame = document.createElement("iframe");
  frame.className = "video";
  frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1&rel=0";
  frame.title = link.getAttribute("data-title") || "";
  frame.width = 560;
  frame.height = 315;
  frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
  frame.setAttribute("allowfullscreen", "");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups");
  link.replaceWith(frame);
  frame.focus();
});
