// Compose subgraph SDL files into a supergraph with @theguild/federation-composition.
//
//   node tools/federation/compose.mjs [--out FILE] NAME URL SDL_FILE [NAME URL SDL_FILE ...]
//
// Prints the supergraph SDL (or writes it to FILE) and exits 0; on composition errors, prints
// each error with its code to stderr and exits 1. Usage errors exit 2.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { composeServices, compositionHasErrors } from "@theguild/federation-composition";
import { parse } from "graphql";

function usage(message) {
  console.error(`${message}\nusage: compose.mjs [--out FILE] NAME URL SDL_FILE [NAME URL SDL_FILE ...]`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  options: { out: { type: "string" } },
  allowPositionals: true,
});
if (positionals.length === 0 || positionals.length % 3 !== 0) {
  usage("give each subgraph as three arguments: its name, its URL and its SDL file");
}

const services = [];
for (let index = 0; index < positionals.length; index += 3) {
  const [name, url, file] = positionals.slice(index, index + 3);
  let typeDefs;
  try {
    typeDefs = parse(readFileSync(file, "utf8"));
  } catch (error) {
    usage(`${name}: cannot read ${file}: ${error.message}`);
  }
  services.push({ name, url, typeDefs });
}

const result = composeServices(services);
if (compositionHasErrors(result)) {
  for (const error of result.errors) {
    const code = error.extensions?.code ?? "COMPOSITION_ERROR";
    console.error(`${code}: ${error.message}`);
  }
  process.exit(1);
}
if (values.out) {
  writeFileSync(values.out, result.supergraphSdl);
} else {
  process.stdout.write(result.supergraphSdl);
}
