// The query benchmark's load generator: autocannon (closed loop, keep-alive connections, each
// sending its next request as soon as the last is answered) POSTing one GraphQL document.
//
//   node drive.mjs SPEC.json      (prints one JSON summary on stdout)
//
// SPEC: {"url", "headers", "query", "variables": [sets], "connections", "duration",
// "warmup", "timeout", "seed", optional "latencies_file": every latency of the run, in ms, as a
// JSON array, for a look at the whole distribution}. Each request carries one variable set, picked at random
// (seeded) from "variables" (none when the list is empty). A warm-up run of "warmup" seconds is
// discarded. A request counts as an error when the connection fails or times out, the status is
// not 2xx, or the body has a top-level "errors" entry; latencies are those of the successes.
//
// At the end of a run no connection sends another request, but each waits for the answer to the
// one in flight, which counts; the run lasts until the last answer. (autocannon alone would drop
// the connections at the deadline, uncounted, and leave the server busy with requests nobody
// waits for: with slow queries, the next run would start against that backlog.)
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";

const ERRORS_KEY = '"errors":';

/** A small seeded PRNG (mulberry32), so two runs send the same sequence of variables. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The request bodies, serialised once: one per variable set. */
function bodies(spec) {
  const sets = spec.variables?.length ? spec.variables : [null];
  return sets.map((variables) =>
    JSON.stringify(variables ? { query: spec.query, variables } : { query: spec.query }),
  );
}

/** Whether a GraphQL response body reports errors. The benchmark's documents select no field
 * named "errors", so the key can only be the response's own. */
function hasErrors(body) {
  return body.includes(ERRORS_KEY);
}

function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const round = (value, digits) => Number(value.toFixed(digits));

/** Let each connection finish its request in flight, then close (autocannon closes a client
 * whose `responseMax` requests are answered; 9.0.0 reads it before every request). */
function drain(clients) {
  for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
}

async function run(spec, seconds, record) {
  const payloads = bodies(spec);
  const next = random(spec.seed ?? 0);
  const request = {
    method: "POST",
    path: new URL(spec.url).pathname,
    body: payloads[0],
    onResponse: record.verdict,
  };
  if (payloads.length > 1) {
    request.setupRequest = (req) => {
      req.body = payloads[Math.floor(next() * payloads.length)];
      return req;
    };
  }
  const clients = [];
  const timeout = spec.timeout ?? 60;
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections ?? 10,
    duration: seconds + timeout + 60, // a backstop: the drain ends the run
    timeout,
    setupClient: (client) => clients.push(client),
    headers: { "content-type": "application/json", ...spec.headers },
    requests: [request],
    verifyBody: (body) => !hasErrors(body),
  });
  instance.on("response", record.latency);
  instance.on("reqError", record.failure);
  const started = performance.now();
  const deadline = setTimeout(() => drain(clients), seconds * 1000);
  const result = await instance;
  clearTimeout(deadline);
  const last = record.state.lastAt ?? started + seconds * 1000;
  record.state.seconds = (last - started) / 1000;
  return result;
}

/** Per-response bookkeeping. autocannon calls a request's onResponse and then emits "response"
 * for the same response, synchronously, so the verdict is the one of the latency that follows. */
function recorder() {
  const state = { latencies: [], ok: 0, failed: 0, firstError: null, lastOk: false };
  return {
    state,
    verdict(status, body) {
      state.lastOk = status >= 200 && status < 300 && !hasErrors(body);
      if (!state.lastOk && state.firstError === null) {
        state.firstError = `HTTP ${status}: ${String(body).slice(0, 300)}`;
      }
    },
    latency(_client, _status, _bytes, milliseconds) {
      state.lastAt = performance.now();
      if (state.lastOk) {
        state.ok += 1;
        state.latencies.push(milliseconds);
      } else {
        state.failed += 1;
      }
      state.lastOk = false;
    },
    failure(error) {
      if (state.firstError === null) state.firstError = String(error?.message ?? error);
    },
  };
}

function summary(result, state) {
  const sorted = Float64Array.from(state.latencies).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  const seconds = round(state.seconds, 3);
  return {
    requests: state.ok,
    errors: state.failed + result.errors,
    first_error: state.firstError,
    rps: round(state.ok / seconds, 1),
    p50_ms: round(percentile(sorted, 0.5), 2),
    p90_ms: round(percentile(sorted, 0.9), 2),
    p99_ms: round(percentile(sorted, 0.99), 2),
    p999_ms: round(percentile(sorted, 0.999), 2),
    max_ms: round(sorted.length ? sorted[sorted.length - 1] : 0, 2),
    mean_ms: round(mean, 2),
    non2xx: result.non2xx,
    mismatches: result.mismatches,
    connection_errors: result.errors,
    timeouts: result.timeouts,
    seconds,
  };
}

async function main() {
  const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
  if (spec.warmup > 0) await run(spec, spec.warmup, recorder());
  const record = recorder();
  const result = await run(spec, spec.duration ?? 10, record);
  if (spec.latencies_file) writeFileSync(spec.latencies_file, JSON.stringify(record.state.latencies));
  process.stdout.write(JSON.stringify(summary(result, record.state)) + "\n");
}

await main();
