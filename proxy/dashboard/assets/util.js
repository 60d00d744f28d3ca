// util.js - what every page uses: the API call (session cookie sent by the
// browser, CSRF token added to calls that change state, a refused session
// sent back to the login form), an element builder that only ever sets
// text (never HTML, so no name or model shown can inject markup), and the
// number formats. Money stays the server's exact decimal string.
'use strict';
const gw = (() => {
  let csrf = null;

  async function api(path, opts = {}) {
    const headers = Object.assign({}, opts.headers || {});
    const method = opts.method || 'GET';
    if (method !== 'GET' && csrf) headers['x-gw-csrf'] = csrf;
    let body = opts.body;
    if (body !== undefined && typeof body !== 'string') {
      body = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
    if (r.status === 401) { location.href = '/ui/login'; throw new Error('not logged in'); }
    const text = await r.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
    if (!r.ok) {
      const msg = (data && data.error && data.error.message) || ('HTTP ' + r.status);
      const err = new Error(msg);
      err.status = r.status;
      throw err;
    }
    return data;
  }

  // h('div', {class: 'x', onclick: f, dataset: {k: v}}, child, 'text', ...)
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) if (c != null && c !== false) e.append(c instanceof Node ? c : String(c));
    return e;
  }

  const int = n => n == null ? '–' : Number(n).toLocaleString('en-US');
  // "$0.0123" from the server's exact "0.0123": trailing zeros past the
  // cents trimmed for reading, never rounded.
  const usd = s => {
    if (s == null) return '–';
    let [whole, frac = ''] = String(s).split('.');
    frac = frac.replace(/0+$/, '');
    if (frac.length < 2) frac = frac.padEnd(2, '0');
    const neg = whole.startsWith('-');
    whole = whole.replace('-', '');
    return (neg ? '-$' : '$') + Number(whole).toLocaleString('en-US') + '.' + frac;
  };
  const ms = v => v == null ? '–' : (v >= 1000 ? (v / 1000).toFixed(2) + ' s' : (Math.round(v * 10) / 10) + ' ms');
  const pct = v => v == null ? '–' : (Math.round(v * 1000) / 10) + '%';
  const when = t => t ? new Date(t).toLocaleString() : '–';

  function card(metric, label, value, sub) {
    return h('div', { class: 'card', dataset: { metric } }, h('div', { class: 'label' }, label),
      h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
  }

  function table(columns, rows, opts = {}) {
    const thead = h('thead', {}, h('tr', {}, columns.map(c => h('th', { class: (c.num ? 'num ' : '') + (c.cls || '') }, c.label))));
    const tbody = h('tbody');
    for (const row of rows) {
      const tr = h('tr', { class: opts.onclick ? 'clickable' : null, dataset: opts.data ? opts.data(row) : null,
        onclick: opts.onclick ? () => opts.onclick(row) : null });
      for (const c of columns) {
        const v = c.cell(row);
        tr.appendChild(h('td', { class: (c.num ? 'num ' : '') + (c.cls || ''), dataset: c.metric ? { metric: c.metric } : null },
          v instanceof Node ? v : (v == null ? '–' : String(v))));
      }
      tbody.appendChild(tr);
    }
    if (!rows.length) tbody.appendChild(h('tr', {}, h('td', { colspan: columns.length, class: 'muted' }, opts.empty || 'Nothing yet.')));
    return h('div', { class: 'table-wrap' }, h('table', { id: opts.id }, thead, tbody));
  }

  function flash(text, bad) {
    for (const old of document.querySelectorAll('.flash')) old.remove();
    const f = h('div', { class: 'flash ' + (bad ? 'error' : ''), role: 'status' }, text);
    document.body.appendChild(f);
    setTimeout(() => f.remove(), 4000);
  }

  function segmented(values, current, onpick, name) {
    return h('div', { class: 'seg', role: 'group', 'aria-label': name },
      values.map(v => h('button', { type: 'button', class: v === current ? 'on' : null, dataset: { value: v },
        onclick: () => onpick(v) }, v)));
  }

  return { api, h, int, usd, ms, pct, when, card, table, flash, segmented,
    setCsrf: t => { csrf = t; }, hasCsrf: () => !!csrf };
})();
