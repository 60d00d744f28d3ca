// The dashboard in headless Chromium against gw serve (master key set) ->
// gw mock, with seeded traffic: every page loads, the numbers shown equal
// the admin API's, the login guards every page and API call, revoking a
// key from the page revokes it, the live view shows a new request as it
// happens, and each page is saved as a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';

const URL = process.env.GW_URL;
const MASTER = process.env.GW_MASTER_KEY;
const SHOTS = process.env.GW_SCREENSHOTS;
const admin = { authorization: `Bearer ${MASTER}` };

async function adminApi(p, opts = {}) {
  const r = await fetch(URL + p, { ...opts, headers: { ...admin, 'content-type': 'application/json', ...(opts.headers || {}) } });
  const body = await r.json();
  assert.ok(r.ok, `${p}: ${r.status} ${JSON.stringify(body)}`);
  return body;
}

async function chat(key, model, text) {
  return fetch(URL + '/v1/chat/completions', { method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: text }] }) });
}

// The page's money format: the exact decimal, trailing zeros past the cents trimmed.
function usd(s) {
  let [whole, frac = ''] = s.split('.');
  frac = frac.replace(/0+$/, '');
  if (frac.length < 2) frac = frac.padEnd(2, '0');
  return '$' + Number(whole).toLocaleString('en-US') + '.' + frac;
}
const int = n => Number(n).toLocaleString('en-US');

let context, page;
const keys = {};

before(async () => {
  // Users and keys through the admin API, then traffic with their keys.
  for (const [name, plan] of [['ada', 'dev'], ['bob', 'team']]) {
    const u = await adminApi('/admin/users', { method: 'POST', body: JSON.stringify({ name, plan }) });
    keys[name] = u.key.secret;
  }
  const models = ['mock/echo-priced', 'openai/gpt-4o-mini', 'mock/echo'];
  for (let i = 0; i < 36; i++) {
    const r = await chat(i % 3 ? keys.ada : keys.bob, models[i % 3], `question number ${i} ${'word '.repeat(i % 7)}`);
    assert.equal(r.status, 200);
  }
  // Two provider errors (scripted on the mock), counted as errors.
  await fetch(process.env.GW_MOCK_URL + '/_mock/script', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ steps: [{ status: 400 }, { status: 400 }] }) });
  for (let i = 0; i < 2; i++) assert.equal((await chat(keys.ada, 'mock/echo-priced', 'bad ' + i)).status, 400);

  context = await chromium.launchPersistentContext(process.env.GW_BROWSER_PROFILE, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', e => { throw e; });
});

after(async () => { if (context) await context.close(); });

async function show(name) {
  await page.goto(`${URL}/ui#${name}`);
  await page.waitForSelector(`body[data-ready="${name}"]`, { timeout: 15000 });
}

// Clicks a segmented control's value and waits for the page drawn with it.
async function pick(group, value) {
  await page.click(`[aria-label=${group}] button[data-value="${value}"]`);
  await page.waitForSelector(`body[data-ready="overview"] [aria-label=${group}] button.on[data-value="${value}"]`);
}

const shot = name => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

test('without a login, every page and API call is refused', async () => {
  const r = await fetch(URL + '/ui', { redirect: 'manual' });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get('location'), '/ui/login');
  for (const p of ['/ui/api/session', '/ui/api/overview', '/ui/api/overview.csv', '/ui/api/requests',
    '/ui/api/requests/x', '/ui/api/live', '/admin/users', '/admin/keys', '/admin/breakers', '/admin/cache', '/admin/usage']) {
    const a = await fetch(URL + p);
    assert.equal(a.status, 401, p);
  }
  const revoke = await fetch(URL + '/admin/keys/key_x/revoke', { method: 'POST' });
  assert.equal(revoke.status, 401);
  await page.goto(`${URL}/ui#overview`);
  await page.waitForURL(/\/ui\/login/);
  await shot('login');
});

test('a wrong key is refused on the login form; the master key logs in', async () => {
  await page.fill('#key', 'not-the-key');
  await page.click('button[type=submit]');
  await page.waitForSelector('#login-error:not([hidden])');
  assert.match(await page.textContent('#login-error'), /master key|invalid/);
  await page.fill('#key', MASTER);
  await page.click('button[type=submit]');
  await page.waitForSelector('body[data-ready="overview"]', { timeout: 15000 });
  const cookies = await context.cookies(URL);
  const session = cookies.find(c => c.name === 'gw_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict');
});

test('overview: totals and the breakdown by model equal gw usage (the admin API)', async () => {
  await show('overview');
  await pick('Window', '30d');
  const usage = await adminApi('/admin/usage?by=model');
  const card = async m => (await page.textContent(`[data-metric="${m}"] .value`)).trim();
  assert.equal(await card('requests'), int(usage.total.requests));
  assert.equal(await card('spend'), usd(usage.total.cost_usd));
  assert.equal(await card('tokens'), int(usage.total.prompt_tokens + usage.total.completion_tokens));
  assert.equal(await card('error_rate'), (Math.round(2 / usage.total.requests * 1000) / 10) + '%');
  for (const row of usage.rows) {
    const tr = page.locator(`#breakdown tr[data-key="${row.key}"]`);
    assert.equal((await tr.locator('[data-metric=requests]').textContent()).trim(), int(row.requests), row.key);
    assert.equal((await tr.locator('[data-metric=spend]').textContent()).trim(), usd(row.cost_usd), row.key);
  }
  assert.ok(await page.locator('.chart svg').count() >= 4);
  await pick('Window', '24h');
  await shot('overview');
  // The CSV export answers with the same rows.
  const csv = await page.evaluate(async () => (await fetch(document.getElementById('csv').href)).text());
  assert.match(csv, /^key,label,requests/);
  for (const row of usage.rows) assert.ok(csv.includes(`${row.key},${row.key},${row.requests},`), row.key);
});

test('overview by user equals gw usage --by user', async () => {
  await show('overview');
  await pick('Breakdown', 'user');
  const usage = await adminApi('/admin/usage?by=user');
  const users = await adminApi('/admin/users');
  for (const row of usage.rows) {
    const id = users.data.find(u => u.name === row.key).id;
    const tr = page.locator(`#breakdown tr[data-key="${id}"]`);
    assert.equal((await tr.locator('[data-metric=requests]').textContent()).trim(), int(row.requests));
    assert.equal((await tr.locator('[data-metric=spend]').textContent()).trim(), usd(row.cost_usd));
  }
  await pick('Breakdown', 'model');
});

test('requests: the log lists the newest first, and a row opens its detail with the exact cost', async () => {
  await show('requests');
  const api = await adminApi('/ui/api/requests?limit=50');
  const rows = page.locator('#requests tbody tr');
  assert.equal(await rows.count(), api.rows.length);
  assert.equal(await rows.first().getAttribute('data-request'), api.rows[0].request_id);
  await shot('requests');
  const priced = api.rows.find(r => r.model === 'mock/echo-priced' && r.status === 200);
  await page.click(`#requests tr[data-request="${priced.request_id}"]`);
  await page.waitForSelector('body[data-ready="request"]');
  assert.equal((await page.textContent('#detail [data-metric=cost]')).trim(), '$' + priced.cost_usd);
  const detail = await page.textContent('#detail');
  assert.ok(detail.includes(priced.request_id));
  assert.ok(detail.includes('/v1/chat/completions'));
  assert.ok((await page.textContent('main')).includes('store_bodies is off'));
  await shot('request-detail');
  // Filtering by status shows the two errors.
  await show('requests');
  await page.selectOption('select[name=status]', 'error');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#requests tbody tr[data-request]').length === 2);
});

test('providers: success and traffic per provider equal the admin API; breakers are listed', async () => {
  await show('providers');
  const usage = await adminApi('/admin/usage?by=provider');
  for (const row of usage.rows) {
    const tr = page.locator(`#providers tr[data-key="${row.key}"]`);
    assert.equal((await tr.locator('[data-metric=requests]').textContent()).trim(), int(row.requests), row.key);
  }
  assert.ok(await page.locator('#breakers tr[data-provider="mock"]').count() === 1);
  await shot('providers');
});

test('users and keys: balances equal the admin API; a key revoked from the page stops working', async () => {
  await show('users');
  const users = await adminApi('/admin/users');
  for (const u of users.data)
    assert.equal((await page.textContent(`#users tr[data-user="${u.name}"] [data-metric=balance]`)).trim(), usd(u.balance_usd));
  await shot('users');
  assert.equal((await chat(keys.bob, 'mock/echo', 'still here')).status, 200);
  const list = await adminApi('/admin/keys');
  const bobKey = list.data.find(k => k.user === 'bob' && !k.revoked);
  page.once('dialog', d => d.accept());
  await page.click(`button[data-revoke="${bobKey.id}"]`);
  await page.waitForSelector(`#keys tr[data-key="${bobKey.id}"] .badge.bad`);
  const after = await chat(keys.bob, 'mock/echo', 'revoked now');
  assert.equal(after.status, 401);
  // Credits added from the page reach the balance exactly.
  const before = users.data.find(u => u.name === 'ada');
  await page.fill('form[data-credits="ada"] input[name=amount]', '12.34');
  await page.click('form[data-credits="ada"] button');
  await page.waitForFunction(b => {
    const cell = document.querySelector('#users tr[data-user="ada"] [data-metric=balance]');
    return cell && cell.textContent.trim() !== b;
  }, usd(before.balance_usd));
  const ada = (await adminApi('/admin/users')).data.find(u => u.name === 'ada');
  assert.equal((await page.textContent('#users tr[data-user="ada"] [data-metric=balance]')).trim(), usd(ada.balance_usd));
  // A key created on the page works.
  await page.selectOption('#create-key select[name=user]', 'ada');
  await page.fill('#create-key input[name=name]', 'from the page');
  await page.click('#create-key button[type=submit]');
  const secret = (await page.textContent('#secret-value', { timeout: 10000 })).trim();
  assert.equal((await chat(secret, 'mock/echo', 'new key')).status, 200);
});

test('live: a new request appears over the event stream as it happens', async () => {
  await show('live');
  await page.waitForSelector('#live-state.good');
  const r = await chat(keys.ada, 'mock/echo', 'live one');
  const id = r.headers.get('x-request-id');
  await page.waitForSelector(`#live tr[data-request="${id}"]`, { timeout: 10000 });
  await shot('live');
});

test('cache and routing: the cache counters equal the admin API', async () => {
  await show('cache');
  const c = await adminApi('/admin/cache');
  const text = await page.textContent('#cache-stats');
  assert.ok(text.includes(int(c.hits)));
  await shot('cache');
});

test('looks: dark theme and a phone-width screen', async () => {
  await show('overview');
  await page.click('#theme');
  await page.waitForFunction(() => document.documentElement.dataset.theme);
  await shot('overview-' + await page.evaluate(() => document.documentElement.dataset.theme));
  await page.setViewportSize({ width: 390, height: 844 });
  await show('overview');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow}px wider than a phone`);
  await shot('overview-narrow');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.click('#theme');
});

test('logging out ends the session', async () => {
  await show('overview');
  await page.click('#logout');
  await page.waitForURL(/\/ui\/login/);
  const status = await page.evaluate(async () => (await fetch('/ui/api/overview')).status);
  assert.equal(status, 401);
});
