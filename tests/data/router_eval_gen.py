#!/usr/bin/env python3
"""Writes tests/data/router_eval.jsonl: labelled prompts for `gw route eval`.

The labels are a person's judgement of how hard each coding request is
(simple: a lookup or one-liner; moderate: one snippet or one error to look at;
complex: several files, a trace with code, a large diff, design work;
agentic: a coding agent's session - harness prompt or a tool-call loop).
They were written without running the classifier; cases the rules get wrong
are kept on purpose. Prompts are built from hand-written parts combined
deterministically (no randomness), so re-running gives the same file.
"""
import json, itertools, pathlib

LANGS = ["python", "go", "rust", "typescript", "java", "c++"]
out = []

def add(tier, prompt=None, messages=None, tools=None):
    row = {"tier": tier}
    if prompt is not None: row["prompt"] = prompt
    else:
        row["messages"] = messages
        if tools: row["tools"] = tools
    out.append(row)

# ---- simple: lookups, syntax, one-liners (66) ----
simple_q = [
    "what is the syntax for a switch statement in {l}?",
    "how do i read an environment variable in {l}?",
    "convert a string to an integer in {l}",
    "what is the difference between a list and a tuple? answer for {l} developers",
    "give me an example of a for loop over a map in {l}",
    "how do i print to stderr in {l}?",
    "what does the ? operator mean in {l}?",
    "quick: how to get the current unix timestamp in {l}",
    "what's the idiomatic way to check if a file exists in {l}",
    "write a one-liner in {l} that reverses a string",
    "explain what a closure is, briefly, with {l} in mind",
]
for q, l in itertools.product(simple_q, LANGS):
    add("simple", q.format(l=l))

# ---- moderate: one snippet, one error, one file (66) ----
snippets = {
    "python": "def mean(xs):\n    return sum(xs) / len(xs)",
    "go": "func first(xs []int) int {\n    return xs[0]\n}",
    "rust": "fn longest(a: &str, b: &str) -> &str {\n    if a.len() > b.len() { a } else { b }\n}",
    "typescript": "function sum(xs: number[]) {\n  let t = 0;\n  for (const x in xs) t += x;\n  return t;\n}",
    "java": "for (int i = 0; i <= list.size(); i++) {\n  total += list.get(i);\n}",
    "c++": "std::vector<int> v;\nfor (auto it = v.begin(); it != v.end(); ++it) if (*it == 0) v.erase(it);",
}
moderate_q = [
    "why does this crash on some inputs?\n```{l}\n{s}\n```",
    "can you review this function and point out bugs?\n```{l}\n{s}\n```",
    "add error handling to this:\n```{l}\n{s}\n```",
    "write unit tests for this {l} code:\n```{l}\n{s}\n```",
    "this compiles but gives the wrong answer, what is wrong?\n```{l}\n{s}\n```",
]
for q, l in itertools.product(moderate_q, LANGS):
    add("moderate", q.format(l=l, s=snippets[l]))
moderate_plain = [
    "getting `TypeError: Cannot read properties of undefined (reading 'map')` in my React component after fetch, what usually causes this?",
    "my pytest run fails with `ModuleNotFoundError: No module named 'app'` when run from the repo root, how do I fix the import path?",
    "in handlers/user.go the handler returns 200 even when the insert fails, how should I restructure the error path?",
    "explain how the event loop in node.js schedules promises versus setTimeout callbacks, with the order of output for a small example",
    "implement an LRU cache in python with O(1) get and put",
    "write a function that parses ISO-8601 durations like P3DT4H into seconds in go",
    "what's a good way to paginate a postgres query with a stable order when rows are inserted concurrently?",
    "my docker build is slow because pip reinstalls everything on every change; how should I order the Dockerfile layers?",
    "Explain the borrow checker error E0502 and how to restructure code that pushes to a vec while iterating it",
    "write a bash script that rotates log files older than 7 days and compresses them",
    "optimize this SQL: SELECT * FROM orders WHERE date(created_at) = '2024-01-01' - it does a full scan",
    "in src/config.ts the defaults get overwritten by undefined values from env, how to merge properly?",
    "write a regex that matches semantic version strings including pre-release tags, and explain each part",
    "how should I structure a thread-safe singleton in java?",
    "a goroutine leaks when the client disconnects; the handler waits on a channel forever. how do I make it respect the request context?",
    "write a github actions workflow that runs go test on push with a module cache",
    "convert this callback-style node function to async/await: fs.readFile(p, (err, data) => { if (err) return cb(err); cb(null, JSON.parse(data)); })",
    "migrate this jQuery snippet to vanilla js: $('.item').on('click', function(){ $(this).toggleClass('open') })",
    "panic: runtime error: index out of range [3] with length 3 - where do I start looking?",
    "implement binary search over a sorted slice of structs by a key field in rust",
    "write a python decorator that retries a function 3 times with exponential backoff",
    "our flask app returns 502 behind nginx only for large uploads, what settings should I check?",
    "what are the tradeoffs between using a mutex and a channel for a counter in go? show both",
    "write a makefile with build, test and clean targets for a small C project",
    "how do I mock datetime.now in a pytest test without freezegun?",
    "Write a TypeScript type that makes every nested property optional (DeepPartial) and explain how it recurses",
    "why is my useEffect running twice in development with React 18?",
    "implement a token bucket rate limiter struct in go with Allow() method",
    "turn this list of dicts into a pandas dataframe grouped by month with sums: [{'date': '2024-01-03', 'amount': 5}, ...]",
    "in app/models.py the __str__ of Order hits the database for every row in the admin list; how do I avoid the N+1?",
]
for p in moderate_plain:
    add("moderate", p)

# ---- complex: traces with code, several files, big diffs, design (60) ----
traces = [
    ("python", "Traceback (most recent call last):\n  File \"app/worker.py\", line 88, in run\n    job = self.queue.get(timeout=5)\n  File \"app/queue.py\", line 41, in get\n    return self._items.popleft()\nIndexError: pop from an empty deque",
     "class Queue:\n    def get(self, timeout=None):\n        with self._cond:\n            self._cond.wait(timeout)\n            return self._items.popleft()"),
    ("java", "Exception in thread \"main\" java.util.ConcurrentModificationException\n\tat java.base/java.util.ArrayList$Itr.checkForComodification(ArrayList.java:1013)\n\tat com.acme.Billing.close(Billing.java:57)\n\tat com.acme.Main.main(Main.java:12)",
     "for (Invoice inv : invoices) {\n  if (inv.isPaid()) invoices.remove(inv);\n}"),
    ("rust", "thread 'tokio-runtime-worker' panicked at 'called `Option::unwrap()` on a `None` value', src/session.rs:142:38\nnote: run with `RUST_BACKTRACE=1`",
     "let user = self.sessions.get(&id).unwrap();\nuser.touch(now);"),
    ("typescript", "TypeError: Cannot read properties of null (reading 'id')\n    at OrderService.attach (src/services/order.ts:77:31)\n    at async Promise.all (index 2)\n    at async handler (src/routes/orders.ts:21:5)",
     "const rows = await Promise.all(ids.map(id => this.repo.find(id)));\nreturn rows.map(r => this.attach(r));"),
    ("go", "panic: assignment to entry in nil map\n\ngoroutine 17 [running]:\nmain.(*Cache).Put(...)\n\t/src/cache/cache.go:33\nmain.main()\n\t/src/main.go:19 +0x1d",
     "type Cache struct { m map[string]int }\nfunc (c *Cache) Put(k string, v int) { c.m[k] = v }"),
]
trace_q = [
    "This fails in production under load, help me find the root cause and fix it.\n{t}\nrelevant code:\n```{l}\n{c}\n```",
    "Intermittent failure in CI:\n{t}\n```{l}\n{c}\n```\nWhat is happening and how do we make it robust?",
    "{t}\n\nHere's the code around it:\n```{l}\n{c}\n```",
]
for q, (l, t, c) in itertools.product(trace_q, traces):
    add("complex", q.format(l=l, t=t, c=c))
multi_file = [
    "Move the retry logic out of src/client/http.ts and src/client/ws.ts into a shared src/client/retry.ts, keeping the public API of both clients unchanged.",
    "We need to add tenant isolation: the queries in api/orders.py, api/invoices.py and api/users.py all need a tenant filter, and the admin views in admin/views.py must bypass it. Plan and implement it.",
    "Refactor the plugin loader so plugins are discovered lazily; touch loader.go, registry.go and cmd/main.go and keep the tests in loader_test.go passing.",
    "Split the 3000-line services/billing.rb into smaller classes with clear responsibilities and show the new file layout.",
    "Design a distributed job scheduler with at-least-once delivery, leader election and backpressure; describe components, failure modes and the data model.",
    "Our Postgres migration deadlocks when run against a live database with heavy writes. Design a zero-downtime migration strategy for renaming a column used by three services.",
    "Find and fix the race condition: two workers sometimes process the same message; the claim uses SELECT then UPDATE without a lock. Propose the concurrency-safe version and tests.",
    "Rewrite the state management of the React app from Redux to Zustand across the codebase while keeping the persisted store format compatible.",
    "Investigate a memory leak in a long-running Node service: heap grows 50MB/hour, suspect event listeners on a shared EventEmitter. Give a step by step root cause plan and fixes.",
    "Implement a full OAuth2 authorization code flow with PKCE for our CLI, including token refresh and secure storage on macOS, Linux and Windows.",
    "Architecture review: we have a monolith with a shared database and want to migrate the payments module to its own service; outline the migration, data ownership and rollback.",
    "Port the image pipeline from Python to Rust for performance: decoding, resizing, EXIF rotation and WebP encoding, with the same CLI flags. Provide the crate layout and main modules.",
    "Performance regression after upgrading the ORM: p99 latency went from 40ms to 400ms for the /search endpoint. Here is what we know so far - the query count per request tripled. Plan the investigation and the fix.",
    "Make the cache layer thread-safe and scalable: currently a global dict guarded by one lock in cache/store.py, used from cache/api.py and workers/refresh.py.",
    "Write an end-to-end test harness that starts the API, a fake payment provider and a database in containers, seeds data, and runs the checkout flow.",
]
for p in multi_file:
    add("complex", p)
diff_hdr = "diff --git a/{f} b/{f}\n--- a/{f}\n+++ b/{f}\n"
for i, f in enumerate(["server/handler.go", "lib/parser.py", "src/store.rs", "web/src/App.tsx", "core/ledger.cc"]):
    body = diff_hdr.format(f=f)
    for h in range(6):
        body += "@@ -%d,4 +%d,6 @@\n-    old_line_%d()\n+    new_line_%d()\n+    check_%d()\n" % (10 * h + 1, 10 * h + 1, h, h, h)
    add("complex", "Please review this change for correctness and edge cases:\n" + body)
    add("moderate", "Is this small change ok?\n" + diff_hdr.format(f=f) + "@@ -3,1 +3,1 @@\n-    timeout = 5\n+    timeout = 30\n")
tool_def = [{"type": "function", "function": {"name": "search_code", "parameters": {"type": "object", "properties": {"q": {"type": "string"}}}}}]
for p in ["Find where the session token is validated and tell me if it checks expiry.",
          "Look through the repository and list every place we build SQL with string concatenation.",
          "Which functions call the deprecated parse_v1 API?",
          "Search the code for TODOs about retries and summarise them."]:
    add("complex", messages=[{"role": "user", "content": p}], tools=tool_def)
long_ctx = "Here is our module:\n```python\n" + "\n".join("def f%d(x):\n    return g%d(x) + %d" % (i, i, i) for i in range(700)) + "\n```\nExplain the overall structure and suggest how to simplify it."
add("complex", long_ctx)
add("complex", long_ctx.replace("python", "javascript").replace("def ", "function ").replace(":\n    return", " {\n  return"))

# ---- agentic: harness prompts and tool-call loops (44) ----
harness_systems = [
    "You are Claude Code, Anthropic's official CLI for Claude. You are an interactive CLI tool that helps users with software engineering tasks.",
    "You are Cline, a highly skilled software engineer with extensive knowledge in many programming languages.",
    "You are an interactive CLI tool that helps users with software engineering tasks. Use the tools available to you.",
    "<environment_details>\n# VSCode Visible Files\nsrc/index.ts\n# Current Working Directory\n/home/dev/app\n</environment_details>",
    "You are Codex, a coding agent running in a terminal. Use apply_patch to edit files.",
    "Act as an expert software developer. You are aider, editing files in a git repository using SEARCH/REPLACE blocks.",
]
harness_tasks = ["fix the failing test in tests/test_api.py", "add a --verbose flag to the CLI",
                 "rename the User model to Account everywhere", "hi", "update the README install section",
                 "why does npm run build fail?"]
for sysp, task in itertools.product(harness_systems, harness_tasks[:5]):
    add("agentic", messages=[{"role": "system", "content": sysp}, {"role": "user", "content": task}])
bash_tool = [{"type": "function", "function": {"name": "bash", "parameters": {"type": "object", "properties": {"cmd": {"type": "string"}}}}},
             {"type": "function", "function": {"name": "edit_file", "parameters": {"type": "object", "properties": {"path": {"type": "string"}}}}}]
loop_tasks = ["run the test suite and fix whatever fails", "upgrade the project to the latest minor versions of its dependencies",
              "make the linter pass", "find why the build is slow and speed it up", "add pagination to the /users endpoint",
              "implement the TODOs in src/sync.ts", "bisect which commit broke the login page",
              "set up pre-commit hooks for formatting", "reproduce issue 412 and fix it",
              "port the remaining callbacks in lib/ to async/await", "add integration tests for the export job",
              "clean up unused imports across the repo", "write a migration for the new orders.status column",
              "fix the flaky test in tests/e2e/upload.spec.ts"]
for n, task in enumerate(loop_tasks):
    msgs = [{"role": "user", "content": task}]
    for k in range(1 + n % 3):
        msgs.append({"role": "assistant", "content": None, "tool_calls": [{"id": "c%d" % k, "type": "function", "function": {"name": "bash", "arguments": "{\"cmd\": \"make test\"}"}}]})
        msgs.append({"role": "tool", "tool_call_id": "c%d" % k, "content": "FAILED tests/test_x.py::test_%d" % k})
    msgs.append({"role": "user", "content": "continue"})
    add("agentic", messages=msgs, tools=bash_tool)

path = pathlib.Path(__file__).with_name("router_eval.jsonl")
path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out))
from collections import Counter
print(len(out), dict(Counter(r["tier"] for r in out)))
