// pages.js - the read-only pages: Overview, Requests (and one request),
// Live and Cache & routing. Each is a function that fills `main` and may
// return a cleanup function (Live closes its stream).
'use strict';
const gwPages = (() => {
  const { api, h, int, usd, ms, pct, when, card, table, segmented } = gw;
  const state = { window: '24h', by: 'model' };

  function seriesPoints(series) {
    return series.map(p => ({ t: p.t, requests: p.requests, errors: p.errors, tokens: p.tokens,
      cost: Number(p.cost_usd), p50: p.p50_ms, p99: p.p99_ms }));
  }

  async function overview(main) {
    const q = `window=${state.window}&by=${state.by}`;
    const r = await api('/ui/api/overview?' + q);
    const t = r.totals;
    const pts = seriesPoints(r.series);
    const bars = h('div', { class: 'chart' }), spend = h('div', { class: 'chart' }), lat = h('div', { class: 'chart' });
    const tokens = h('div', { class: 'chart' });
    const rerender = () => route();
    main.replaceChildren(
      h('h1', {}, 'Overview'),
      h('div', { class: 'toolbar' },
        segmented(['1h', '24h', '7d', '30d'], state.window, v => { state.window = v; rerender(); }, 'Window'),
        h('span', { class: 'muted' }, 'by'),
        segmented(['model', 'provider', 'user', 'key'], state.by, v => { state.by = v; rerender(); }, 'Breakdown'),
        h('span', { class: 'spacer' }),
        h('a', { href: '/ui/api/overview.csv?' + q, download: '', id: 'csv' }, 'Export CSV')),
      h('div', { class: 'cards', id: 'totals' },
        card('requests', 'Requests', int(t.requests), int(t.errors) + ' errors'),
        card('spend', 'Spend', usd(t.cost_usd), t.saved_usd !== '0.00' ? usd(t.saved_usd) + ' saved by the cache' : 'exact'),
        card('tokens', 'Tokens', int(t.tokens), int(t.prompt_tokens) + ' in · ' + int(t.completion_tokens) + ' out'),
        card('error_rate', 'Error rate', pct(t.error_rate), 'answers other than 2xx'),
        card('p50', 'p50 latency', ms(t.p50_ms), 'mean ' + ms(t.mean_latency_ms)),
        card('p99', 'p99 latency', ms(t.p99_ms), 'gw overhead ' + (t.mean_overhead_us == null ? '–' : t.mean_overhead_us + ' µs'))),
      h('div', { class: 'panels' },
        h('div', { class: 'panel' }, h('h2', {}, 'Requests'), bars),
        h('div', { class: 'panel' }, h('h2', {}, 'Spend (USD)'), spend),
        h('div', { class: 'panel' }, h('h2', {}, 'Latency'), lat),
        h('div', { class: 'panel' }, h('h2', {}, 'Tokens'), tokens)),
      h('div', { class: 'panel' }, h('h2', {}, 'By ' + state.by + ' · ' + state.window),
        breakdown(r.rows, state.by, t)));
    gwCharts.bars(bars, pts, { key: 'requests', errKey: 'errors', label: 'requests', grainMs: r.grain_ms, title: 'Requests per bucket' });
    gwCharts.line(spend, pts, [{ key: 'cost', cls: 'line-a', label: 'spend', fmt: v => '$' + (v < 0.01 ? v.toPrecision(3) : v.toFixed(2)) }],
      { area: true, grainMs: r.grain_ms, fmt: v => v === 0 ? '$0' : '$' + (v < 0.01 ? v.toPrecision(2) : v.toFixed(2)), title: 'Spend per bucket' });
    gwCharts.line(lat, pts, [{ key: 'p50', cls: 'line-a', label: 'p50' }, { key: 'p99', cls: 'line-b', label: 'p99' }],
      { grainMs: r.grain_ms, fmt: v => v >= 1000 ? (v / 1000).toFixed(1) + 's' : Math.round(v) + 'ms', title: 'Latency percentiles' });
    gwCharts.line(tokens, pts, [{ key: 'tokens', cls: 'line-a', label: 'tokens' }],
      { area: true, grainMs: r.grain_ms, fmt: v => v >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : v >= 1e3 ? (v / 1e3).toFixed(0) + 'k' : Math.round(v), title: 'Tokens per bucket' });
  }

  function breakdown(rows, by, totals) {
    const reqs = totals.requests || 1;
    return table([
      { label: by, cell: r => h('span', { title: r.key }, r.label), metric: 'key' },
      { label: 'Requests', num: true, metric: 'requests', cell: r => {
        const bar = h('span', { class: 'share' });
        bar.style.width = Math.max(2, Math.round(60 * r.requests / reqs)) + 'px';  // CSSOM: allowed by the CSP
        return h('span', {}, bar, int(r.requests));
      } },
      { label: 'Spend', num: true, metric: 'spend', cell: r => usd(r.cost_usd) },
      { label: 'Tokens', num: true, cls: 'hide-narrow', metric: 'tokens', cell: r => int(r.tokens) },
      { label: 'Errors', num: true, metric: 'error_rate', cell: r => pct(r.error_rate) },
      { label: 'p50', num: true, cls: 'hide-narrow', cell: r => ms(r.p50_ms) },
      { label: 'p99', num: true, cls: 'hide-narrow', cell: r => ms(r.p99_ms) },
    ], rows, { id: 'breakdown', data: r => ({ key: r.key }), empty: 'No requests in this window.' });
  }

  // ---- Requests ----
  const filters = { model: '', provider: '', user: '', status: '', since: '', until: '' };

  async function requests(main) {
    const form = h('form', { class: 'filters', id: 'filters' },
      ['model', 'provider', 'user'].map(f => h('label', {}, f,
        h('input', { name: f, value: filters[f], placeholder: 'any', autocomplete: 'off' }))),
      h('label', {}, 'status', h('select', { name: 'status' },
        [['', 'any'], ['ok', '2xx'], ['error', 'errors'], ['429', '429'], ['499', '499 (client left)'], ['502', '502']]
          .map(([v, l]) => h('option', { value: v, selected: filters.status === v }, l)))),
      h('label', {}, 'since', h('input', { name: 'since', type: 'datetime-local', value: filters.since })),
      h('label', {}, 'until', h('input', { name: 'until', type: 'datetime-local', value: filters.until })),
      h('label', {}, '\u00a0', h('button', { type: 'submit', class: 'primary' }, 'Filter')));
    const list = h('div', { id: 'request-list' });
    const more = h('button', { type: 'button', id: 'older', hidden: true }, 'Older');
    const status = h('p', { class: 'muted', id: 'scan-status' });
    main.replaceChildren(h('h1', {}, 'Requests'), form, h('div', { class: 'panel' }, list, status, more));
    let rows = [], before = null;
    async function load() {
      const p = new URLSearchParams({ limit: '50' });
      for (const f of ['model', 'provider', 'user', 'status']) if (filters[f]) p.set(f, filters[f]);
      if (filters.since) p.set('since', String(new Date(filters.since).getTime()));
      if (filters.until) p.set('until', String(new Date(filters.until).getTime()));
      if (before) p.set('before', String(before));
      const page = await api('/ui/api/requests?' + p);
      rows = rows.concat(page.rows);
      before = page.next_before;
      list.replaceChildren(requestTable(rows));
      more.hidden = !before;
      status.textContent = before && page.rows.length < 50
        ? 'Searched part of the log; "Older" looks further back.' : (before ? '' : 'End of the log for these filters.');
    }
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      const data = new FormData(form);
      for (const k of Object.keys(filters)) filters[k] = data.get(k) || '';
      rows = []; before = null;
      load().catch(e => gw.flash(e.message, true));
    });
    more.addEventListener('click', () => load().catch(e => gw.flash(e.message, true)));
    await load();
  }

  function statusBadge(s) {
    return h('span', { class: 'badge ' + (s >= 200 && s < 300 ? 'good' : s === 499 || s === 429 ? 'warn' : 'bad') }, s);
  }

  function requestTable(rows, id) {
    return table([
      { label: 'Time', cell: r => when(r.created_ms) },
      { label: 'Model', cell: r => r.model, metric: 'model' },
      { label: 'Provider', cls: 'hide-narrow', cell: r => r.provider || '–' },
      { label: 'User', cls: 'hide-narrow', cell: r => r.user || r.user_id || '(owner)' },
      { label: 'Status', cell: r => statusBadge(r.status) },
      { label: 'Tokens', num: true, cls: 'hide-narrow', cell: r => int(r.prompt_tokens + r.completion_tokens) },
      { label: 'Cost', num: true, metric: 'cost', cell: r => usd(r.cost_usd) },
      { label: 'Latency', num: true, cell: r => ms(r.latency_ms) },
    ], rows, { id: id || 'requests', data: r => ({ request: r.request_id }),
      onclick: r => { location.hash = '#request/' + encodeURIComponent(r.request_id); }, empty: 'No requests match.' });
  }

  function failoverPath(text) {
    if (!text) return 'none (one attempt)';
    return text.split(' ').map(step => {
      const [p, s] = step.split(':');
      return p + (s === '0' ? ' (no answer)' : ' ' + s);
    }).join(' → ');
  }

  async function request(main, id) {
    const r = await api('/ui/api/requests/' + encodeURIComponent(id));
    const session = await gwApp.session();
    const rows = [
      ['Request id', h('span', { class: 'mono' }, r.request_id)], ['Time', when(r.created_ms)], ['Route', r.route],
      ['Model', r.model], ['Provider', r.provider || '–'], ['Status', statusBadge(r.status)],
      ['Attempts', r.attempts], ['Failover path', failoverPath(r.failover)],
      ['Router decision', r.route_decision || '–'],
      ['User', r.user || r.user_id || '(owner)'], ['Key', r.key || r.key_id || '(no key)'],
      ['Tokens', `${int(r.prompt_tokens)} prompt · ${int(r.completion_tokens)} completion · ${int(r.cached_tokens)} cached · ${int(r.reasoning_tokens)} reasoning` + (r.usage_estimated ? ' (estimated)' : '')],
      ['Cost', h('span', { dataset: { metric: 'cost' } }, '$' + r.cost_usd)], ['Saved by the cache', '$' + r.saved_usd],
      ['Latency', ms(r.latency_ms)], ['gw overhead', int(r.overhead_us) + ' µs'], ['Streamed', r.stream ? 'yes' : 'no'],
      ['Trace id', r.trace_id ? h('span', { class: 'mono' }, r.trace_id) : '– (no trace context)'],
    ];
    const bodies = r.bodies_stored
      ? [h('h2', {}, 'Request body'), h('pre', { class: 'body' }, r.request_body),
        h('h2', {}, 'Response body'), h('pre', { class: 'body' }, r.response_body)]
      : [h('p', { class: 'muted' }, session.store_bodies
        ? 'No bodies stored for this request (written before [log] store_bodies was on, or past the retention).'
        : 'Bodies are not stored: [log] store_bodies is off (the default).')];
    main.replaceChildren(h('p', {}, h('a', { href: '#requests' }, '← Requests')), h('h1', {}, 'Request'),
      h('div', { class: 'panel' }, h('dl', { class: 'detail', id: 'detail' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
      h('div', { class: 'panel' }, bodies));
  }

  // ---- Live ----
  function live(main) {
    const rows = [];
    const counter = h('span', { id: 'live-count' }, '0');
    const state = h('span', { class: 'badge', id: 'live-state' }, 'connecting');
    const list = h('div', { id: 'live-list' });
    let paused = false;
    const pause = h('button', { type: 'button', onclick: () => { paused = !paused; pause.textContent = paused ? 'Resume' : 'Pause'; } }, 'Pause');
    main.replaceChildren(h('h1', {}, 'Live'),
      h('div', { class: 'toolbar' }, state, h('span', { class: 'muted' }, 'requests seen: '), counter, h('span', { class: 'spacer' }), pause),
      h('div', { class: 'panel' }, list));
    const render = () => list.replaceChildren(requestTable(rows.slice(0, 200).map(r => Object.assign({ user: r.user_id }, r)), 'live'));
    render();
    const es = new EventSource('/ui/api/live');
    let seen = 0;
    es.onopen = () => { state.textContent = 'live'; state.className = 'badge good'; };
    es.onerror = () => { state.textContent = 'reconnecting'; state.className = 'badge warn'; };
    es.onmessage = ev => {
      rows.unshift(JSON.parse(ev.data));
      if (rows.length > 500) rows.length = 500;
      counter.textContent = String(++seen);
      if (!paused) render();
    };
    return () => es.close();
  }

  // ---- Cache & routing ----
  async function cache(main) {
    const [c, routes] = await Promise.all([api('/admin/cache'), api('/ui/api/overview?window=' + state.window + '&by=route')]);
    const stats = c.enabled ? table([{ label: 'Counter', cell: r => r[0] }, { label: 'Value', num: true, cell: r => r[1] }], [
      ['mode', c.mode], ['entries', int(c.entries) + ' of ' + int(c.max_entries)], ['hits', int(c.hits)],
      ['misses', int(c.misses)], ['hit ratio', pct(c.hit_ratio)], ['stores', int(c.stores)],
      ['evictions', int(c.evictions)], ['expirations', int(c.expirations)], ['ttl', c.ttl_s + ' s'],
    ], { id: 'cache-stats' }) : h('p', { class: 'muted', id: 'cache-stats' }, 'The response cache is off ([cache] mode = "off").');
    main.replaceChildren(h('h1', {}, 'Cache & routing'),
      h('div', { class: 'cards' }, card('cache_hits', 'Cache hits (' + state.window + ')', int(routes.totals.cache_hits)),
        card('saved', 'Saved by the cache', usd(routes.totals.saved_usd))),
      h('div', { class: 'panels' },
        h('div', { class: 'panel' }, h('h2', {}, 'Response cache (since start)'), stats),
        h('div', { class: 'panel' }, h('h2', {}, 'Router decisions · ' + state.window),
          table([{ label: 'router → model', cell: r => r.key, metric: 'key' }, { label: 'Requests', num: true, metric: 'requests', cell: r => int(r.requests) },
            { label: 'Spend', num: true, cell: r => usd(r.cost_usd) }, { label: 'p50', num: true, cell: r => ms(r.p50_ms) }],
          routes.rows, { id: 'routes', empty: 'No router:* requests in this window.' }))));
  }

  return { overview, requests, request, live, cache, state, requestTable, statusBadge };
})();
