// The official `@anthropic-ai/sdk` against gw, with each provider dialect behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';

const client = new Anthropic({ baseURL: process.env.GW_URL, apiKey: 'gw-test-key', maxRetries: 0 });
const MODELS = ['anthropic/claude-sonnet-4.5', 'mock/echo', 'google/gemini-2.5-flash'];
const weather = { name: 'get_weather', description: 'Weather for a city',
  input_schema: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } };

for (const model of MODELS) {
  test(`message via ${model}`, async () => {
    const m = await client.messages.create({ model, max_tokens: 256, system: 'be terse',
      messages: [{ role: 'user', content: 'hello claude sdk' }] });
    assert.equal(m.type, 'message');
    assert.equal(m.content[0].type, 'text');
    assert.equal(m.content[0].text, 'hello claude sdk');
    assert.equal(m.stop_reason, 'end_turn');
    assert.ok(m.usage.input_tokens > 0 && m.usage.output_tokens > 0);
  });

  test(`streamed message keeps Anthropic's event order via ${model}`, async () => {
    const stream = await client.messages.create({ model, max_tokens: 256, stream: true,
      messages: [{ role: 'user', content: 'stream these words' }] });
    const types = []; let text = '';
    for await (const e of stream) {
      types.push(e.type);
      if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') text += e.delta.text;
    }
    assert.equal(text, 'stream these words');
    assert.equal(types[0], 'message_start');
    assert.equal(types.at(-1), 'message_stop');
    assert.equal(types.at(-2), 'message_delta');
    const start = types.indexOf('content_block_start');
    assert.ok(start > 0 && types.indexOf('content_block_delta') > start);
    assert.ok(types.lastIndexOf('content_block_stop') < types.indexOf('message_delta'));
  });

  test(`tool use and tool result via ${model}`, async () => {
    const first = await client.messages.create({ model, max_tokens: 256, tools: [weather],
      messages: [{ role: 'user', content: 'Oslo' }] });
    assert.equal(first.stop_reason, 'tool_use');
    const use = first.content.find((b) => b.type === 'tool_use');
    assert.equal(use.name, 'get_weather');
    assert.deepEqual(use.input, { input: 'Oslo' });
    const second = await client.messages.create({ model, max_tokens: 256, tools: [weather], messages: [
      { role: 'user', content: 'Oslo' }, { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'snow' }] }] });
    assert.equal(second.content.find((b) => b.type === 'text').text, 'tool said: snow');
  });

  test(`streamed tool input arrives as input_json deltas via ${model}`, async () => {
    const final = await client.messages.stream({ model, max_tokens: 256, tools: [weather],
      messages: [{ role: 'user', content: 'Lima' }] }).finalMessage();
    const use = final.content.find((b) => b.type === 'tool_use');
    assert.deepEqual(use.input, { input: 'Lima' });
  });
}

test('thinking blocks come back with a signature from an Anthropic provider', async () => {
  const m = await client.messages.create({ model: 'anthropic/claude-sonnet-4.5', max_tokens: 4096,
    thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: 'ponder' }] });
  const thinking = m.content.find((b) => b.type === 'thinking');
  assert.equal(thinking.thinking, 'Thinking about: ponder');
  assert.match(thinking.signature, /^mock-sig-/);
  assert.equal(m.content.find((b) => b.type === 'text').text, 'ponder');
});

test('count_tokens answers without calling a provider', async () => {
  const r = await client.messages.countTokens({ model: 'anthropic/claude-sonnet-4.5',
    messages: [{ role: 'user', content: 'count these tokens please' }] });
  assert.ok(r.input_tokens > 0);
});

test('errors surface as the SDK error types', async () => {
  await assert.rejects(client.messages.create({ model: 'no-such-model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }),
    (e) => e instanceof Anthropic.NotFoundError);
  await assert.rejects(client.messages.create({ model: 'mock/echo', messages: [{ role: 'user', content: 'x' }] }),
    (e) => e instanceof Anthropic.BadRequestError && /max_tokens/.test(e.message));
});

test('prompt caching on the native road: written once, then read, in message_start of a stream too', async () => {
  const system = [{ type: 'text', text: `cached system prompt ${Date.now()} `.repeat(40), cache_control: { type: 'ephemeral' } }];
  const ask = (stream) => client.messages.create({ model: 'anthropic/claude-sonnet-4.5', max_tokens: 64, system, stream,
    messages: [{ role: 'user', content: 'cache me' }] });
  const first = await ask(false);
  assert.equal(first.model, 'anthropic/claude-sonnet-4.5');
  assert.ok(first.usage.cache_creation_input_tokens > 0);
  assert.equal(first.usage.cache_read_input_tokens, 0);
  let start;
  for await (const e of await ask(true)) if (e.type === 'message_start') start = e.message;
  assert.equal(start.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
  assert.equal(start.usage.cache_creation_input_tokens, 0);
  assert.ok(start.usage.input_tokens > 0);
});

test('a router works from the Anthropic SDK, streamed too, with x-gw-route', async () => {
  const { data, response } = await client.messages
    .create({ model: 'router:code:agentic', max_tokens: 32, messages: [{ role: 'user', content: 'route me' }] }).withResponse();
  assert.equal(data.content[0].text, 'route me');
  assert.match(response.headers.get('x-gw-route'), /^router=code:agentic; tier=simple/);
  const { data: stream, response: streamed } = await client.messages
    .create({ model: 'router:general:quality', max_tokens: 32, stream: true, messages: [{ role: 'user', content: 'streamed' }] })
    .withResponse();
  let text = '';
  for await (const e of stream) if (e.type === 'content_block_delta') text += e.delta.text ?? '';
  assert.equal(text, 'streamed');
  assert.match(streamed.headers.get('x-gw-route'), /^router=general:quality; chosen=/);
});
