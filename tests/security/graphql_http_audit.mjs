// Runs the graphql-http server audits against a live hub: node graphql_http_audit.mjs URL
// The key in HUB_AUDIT_KEY is sent with every request. Exits 1 on any audit error.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
const key = process.env.HUB_AUDIT_KEY;

function fetchWithKey(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  return fetch(input, { ...init, headers });
}

let errors = 0;
for (const audit of serverAudits({ url, fetchFn: fetchWithKey })) {
  const result = await audit.fn();
  const reason = result.status === "ok" ? "" : `\t${result.reason}`;
  console.log(`${result.status}\t${audit.id}\t${audit.name}${reason}`);
  if (result.status === "error") errors += 1;
}
console.log(`errors: ${errors}`);
process.exit(errors ? 1 : 0);
