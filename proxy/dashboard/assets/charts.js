// charts.js - the dashboard's charts, drawn as SVG by hand (no library):
// a line/area chart over time with one or two series, and stacked bars.
// Each point carries a <title>, so hovering shows the exact value.
'use strict';
const gwCharts = (() => {
  const NS = 'http://www.w3.org/2000/svg';
  // The drawing is as wide as its container (no stretched text); H fixed.
  let W = 600;
  const H = 180, L = 62, R = 10, T = 10, B = 22;
  const fitWidth = container => { W = Math.max(260, Math.round(container.getBoundingClientRect().width) || 600); };

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  // A round axis maximum and tick step for values up to `max`.
  function niceMax(max) {
    if (!(max > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(max)));
    for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= max) return m * p;  // four even ticks
    return 10 * p;
  }

  function timeLabel(t, grainMs) {
    const d = new Date(t);
    if (grainMs >= 86400000) return (d.getMonth() + 1) + '/' + d.getDate();
    const hm = String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
    return grainMs >= 3600000 && d.getHours() === 0 ? (d.getMonth() + 1) + '/' + d.getDate() : hm;
  }

  function frame(svg, maxY, fmt, points, grainMs) {
    for (let i = 0; i <= 4; i++) {
      const y = T + (H - T - B) * (1 - i / 4);
      el('line', { x1: L, x2: W - R, y1: y, y2: y, class: i ? 'gridline' : 'axis' }, svg);
      el('text', { x: L - 6, y: y + 3, 'text-anchor': 'end' }, svg).textContent = fmt(maxY * i / 4);
    }
    const n = points.length;
    const every = Math.max(1, Math.ceil(n / 6));
    for (let i = 0; i < n; i += every) {
      const x = L + (W - L - R) * (n === 1 ? 0.5 : i / (n - 1));
      el('text', { x, y: H - 6, 'text-anchor': 'middle' }, svg).textContent = timeLabel(points[i].t, grainMs);
    }
  }

  // series: [{key, cls, label, fmt}], points: [{t, [key]: number|null}]
  function line(container, points, series, opts) {
    const fmt = opts.fmt || (v => String(Math.round(v)));
    container.textContent = '';
    fitWidth(container);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.title || 'chart' }, container);
    let max = 0;
    for (const p of points) for (const s of series) if (p[s.key] != null) max = Math.max(max, p[s.key]);
    const maxY = niceMax(max);
    frame(svg, maxY, fmt, points, opts.grainMs);
    const n = points.length;
    const xAt = i => L + (W - L - R) * (n === 1 ? 0.5 : i / (n - 1));
    const yAt = v => T + (H - T - B) * (1 - v / maxY);
    series.forEach((s, si) => {
      let d = '', area = '', started = false;
      points.forEach((p, i) => {
        const v = p[s.key];
        if (v == null) { started = false; return; }
        d += (started ? 'L' : 'M') + xAt(i).toFixed(1) + ',' + yAt(v).toFixed(1);
        started = true;
      });
      if (si === 0 && opts.area && d) {
        area = d + `L${xAt(n - 1).toFixed(1)},${yAt(0)}L${xAt(0).toFixed(1)},${yAt(0)}Z`;
        el('path', { d: area, class: 'area-a' }, svg);
      }
      el('path', { d, class: s.cls }, svg);
      // A dot per point: a lone point (one busy bucket) still shows.
      points.forEach((p, i) => {
        if (p[s.key] != null) el('circle', { cx: xAt(i), cy: yAt(p[s.key]), r: n > 90 ? 1.5 : 2.5, class: s.cls.replace('line', 'dot') }, svg);
      });
    });
    // Invisible hover targets with exact values.
    points.forEach((p, i) => {
      const w = (W - L - R) / Math.max(1, n);
      const r = el('rect', { x: xAt(i) - w / 2, y: T, width: w, height: H - T - B, fill: 'transparent' }, svg);
      el('title', {}, r).textContent = timeLabel(p.t, opts.grainMs) + ' · ' +
        series.map(s => s.label + ': ' + (p[s.key] == null ? '–' : (s.fmt || fmt)(p[s.key]))).join(' · ');
    });
    legend(container, series);
  }

  // Bars per bucket: `key` stacked with `errKey` (errors drawn over the total).
  function bars(container, points, opts) {
    const fmt = opts.fmt || (v => String(Math.round(v)));
    container.textContent = '';
    fitWidth(container);
    const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.title || 'chart' }, container);
    let max = 0;
    for (const p of points) max = Math.max(max, p[opts.key] || 0);
    const maxY = niceMax(max);
    frame(svg, maxY, fmt, points, opts.grainMs);
    const n = points.length, slot = (W - L - R) / Math.max(1, n), bw = Math.max(1, slot * 0.72);
    points.forEach((p, i) => {
      const x = L + (n === 1 ? (W - L - R) / 2 : (W - L - R) * i / (n - 1)) - bw / 2;
      const h = (H - T - B) * (p[opts.key] || 0) / maxY;
      const g = el('g', {}, svg);
      el('rect', { x, y: H - B - h, width: bw, height: h, class: 'bar-a' }, g);
      if (opts.errKey && p[opts.errKey]) {
        const he = (H - T - B) * p[opts.errKey] / maxY;
        el('rect', { x, y: H - B - he, width: bw, height: he, class: 'bar-b' }, g);
      }
      el('title', {}, g).textContent = timeLabel(p.t, opts.grainMs) + ' · ' + opts.label + ': ' + fmt(p[opts.key] || 0) +
        (opts.errKey ? ' · errors: ' + (p[opts.errKey] || 0) : '');
    });
    legend(container, [{ cls: 'a', label: opts.label }].concat(opts.errKey ? [{ cls: 'e', label: 'errors' }] : []));
  }

  function legend(container, series) {
    const div = document.createElement('div');
    div.className = 'legend';
    for (const s of series) {
      const span = document.createElement('span');
      const i = document.createElement('i');
      i.className = s.cls === 'line-b' ? 'b' : s.cls === 'e' ? 'e' : 'a';
      span.append(i, s.label);
      div.appendChild(span);
    }
    container.appendChild(div);
  }

  return { line, bars };
})();
