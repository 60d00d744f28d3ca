// app.js - the dashboard's shell: which page the #hash names, the session
// (login needed or not, the CSRF token), the theme toggle and logout.
'use strict';
const gwApp = (() => {
  const main = document.getElementById('main');
  let sessionInfo = null, cleanup = null;

  async function session() {
    if (!sessionInfo) {
      sessionInfo = await gw.api('/ui/api/session');
      gw.setCsrf(sessionInfo.csrf);
      document.getElementById('logout').hidden = sessionInfo.via !== 'session';
    }
    return sessionInfo;
  }

  const pages = {
    overview: m => gwPages.overview(m), requests: m => gwPages.requests(m), live: m => gwPages.live(m),
    cache: m => gwPages.cache(m), providers: m => gwAdminPages.providers(m), users: m => gwAdminPages.users(m),
  };

  async function show() {
    if (cleanup) { cleanup(); cleanup = null; }
    const hash = decodeURIComponent(location.hash.slice(1)) || 'overview';
    const [name, arg] = hash.startsWith('request/') ? ['request', hash.slice(8)] : [hash, null];
    for (const a of document.querySelectorAll('nav a'))
      a.classList.toggle('active', a.dataset.page === (name === 'request' ? 'requests' : name));
    document.body.dataset.page = name;
    delete document.body.dataset.ready;
    try {
      await session();
      const out = name === 'request' ? await gwPages.request(main, arg) : await (pages[name] || pages.overview)(main);
      if (typeof out === 'function') cleanup = out;
      document.body.dataset.ready = name;
    } catch (e) {
      main.replaceChildren(gw.h('p', { class: 'error' }, 'Could not load this page: ' + e.message));
    }
  }

  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === 'dark'
      : matchMedia('(prefers-color-scheme: dark)').matches;
    document.documentElement.dataset.theme = dark ? 'light' : 'dark';
    try { localStorage.setItem('gw-theme', document.documentElement.dataset.theme); } catch (e) { /* private mode */ }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await gw.api('/ui/logout', { method: 'POST' }).catch(() => null);
    location.href = '/ui/login';
  });
  window.addEventListener('hashchange', show);
  show();
  return { session, show };
})();
// The pages re-render through route() when a control changes.
function route() { gwApp.show(); }
