// Hive Gateway configuration for the national graph.
//
//   hive-gateway supergraph SUPERGRAPH.graphql --config-path tools/federation/gateway.config.mjs
//
// The caller's credentials (`Authorization`) and stated purpose (`X-Purpose`) are forwarded to
// the hub's subgraphs only: a partner's subgraph never sees a hub API key. The subgraphs that
// receive them are named in HUB_GATEWAY_CREDENTIAL_SUBGRAPHS (comma-separated names from the
// supergraph, default `hub`).
import { defineConfig } from "@graphql-hive/gateway";

const FORWARDED_HEADERS = ["authorization", "x-purpose"];
const credentialSubgraphs = new Set(
  (process.env.HUB_GATEWAY_CREDENTIAL_SUBGRAPHS ?? "hub")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean),
);

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      if (!credentialSubgraphs.has(subgraphName)) {
        return {};
      }
      const headers = {};
      for (const name of FORWARDED_HEADERS) {
        const value = request.headers.get(name);
        if (value !== null) {
          headers[name] = value;
        }
      }
      return headers;
    },
  },
});
