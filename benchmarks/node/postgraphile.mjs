// PostGraphile v5 (amber preset) serving the hub's PostgreSQL database: the peer of the query
// benchmark. Production settings: no GraphiQL, no explain, no watch, no websockets.
//
//   NODE_OPTIONS="--require ./polyfill.cjs" node postgraphile.mjs \
//     --connection postgresql://... --port 5678 [--processes 2] [--print-schema]
//
// With --processes N > 1, node:cluster forks N processes that share the port, each with its own
// schema and connection pool (as `hub serve --workers N` does). "ready" is printed on stdout once
// every process listens. --print-schema prints the SDL and exits.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: options } = parseArgs({
  options: {
    connection: { type: "string" },
    schemas: { type: "string", default: "public,bench_peer" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "5678" },
    processes: { type: "string", default: "1" },
    "print-schema": { type: "boolean", default: false },
  },
});

async function makeInstance() {
  const { postgraphile } = await import("postgraphile");
  const { makePgService } = await import("postgraphile/adaptors/pg");
  const { PostGraphileAmberPreset } = await import("postgraphile/presets/amber");
  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [
      makePgService({
        connectionString: options.connection,
        schemas: options.schemas.split(","),
        pubsub: false,
      }),
    ],
    grafserv: {
      host: options.host,
      port: Number(options.port),
      graphiql: false,
      watch: false,
      websockets: false,
    },
    grafast: { explain: false },
  };
  return postgraphile(preset);
}

async function printSchema() {
  const { printSchema: print } = await import("postgraphile/graphql");
  const pgl = await makeInstance();
  process.stdout.write(print(await pgl.getSchema()) + "\n");
  await pgl.release();
}

async function serve() {
  const { grafserv } = await import("postgraphile/grafserv/node");
  const pgl = await makeInstance();
  const serv = pgl.createServ(grafserv);
  await pgl.getSchema(); // introspect before listening, so "ready" means ready
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  server.on("error", (error) => {
    console.error(error);
    process.exit(1);
  });
  await serv.addTo(server);
  await new Promise((resolve) => server.listen(Number(options.port), options.host, resolve));
  const stop = () => {
    server.close(() => pgl.release().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  if (cluster.isWorker) process.send("listening");
  else console.log("ready");
}

function fork(count) {
  let listening = 0;
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork();
    worker.on("message", (message) => {
      if (message === "listening" && ++listening === count) console.log("ready");
    });
  }
  let stopping = false;
  cluster.on("exit", (_worker, code, signal) => {
    if (!stopping) {
      console.error(`a PostGraphile process exited (${signal ?? code}); stopping`);
      stop();
      process.exitCode = 1;
    }
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (options["print-schema"]) {
  await printSchema();
} else if (cluster.isPrimary && Number(options.processes) > 1) {
  fork(Number(options.processes));
} else {
  await serve();
}
