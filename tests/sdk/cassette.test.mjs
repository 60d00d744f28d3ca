// Record and replay through the official SDKs (docs/cassettes.md): the same
// calls - OpenAI chat, Responses and Anthropic Messages, streamed and not,
// passed through and translated, a tool call, thinking, a scripted 503 that
// fails over and a scripted 400 that does not - go through
// `gw serve --record DIR` in front of a private `gw mock`; the mock is
// stopped; then `gw serve --replay DIR` answers them twice, with no provider
// key set. What each SDK received - status and body bytes, every stream
// event in order - must be identical in the recording and both replays, and
// so must what the SDKs built from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { foldChat } from './fold.mjs';

const GW = process.env.GW_BIN;
const KEYS = { OPENAI_API_KEY: 'sk-proj-SDKcassetteFAKEopenai0123456789', OPENROUTER_API_KEY: 'sk-or-SDKcassetteFAKE0123',
  ANTHROPIC_API_KEY: 'sk-ant-SDKcassetteFAKEanthropic0123456789', GEMINI_API_KEY: 'AIzaSDKcassetteFAKEgeminiKEY0123456789ab' };

// Runs `gw ARGS` until it says where it listens; resolves to { port, stop }.
function start(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(GW, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const exited = new Promise((done) => child.on('exit', done));
    const stop = async () => { child.kill('SIGTERM'); await exited; };  // serve flushes its cassettes first
    const seen = (chunk) => {
      out += chunk;
      const m = out.match(/listening on http:\/\/[0-9.]+:(\d+)/);
      if (m) resolve({ port: Number(m[1]), stop, output: () => out });
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`gw ${args.join(' ')} exited ${code}: ${out}`)));
  });
}

// A fetch that hands the SDK the response as it streams and keeps a copy of
// every byte: what the SDK received, call by call.
function capturing(log) {
  return async (url, init) => {
    const res = await fetch(url, init);
    const [forSdk, forLog] = res.body ? res.body.tee() : [null, null];
    const entry = { path: new URL(String(url)).pathname, status: res.status, bytes: null };
    entry.done = forLog ? new Response(forLog).arrayBuffer().then((b) => { entry.bytes = Buffer.from(b); }) : Promise.resolve();
    log.push(entry);
    return new Response(forSdk, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

const sse = (bytes) => bytes.toString('utf8').split('\n\n').filter((e) => e.trim() !== '');

const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city',
  parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } } };
const anthropicWeather = { name: 'get_weather', description: 'Weather for a city',
  input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } };

async function foldResponses(stream) {
  const types = []; let completed = null;
  for await (const e of stream) {
    types.push(e.type);
    if (e.type === 'response.completed') completed = e.response;
  }
  return { types, completed };
}

// Every call, in order; each returns what the SDK built. `mock` is the mock's
// URL while recording (to script its faults) and null in replay.
async function session(gwUrl, mock, log) {
  const fetch = capturing(log);
  const openai = new OpenAI({ baseURL: `${gwUrl}/v1`, apiKey: 'gw-test-key', maxRetries: 0, fetch });
  const anthropic = new Anthropic({ baseURL: gwUrl, apiKey: 'gw-test-key', maxRetries: 0, fetch });
  const script = async (steps) => {
    if (mock) await globalThis.fetch(`${mock}/_mock/script`, { method: 'POST', body: JSON.stringify({ steps }) });
  };
  const out = {};
  // OpenAI chat: passed through (mock), translated (Anthropic, Gemini with its key in the URL), a tool call.
  out.chat = await openai.chat.completions.create({ model: 'mock/echo', messages: [{ role: 'user', content: 'hello sdk' }] });
  out.chatAnthropic = await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5',
    messages: [{ role: 'user', content: 'translated' }] });
  out.chatStream = await foldChat(await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5', stream: true,
    stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'one two three' }] }));
  out.chatGemini = await foldChat(await openai.chat.completions.create({ model: 'google/gemini-2.5-flash', stream: true,
    messages: [{ role: 'user', content: 'gemini words' }] }));
  out.tools = await openai.chat.completions.create({ model: 'mock/echo', tools: [weather],
    messages: [{ role: 'user', content: 'Paris' }] });
  out.toolsStream = await foldChat(await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4.5',
    stream: true, tools: [weather], messages: [{ role: 'user', content: 'Oslo' }] }));
  // A scripted 503 from openai: gw fails over to openrouter, in the recording and (from it) in replay.
  await script([{ status: 503 }]);
  const failover = await openai.chat.completions
    .create({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'fail over' }] }).withResponse();
  out.failover = { data: failover.data, provider: failover.response.headers.get('x-gw-provider') };
  // A scripted 400: the caller's to fix, not failed over; the SDK throws the same error each time.
  await script([{ status: 400 }]);
  out.refused = await openai.chat.completions.create({ model: 'mock/echo', messages: [{ role: 'user', content: 'refuse me' }] })
    .then(() => 'answered', (e) => ({ status: e.status, type: e.type, code: e.code, message: e.message }));
  // Responses: on the native road (openai) and translated (mock), streamed and not.
  out.responses = await openai.responses.create({ model: 'openai/gpt-4o', input: 'respond' });
  out.responsesTranslated = await openai.responses.create({ model: 'mock/echo', input: 'respond translated' });
  out.responsesStream = await foldResponses(await openai.responses.create({ model: 'mock/echo', input: 'streamed words',
    stream: true }));
  out.responsesNativeStream = await foldResponses(await openai.responses.create({ model: 'openai/gpt-4o',
    input: 'native stream', stream: true }));
  // Anthropic Messages: signed thinking on the native road, streamed and not; translated with a tool call.
  const thinking = { model: 'anthropic/claude-sonnet-4.5', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 },
    messages: [{ role: 'user', content: 'ponder' }] };
  out.thinking = await anthropic.messages.create(thinking);
  out.thinkingStream = await anthropic.messages.stream({ ...thinking, messages: [{ role: 'user', content: 'ponder more' }] })
    .finalMessage();
  out.messagesTranslated = await anthropic.messages.create({ model: 'mock/echo', max_tokens: 256, tools: [anthropicWeather],
    messages: [{ role: 'user', content: 'Lima' }] });
  out.messagesTranslatedStream = await anthropic.messages.stream({ model: 'mock/echo', max_tokens: 256,
    messages: [{ role: 'user', content: 'stream translated' }] }).finalMessage();
  await Promise.all(log.map((e) => e.done));
  return out;
}

test('cassettes: what the SDKs receive from a recording is what two replays give them, byte for byte', async (t) => {
  assert.ok(GW, 'GW_BIN names the gw binary (tests/sdk/run.sh sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'gw-sdk-cassettes-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const cassettes = join(dir, 'cassettes');
  const noKeys = { ...process.env };
  for (const name of [...Object.keys(KEYS), 'GW_MASTER_KEY', 'GW_API_KEY']) delete noKeys[name];

  const mock = await start(['mock', '--port', '0'], noKeys);
  const mockUrl = `http://127.0.0.1:${mock.port}`;
  const config = `[providers.mock]\nbase_url = "${mockUrl}/v1"\n` +
    `[providers.openai]\nbase_url = "${mockUrl}/v1"\n[providers.openrouter]\nbase_url = "${mockUrl}/v1"\n` +
    `[providers.anthropic]\nbase_url = "${mockUrl}/v1"\n` +
    `[providers.google]\nbase_url = "${mockUrl}/v1beta?key={GEMINI_API_KEY}"\n[cache]\nmode = "off"\n`;
  writeFileSync(join(dir, 'config.toml'), config);  // the same file records and replays
  const serveArgs = (mode) => ['--config', join(dir, 'config.toml'), '--db', join(dir, `gw-${mode}.db`), 'serve', '--port',
    '0', mode === 'record' ? '--record' : '--replay', cassettes];

  const recorded = [];
  let recordedOut;
  {
    const serve = await start(serveArgs('record'), { ...noKeys, ...KEYS });
    try {
      recordedOut = await session(`http://127.0.0.1:${serve.port}`, mockUrl, recorded);
    } finally {
      await serve.stop();
      await mock.stop();
    }
  }
  assert.equal(recordedOut.failover.provider, 'openrouter');
  assert.equal(recordedOut.refused.status, 400);
  assert.match(recordedOut.thinking.content.find((b) => b.type === 'thinking').signature, /^mock-sig-/);
  assert.equal(recordedOut.tools.choices[0].finish_reason, 'tool_calls');
  assert.equal(recordedOut.toolsStream.calls[0].name, 'get_weather');
  assert.equal(recordedOut.messagesTranslated.stop_reason, 'tool_use');
  const files = readdirSync(cassettes);
  assert.ok(files.length >= recorded.length, `${files.length} cassettes for ${recorded.length} calls`);
  for (const f of files) {
    const text = readFileSync(join(cassettes, f), 'utf8');
    for (const [name, key] of Object.entries(KEYS)) assert.ok(!text.includes(key), `${name} in ${f}`);
  }

  for (const run of [1, 2]) {
    const replayed = [];
    const serve = await start(serveArgs(`replay${run}`), noKeys);  // the mock is gone, and no key is set
    let replayedOut;
    try {
      replayedOut = await session(`http://127.0.0.1:${serve.port}`, null, replayed);
    } finally {
      await serve.stop();
    }
    assert.equal(replayed.length, recorded.length);
    for (let i = 0; i < recorded.length; i++) {
      const want = recorded[i]; const got = replayed[i];
      const what = `replay ${run}, call ${i} (${want.path})`;
      assert.equal(got.path, want.path, what);
      assert.equal(got.status, want.status, what);
      const events = sse(want.bytes);
      if (want.bytes.toString('utf8').startsWith('event:') || want.bytes.toString('utf8').startsWith('data:')) {
        assert.ok(events.length >= 3, `${what}: a stream of ${events.length} events`);
        assert.deepEqual(sse(got.bytes), events, `${what}: the stream's events, in order`);
      }
      assert.ok(got.bytes.equals(want.bytes), `${what}: bytes differ\nrecorded: ${want.bytes}\nreplayed: ${got.bytes}`);
    }
    assert.deepEqual(replayedOut, recordedOut, `replay ${run}: what the SDKs built`);
  }
});
