// Applies the saved theme before the first paint (a tiny blocking script, so no flash of the
// wrong colours). "system" follows prefers-color-scheme.
(function () {
  try {
    var theme = localStorage.getItem('ra.theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch (e) { /* storage blocked: follow the system */ }
})();
