// A graphql-ws client (the npm package browsers and Node use) for the subscription tests.
//   node tests/e2e/subscribe.mjs URL CONNECTION_PARAMS_JSON QUERY
// Prints one JSON object a line: {"event": "connected"}, then {"event": "next", "payload": ...}
// for each result, {"event": "error", ...} or {"event": "complete"}, and {"event": "closed",
// "code": ..., "reason": ...} when the socket closes (then the script ends).
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, params, query] = process.argv.slice(2);
const print = (message) => process.stdout.write(JSON.stringify(message) + "\n");

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: JSON.parse(params),
  lazy: false,
  retryAttempts: 0,
  on: {
    connected: () => print({ event: "connected" }),
    closed: (event) => {
      print({ event: "closed", code: event.code, reason: String(event.reason) });
      process.exit(0);
    },
  },
});

client.subscribe(
  { query },
  {
    next: (payload) => print({ event: "next", payload }),
    error: (error) => print({ event: "error", error: String(error?.message ?? error) }),
    complete: () => print({ event: "complete" }),
  },
);
process.stdin.on("end", () => client.dispose());
process.stdin.resume();
