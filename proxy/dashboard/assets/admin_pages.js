// admin_pages.js - the pages with admin actions, all through the same
// admin API the CLI uses (/admin/breakers, /admin/users, /admin/keys,
// /admin/credits): Providers & models (success, latency, breakers with
// reset, incidents) and Users & keys (balances, create and revoke keys,
// add credits, change plan).
'use strict';
const gwAdminPages = (() => {
  const { api, h, int, usd, ms, pct, when, card, table, flash } = gw;

  async function providers(main) {
    const w = gwPages.state.window;
    const [byProvider, byModel, breakers, health] = await Promise.all([
      api('/ui/api/overview?window=' + w + '&by=provider'), api('/ui/api/overview?window=' + w + '&by=model'),
      api('/admin/breakers'), api('/health')]);
    const perf = rows => rows.map(r => Object.assign({ success: r.requests ? 1 - r.error_rate : null }, r));
    const closed = b => b.state.toLowerCase() === 'closed';
    const stateBadge = s => h('span', { class: 'badge ' + (s.toLowerCase() === 'closed' ? 'good' : s.toLowerCase() === 'open' ? 'bad' : 'warn') }, s);
    const open = breakers.data.filter(b => !closed(b));
    const incidents = health.incidents || [];
    main.replaceChildren(h('h1', {}, 'Providers & models'),
      h('div', { class: 'cards' },
        card('providers_used', 'Providers used (' + w + ')', int(byProvider.rows.length)),
        card('open_breakers', 'Open breakers', int(open.length)),
        card('incidents', 'Open incidents', int(incidents.length))),
      h('div', { class: 'panel' }, h('h2', {}, 'Providers · ' + w), table([
        { label: 'Provider', cell: r => r.key, metric: 'key' },
        { label: 'Requests', num: true, metric: 'requests', cell: r => int(r.requests) },
        { label: 'Success', num: true, metric: 'success', cell: r => pct(r.success) },
        { label: 'p50', num: true, cell: r => ms(r.p50_ms) }, { label: 'p99', num: true, cell: r => ms(r.p99_ms) },
        { label: 'Spend', num: true, cls: 'hide-narrow', cell: r => usd(r.cost_usd) },
      ], perf(byProvider.rows), { id: 'providers', data: r => ({ key: r.key }) })),
      h('div', { class: 'panels' },
        h('div', { class: 'panel' }, h('h2', {}, 'Circuit breakers'), table([
          { label: 'Provider', cell: b => b.provider }, { label: 'State', cell: b => stateBadge(b.state) },
          { label: 'Failures', num: true, cell: b => int(b.consecutive_failures) },
          { label: '', cell: b => closed(b) ? '' : h('button', { type: 'button', class: 'danger',
            dataset: { reset: b.provider }, onclick: () => resetBreaker(b.provider, main) }, 'Reset') },
        ], breakers.data.filter(b => !closed(b) || b.total_failures + b.total_successes > 0),
        { id: 'breakers', data: b => ({ provider: b.provider }), empty: 'No provider has been called yet; all closed.' })),
        h('div', { class: 'panel' }, h('h2', {}, 'Incidents'), incidents.length ? table([
          { label: 'Severity', cell: i => h('span', { class: 'badge bad' }, i.severity) },
          { label: 'What', cell: i => i.summary || i.title || i.provider || JSON.stringify(i) },
          { label: 'Since', cell: i => i.opened_at ? when(i.opened_at * 1000) : '–' },
        ], incidents, { id: 'incidents' }) : h('p', { class: 'muted', id: 'incidents' }, 'No open incidents.'))),
      h('div', { class: 'panel' }, h('h2', {}, 'Models · ' + w), table([
        { label: 'Model', cell: r => r.key, metric: 'key' },
        { label: 'Requests', num: true, metric: 'requests', cell: r => int(r.requests) },
        { label: 'Success', num: true, cell: r => pct(r.success) },
        { label: 'p50', num: true, cell: r => ms(r.p50_ms) }, { label: 'p99', num: true, cell: r => ms(r.p99_ms) },
        { label: 'Spend', num: true, cell: r => usd(r.cost_usd) },
      ], perf(byModel.rows), { id: 'models', data: r => ({ key: r.key }) })));
  }

  async function resetBreaker(provider, main) {
    try {
      await api('/admin/breakers/' + encodeURIComponent(provider) + '/reset', { method: 'POST' });
      flash('breaker of ' + provider + ' reset');
      await providers(main);
    } catch (e) { flash(e.message, true); }
  }

  async function users(main) {
    const [us, ks, spend] = await Promise.all([api('/admin/users'), api('/admin/keys'),
      api('/ui/api/overview?window=30d&by=user')]);
    const spent = Object.fromEntries(spend.rows.map(r => [r.key, r.cost_usd]));
    const secret = h('div', { id: 'new-secret' });
    const again = () => users(main).catch(e => flash(e.message, true));
    const act = async (what, path, body) => {
      try { const r = await api(path, { method: 'POST', body }); flash(what); again(); return r; } catch (e) { flash(e.message, true); }
    };
    const userOptions = () => us.data.map(u => h('option', { value: u.name }, u.name));
    const keyForm = h('form', { class: 'inline-form', id: 'create-key' },
      h('select', { name: 'user', 'aria-label': 'user', required: true }, userOptions()),
      h('input', { name: 'name', placeholder: 'key name', 'aria-label': 'key name' }),
      h('select', { name: 'role', 'aria-label': 'role' }, ['', 'dev', 'team', 'free', 'admin'].map(r => h('option', { value: r }, r || 'plan default'))),
      h('button', { type: 'submit', class: 'primary' }, 'Create key'));
    keyForm.addEventListener('submit', async ev => {
      ev.preventDefault();
      const d = new FormData(keyForm);
      const body = { user: d.get('user'), name: d.get('name') || 'dashboard' };
      if (d.get('role')) body.role = d.get('role');
      try {
        const k = await api('/admin/keys', { method: 'POST', body });
        await users(main);
        document.getElementById('new-secret').replaceChildren(h('div', { class: 'notice' },
          'New key for ' + body.user + ' (shown once): ', h('span', { class: 'secret', id: 'secret-value' }, k.secret)));
      } catch (e) { flash(e.message, true); }
    });
    const userForm = h('form', { class: 'inline-form', id: 'create-user' },
      h('input', { name: 'name', placeholder: 'new user name', 'aria-label': 'user name', required: true }),
      h('button', { type: 'submit' }, 'Create user'));
    userForm.addEventListener('submit', async ev => {
      ev.preventDefault();
      const name = new FormData(userForm).get('name');
      try {
        const r = await api('/admin/users', { method: 'POST', body: { name } });
        await users(main);
        document.getElementById('new-secret').replaceChildren(h('div', { class: 'notice' },
          'User ' + name + ' created with a primary key (shown once): ', h('span', { class: 'secret' }, r.key.secret)));
      } catch (e) { flash(e.message, true); }
    });
    const credits = u => {
      const f = h('form', { class: 'inline-form', dataset: { credits: u.name } },
        h('input', { name: 'amount', placeholder: '10.00', size: 6, inputmode: 'decimal', 'aria-label': 'amount in USD', required: true }),
        h('button', { type: 'submit' }, 'Add $'));
      f.addEventListener('submit', ev => {
        ev.preventDefault();
        act('credits added to ' + u.name, '/admin/credits/' + encodeURIComponent(u.name),
          { amount_usd: new FormData(f).get('amount'), kind: 'grant', note: 'dashboard' });
      });
      return f;
    };
    const plan = u => h('select', { 'aria-label': 'plan of ' + u.name, dataset: { plan: u.name },
      onchange: ev => act(u.name + ' moved to ' + ev.target.value, '/admin/users/' + encodeURIComponent(u.id) + '/plan', { plan: ev.target.value }) },
    ['trial', 'dev', 'team', 'enterprise'].map(p => h('option', { value: p, selected: p === u.plan }, p)));
    main.replaceChildren(h('h1', {}, 'Users & keys'), secret,
      h('div', { class: 'panel' }, h('h2', {}, 'Users and balances'), table([
        { label: 'User', cell: u => u.name, metric: 'name' }, { label: 'Plan', cell: plan },
        { label: 'Balance', num: true, metric: 'balance', cell: u => usd(u.balance_usd) },
        { label: 'Spent (30d)', num: true, cls: 'hide-narrow', cell: u => usd(spent[u.id] || '0') },
        { label: 'Credits', cell: credits },
      ], us.data, { id: 'users', data: u => ({ user: u.name }) }), h('p', {}, userForm)),
      h('div', { class: 'panel' }, h('h2', {}, 'Keys'), h('p', {}, keyForm), table([
        { label: 'Key', cell: k => h('span', { class: 'mono' }, k.key) }, { label: 'Name', cell: k => k.name },
        { label: 'User', cell: k => k.user }, { label: 'Role', cell: k => k.role },
        { label: 'Status', cell: k => k.revoked ? h('span', { class: 'badge bad' }, 'revoked') : h('span', { class: 'badge good' }, 'active') },
        { label: '', cell: k => k.revoked ? '' : h('button', { type: 'button', class: 'danger', dataset: { revoke: k.id },
          onclick: () => { if (confirm('Revoke ' + k.key + ' of ' + k.user + '? Requests with it fail at once.')) act('key ' + k.key + ' revoked', '/admin/keys/' + encodeURIComponent(k.id) + '/revoke'); } }, 'Revoke') },
      ], ks.data, { id: 'keys', data: k => ({ key: k.id }) })));
  }

  return { providers, users };
})();
