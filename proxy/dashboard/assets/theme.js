// theme.js - light or dark before the first paint: the saved choice, else
// the system's (prefers-color-scheme). The toggle lives in app.js.
(function () {
  var saved = null;
  try { saved = localStorage.getItem('gw-theme'); } catch (e) { /* private mode */ }
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
})();
