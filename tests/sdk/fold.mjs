// fold.mjs - what the SDK tests share: an OpenAI chat stream folded as an
// application would (text, finish reason, usage, tool calls) plus the
// distinct id/created pairs its chunks carried.
export async function foldChat(stream) {
  let text = ''; let finish = null; let usage = null; const calls = []; const ids = new Set();
  for await (const chunk of stream) {
    ids.add(`${chunk.id} ${chunk.created}`);
    if (chunk.usage) usage = chunk.usage;
    for (const c of chunk.choices) {
      text += c.delta?.content ?? '';
      if (c.finish_reason) finish = c.finish_reason;
      for (const tc of c.delta?.tool_calls ?? []) {
        calls[tc.index] ??= { id: '', name: '', args: '' };
        if (tc.id) calls[tc.index].id = tc.id;
        if (tc.function?.name) calls[tc.index].name += tc.function.name;
        if (tc.function?.arguments) calls[tc.index].args += tc.function.arguments;
      }
    }
  }
  return { text, finish, usage, calls, ids: [...ids] };
}
