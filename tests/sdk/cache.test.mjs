// The response cache through the official SDKs: an answer stored whole is
// served to a streaming request and a stored stream to a whole one, and each
// SDK builds the same result from the hit as from the provider's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { foldChat } from './fold.mjs';

const openai = new OpenAI({ baseURL: `${process.env.GW_URL}/v1`, apiKey: 'gw-test-key', maxRetries: 0 });
const anthropic = new Anthropic({ baseURL: process.env.GW_URL, apiKey: 'gw-test-key', maxRetries: 0 });
const weather = { type: 'function', function: { name: 'get_weather', description: 'Weather for a city',
  parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] } } };
// A message as the API sent it: without what the SDK's stream helper adds.
const asSent = ({ parsed_output, stop_details, ...message }) => JSON.parse(JSON.stringify(message));
const unique = (what) => `${what} ${process.pid}-${Math.random().toString(36).slice(2)}`;

for (const model of ['mock/echo', 'anthropic/claude-sonnet-4.5']) {
  test(`openai chat via ${model}: whole answer, then the same request streamed from the cache`, async () => {
    const body = { model, temperature: 0, messages: [{ role: 'user', content: unique('cached words') }] };
    const { data: whole, response: first } = await openai.chat.completions.create(body).withResponse();
    assert.equal(first.headers.get('x-gw-cache'), 'miss');
    const { data: stream, response: second } = await openai.chat.completions
      .create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
    assert.equal(second.headers.get('x-gw-cache'), 'hit');
    const folded = await foldChat(stream);
    assert.equal(folded.text, whole.choices[0].message.content);
    assert.equal(folded.finish, whole.choices[0].finish_reason);
    assert.deepEqual(folded.usage, whole.usage);
  });

  test(`openai chat via ${model}: streamed tool calls, then the same request whole from the cache`, async () => {
    const body = { model, temperature: 0, tools: [weather], messages: [{ role: 'user', content: unique('parallel') }] };
    const { data: stream, response: first } = await openai.chat.completions
      .create({ ...body, stream: true }).withResponse();
    assert.equal(first.headers.get('x-gw-cache'), 'miss');
    const folded = await foldChat(stream);
    const { data: whole, response: second } = await openai.chat.completions.create(body).withResponse();
    assert.equal(second.headers.get('x-gw-cache'), 'hit');
    assert.equal(whole.choices[0].finish_reason, 'tool_calls');
    assert.deepEqual(whole.choices[0].message.tool_calls.map((c) => ({ id: c.id, name: c.function.name,
      args: c.function.arguments })), folded.calls);
  });
}

test('openai responses: whole then streamed, streamed then whole, from the cache', async () => {
  const body = { model: 'mock/echo', temperature: 0, input: unique('responses words') };
  const { data: whole } = await openai.responses.create(body).withResponse();
  const { data: stream, response } = await openai.responses.create({ ...body, stream: true }).withResponse();
  assert.equal(response.headers.get('x-gw-cache'), 'hit');
  let text = ''; let completed = null; const types = [];
  for await (const e of stream) {
    types.push(e.type);
    if (e.type === 'response.output_text.delta') text += e.delta;
    if (e.type === 'response.completed') completed = e.response;
  }
  assert.equal(text, whole.output_text);
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  assert.deepEqual(completed.output, whole.output);

  const body2 = { model: 'anthropic/claude-sonnet-4.5', temperature: 0, input: unique('streamed first') };
  const s2 = await openai.responses.create({ ...body2, stream: true });
  let final = null;
  for await (const e of s2) if (e.type === 'response.completed') final = e.response;
  const { data: w2, response: r2 } = await openai.responses.create(body2).withResponse();
  assert.equal(r2.headers.get('x-gw-cache'), 'hit');
  assert.equal(w2.output_text, final.output.filter((i) => i.type === 'message')
    .map((i) => i.content.map((p) => p.text).join('')).join(''));
  assert.deepEqual(w2.output, final.output);
});

test('anthropic messages with signed thinking: whole then streamed, the SDK builds the same message', async () => {
  const body = { model: 'anthropic/claude-sonnet-4.5', max_tokens: 4096, temperature: 0,
    thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: unique('ponder') }] };
  const { data: whole, response: first } = await anthropic.messages.create(body).withResponse();
  assert.equal(first.headers.get('x-gw-cache'), 'miss');
  const stream = anthropic.messages.stream(body);
  const streamed = await stream.finalMessage();
  const { response: second } = await stream.withResponse();
  assert.equal(second.headers.get('x-gw-cache'), 'hit');
  assert.deepEqual(asSent(streamed), asSent(whole));
  assert.match(streamed.content.find((b) => b.type === 'thinking').signature, /^mock-sig-/);
});

test('anthropic messages with a tool call: streamed then whole, the same message', async () => {
  const tool = { name: 'get_weather', input_schema: { type: 'object', properties: { input: { type: 'string' } } } };
  const body = { model: 'anthropic/claude-sonnet-4.5', max_tokens: 256, temperature: 0, tools: [tool],
    messages: [{ role: 'user', content: unique('Oslo') }] };
  const streamed = await anthropic.messages.stream(body).finalMessage();
  const { data: whole, response } = await anthropic.messages.create(body).withResponse();
  assert.equal(response.headers.get('x-gw-cache'), 'hit');
  assert.deepEqual(asSent(whole), asSent(streamed));
  assert.equal(whole.stop_reason, 'tool_use');
});
