// The official `openai` SDK against gw, with each provider dialect behind it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const client = new OpenAI({ baseURL: `${process.env.GW_URL}/v1`, apiKey: 'gw-test-key', maxRetries: 0 });
const MODELS = ['mock/echo', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash'];
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city',
  parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } } };
const time = { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };

for (const model of MODELS) {
  test(`chat completion via ${model}`, async () => {
    const r = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello sdk' }] });
    assert.equal(r.object, 'chat.completion');
    assert.equal(r.choices[0].message.content, 'hello sdk');
    assert.equal(r.choices[0].finish_reason, 'stop');
    assert.ok(r.usage.prompt_tokens > 0);
  });

  test(`streamed chat with usage via ${model}`, async () => {
    const stream = await client.chat.completions.create({ model, stream: true,
      stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'one two three' }] });
    let text = ''; let usage = null; let finish = null;
    for await (const chunk of stream) {
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices) {
        text += c.delta?.content ?? '';
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    assert.equal(text, 'one two three');
    assert.equal(finish, 'stop');
    assert.ok(usage && usage.completion_tokens > 0);
  });

  test(`tool call and tool result round trip via ${model}`, async () => {
    const first = await client.chat.completions.create({ model, tools: [weather],
      messages: [{ role: 'user', content: 'Paris' }] });
    const call = first.choices[0].message.tool_calls[0];
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { input: 'Paris' });
    const second = await client.chat.completions.create({ model, tools: [weather], messages: [
      { role: 'user', content: 'Paris' }, first.choices[0].message,
      { role: 'tool', tool_call_id: call.id, content: 'sunny' }] });
    assert.equal(second.choices[0].message.content, 'tool said: sunny');
  });

  test(`streamed parallel tool calls via ${model}`, async () => {
    const stream = await client.chat.completions.create({ model, stream: true, tools: [weather, time],
      messages: [{ role: 'user', content: 'parallel please' }] });
    const calls = [];
    for await (const chunk of stream) {
      for (const tc of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls[tc.index] ??= { name: '', args: '' };
        if (tc.function?.name) calls[tc.index].name += tc.function.name;
        if (tc.function?.arguments) calls[tc.index].args += tc.function.arguments;
      }
    }
    assert.deepEqual(calls.map((c) => c.name), ['get_weather', 'get_time']);
    for (const c of calls) assert.deepEqual(JSON.parse(c.args), { input: 'parallel please' });
  });
}

test('JSON mode returns parseable JSON', async () => {
  const r = await client.chat.completions.create({ model: 'mock/echo', response_format: { type: 'json_object' },
    messages: [{ role: 'user', content: '{"ok":true}' }] });
  assert.deepEqual(JSON.parse(r.choices[0].message.content), { ok: true });
});

test('Responses API, plain and streamed', async () => {
  const r = await client.responses.create({ model: 'mock/echo', input: 'hello responses' });
  assert.equal(r.output_text, 'hello responses');
  const events = [];
  const stream = await client.responses.create({ model: 'anthropic/claude-sonnet-4.5', input: 'streamed words', stream: true });
  let text = '';
  for await (const e of stream) {
    events.push(e.type);
    if (e.type === 'response.output_text.delta') text += e.delta;
  }
  assert.equal(text, 'streamed words');
  assert.equal(events[0], 'response.created');
  assert.equal(events.at(-1), 'response.completed');
});

test('Responses API function call', async () => {
  const r = await client.responses.create({ model: 'mock/echo', input: 'Rome',
    tools: [{ type: 'function', name: 'get_weather', parameters: weather.function.parameters }] });
  const call = r.output.find((o) => o.type === 'function_call');
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { input: 'Rome' });
});

test('errors surface as the SDK error types', async () => {
  await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    (e) => e instanceof OpenAI.NotFoundError && /does not exist/.test(e.message));
  await assert.rejects(client.chat.completions.create({ model: 'mock/echo', messages: [] }),
    (e) => e instanceof OpenAI.BadRequestError);
});

test('Responses on the native road: reasoning with encrypted content round-trips, stateless', async () => {
  const include = ['reasoning.encrypted_content'];
  const r = await client.responses.create({ model: 'openai/gpt-5', input: 'reason please', store: false,
    reasoning: { effort: 'low' }, include });
  assert.equal(r.model, 'openai/gpt-5');
  assert.equal(r.output_text, 'reason please');
  const reasoning = r.output.find((o) => o.type === 'reasoning');
  assert.ok(reasoning.encrypted_content.startsWith('mock-enc-'));
  assert.ok(r.usage.output_tokens_details.reasoning_tokens > 0);
  // A stateless client sends the reasoning item back with the next turn.
  const next = await client.responses.create({ model: 'openai/gpt-5', store: false, reasoning: { effort: 'low' }, include,
    input: [...r.output, { role: 'user', content: 'and again' }] });
  assert.equal(next.output_text, 'and again');
});

test('a router picks the model and explains it in x-gw-route, streamed or not', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'router:code:quality', messages: [{ role: 'user', content: 'what is a tuple?' }] }).withResponse();
  const route = response.headers.get('x-gw-route');
  assert.match(route, /^router=code:quality; tier=simple \(easy_words=1\); chosen=[^;]+; runner_up=[^;]+; why=highest code/);
  assert.equal(data.model, response.headers.get('x-gw-model'));
  assert.ok(route.includes(`chosen=${data.model};`));
  const { data: stream, response: streamed } = await client.chat.completions
    .create({ model: 'router:general:balanced', stream: true, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
  let text = '';
  for await (const chunk of stream) for (const c of chunk.choices) text += c.delta?.content ?? '';
  assert.equal(text, 'hi');
  assert.match(streamed.headers.get('x-gw-route'), /^router=general:balanced; chosen=/);
  await assert.rejects(client.chat.completions.create({ model: 'router:general:fast', messages: [{ role: 'user', content: 'x' }] }),
    (e) => e instanceof OpenAI.BadRequestError && /router:general:latency/.test(e.message));
});

test('failover still runs when the routed model\'s first provider fails', async () => {
  // router:general:cost picks google/gemma-3-27b-it (the cheapest with Elo >= 1350 served here); its
  // first provider, deepinfra, refuses connections, so google (the mock, Gemini wire) answers.
  const { data, response } = await client.chat.completions
    .create({ model: 'router:general:cost', messages: [{ role: 'user', content: 'fail over' }] }).withResponse();
  assert.equal(data.choices[0].message.content, 'fail over');
  assert.equal(response.headers.get('x-gw-model'), 'google/gemma-3-27b-it');
  assert.equal(response.headers.get('x-gw-provider'), 'google');
  assert.equal(response.headers.get('x-gw-attempts'), '2');
  assert.match(response.headers.get('x-gw-route'), /chosen=google\/gemma-3-27b-it; .*why=cheapest \$0\.1100\/M with elo>=1350/);
});

test('every provider of the routed model fails: the runner-up model answers and x-gw-route says why', async () => {
  // router:code:quality picks anthropic/claude-opus-4.5, served here by anthropic and openrouter (both the
  // mock); the mock answers 503 twice, so gw falls back to the ranking's next model, claude-sonnet-4.5.
  // (run.sh runs the test files one at a time, so no other request takes these scripted steps.)
  const script = await fetch(`${process.env.GW_MOCK_URL}/_mock/script`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ steps: [{ status: 503 }, { status: 503 }] }) });
  assert.equal(script.status, 200);
  const { data, response } = await client.chat.completions
    .create({ model: 'router:code:quality', messages: [{ role: 'user', content: 'fall back' }] }).withResponse();
  assert.equal(data.choices[0].message.content, 'fall back');
  assert.equal(data.model, 'anthropic/claude-sonnet-4.5');
  assert.equal(response.headers.get('x-gw-model'), 'anthropic/claude-sonnet-4.5');
  assert.equal(response.headers.get('x-gw-attempts'), '3');
  const route = response.headers.get('x-gw-route');
  assert.match(route, /chosen=anthropic\/claude-sonnet-4\.5; /);
  assert.match(route, /why=fell back down the ranking, first pick anthropic\/claude-opus-4\.5: highest code 80\.9/);
  assert.match(route, /fell_back_from=anthropic\/claude-opus-4\.5 \(upstream_503: provider \w+ answered 503/);
});
