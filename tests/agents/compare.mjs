// compare.mjs DIRECT.json VIA_GW.json - the provider's view of one agent run
// made straight to the fake provider, against the same run made through gw.
// Each file is gw mock's GET /_mock/requests. Exits 1 naming each difference.
//
// What may differ, and nothing else:
//   - the model in the body (gw sends the provider's native id) - here both
//     runs name the native id, so it must match too;
//   - credentials: the provider sees gw's provider key, never the caller's;
//   - hop-by-hop and framing headers (host, connection, content-length,
//     accept-encoding), and x-request-id, which gw adds;
//   - ids and clocks an agent makes anew for every run (UUIDs, 32+ hex
//     digits, Unix times in milliseconds), wherever they appear, since the
//     two runs are two sessions (run.sh gives both the same directories).
import { readFileSync } from "node:fs";

const [direct, viaGw] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, "utf8")).requests);
const credentials = new Set(["authorization", "x-api-key"]);
const transport = new Set(["host", "connection", "content-length", "accept-encoding", "x-request-id"]);
const volatile = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32,}|\b1[0-9]{12}\b/g;
const scrub = (text) => text.replace(volatile, "<id>");
// Objects with their keys sorted: an agent may write a map's keys in another
// order on every run (Codex's client_metadata does).
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted)
  : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
  : v;

let failures = 0;
const fail = (what) => {
  failures++;
  console.error(`agents: ${what}`);
};

if (direct.length === 0) fail("the agent sent no request to the provider");
if (direct.length !== viaGw.length) fail(`${direct.length} requests direct, ${viaGw.length} through gw`);
for (let i = 0; i < Math.min(direct.length, viaGw.length); i++) {
  const a = direct[i], b = viaGw[i];
  if (a.method !== b.method || a.path !== b.path) fail(`request ${i}: ${a.method} ${a.path} vs ${b.method} ${b.path}`);
  const bodyA = scrub(JSON.stringify(sorted(JSON.parse(a.body))));
  const bodyB = scrub(JSON.stringify(sorted(JSON.parse(b.body))));
  if (bodyA !== bodyB) {
    const at = [...bodyA].findIndex((c, k) => c !== bodyB[k]);
    fail(`request ${i}: bodies differ at ${at}: ${bodyA.slice(at - 60, at + 60)} | ${bodyB.slice(at - 60, at + 60)}`);
  }
  const headers = (r) =>
    new Map(r.headers.filter(([n]) => !transport.has(n.toLowerCase())).map(([n, v]) => [n.toLowerCase(), scrub(v)]));
  const ha = headers(a), hb = headers(b);
  for (const name of new Set([...ha.keys(), ...hb.keys()])) {
    if (credentials.has(name)) {
      if (!hb.has(name)) fail(`request ${i}: gw sent no ${name}`);
      else if (hb.get(name) === ha.get(name)) fail(`request ${i}: gw forwarded the caller's ${name}`);
      continue;
    }
    if (ha.get(name) !== hb.get(name)) fail(`request ${i}: header ${name}: ${ha.get(name)} | ${hb.get(name)}`);
  }
}
console.log(`agents: ${direct.length} provider requests compared, ${failures} differences`);
process.exit(failures ? 1 : 0);
