// The hub's GraphQL API, as any partner calls it: POST /graphql with the key as a bearer token,
// each document sent by its hash alone (Apollo's `extensions.persistedQuery`), and with its text
// only when the hub answers that it does not know the hash yet (PERSISTED_QUERY_NOT_FOUND).

export interface PersistedDocument {
  name: string;
  text: string;
  hash: string;
}

export interface GraphQLErrorEntry {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
}

/** A request the hub refused, with its stable code. */
export class HubRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const KEY_ITEM = "hub.dashboard.key";

/** The API key the user signed in with; kept in this tab's sessionStorage only. */
export const session = {
  key(): string | null {
    return sessionStorage.getItem(KEY_ITEM);
  },
  signIn(key: string): void {
    sessionStorage.setItem(KEY_ITEM, key);
  },
  signOut(): void {
    sessionStorage.removeItem(KEY_ITEM);
  },
};

/** The hub's /graphql, relative to the page (so a proxy's path prefix is kept). */
export function graphqlUrl(protocol: "http" | "ws" = "http"): string {
  const url = new URL("graphql", document.baseURI);
  if (protocol === "ws") url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** The body of a request for a persisted document: its hash, and its text when asked for. */
export function requestBody(
  doc: PersistedDocument,
  variables: object,
  withText = false,
): Record<string, unknown> {
  return {
    ...(withText ? { query: doc.text } : {}),
    operationName: doc.name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: doc.hash } },
  };
}

const NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";

/** Timings of the last request of each document, for docs/performance.md. */
export const timings = new Map<string, number>();

/** Run a persisted document; `purpose` (X-Purpose) is required for personal data. */
export async function run<T>(
  doc: PersistedDocument,
  variables: object = {},
  purpose?: string,
): Promise<GraphQLResult<T>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  const key = session.key();
  if (key) headers.authorization = `Bearer ${key}`;
  if (purpose) headers["x-purpose"] = purpose;
  const started = performance.now();
  const post = async (withText: boolean) => {
    const response = await fetch(graphqlUrl(), {
      method: "POST",
      headers,
      body: JSON.stringify(requestBody(doc, variables, withText)),
      credentials: "omit",
    });
    return { response, result: (await response.json()) as GraphQLResult<T> };
  };
  let { response, result } = await post(false);
  // The hub has not seen the hash yet; or something between (an older hub, a gateway) does not
  // take hashes at all and refuses the request: send the text too.
  const refused = result.data == null && response.status === 400;
  if (refused || result.errors?.some((error) => error.extensions?.code === NOT_FOUND)) {
    ({ response, result } = await post(true));
  }
  timings.set(doc.name, performance.now() - started);
  if (result.data == null && result.errors?.length) {
    const first = result.errors[0];
    throw new HubRequestError(first.message, first.extensions?.code ?? "ERROR", response.status);
  }
  return result;
}

/** Run a document that must answer with data and no errors. */
export async function data<T>(doc: PersistedDocument, variables: object = {}): Promise<T> {
  const result = await run<T>(doc, variables);
  if (result.errors?.length) {
    const first = result.errors[0];
    throw new HubRequestError(first.message, first.extensions?.code ?? "ERROR", 200);
  }
  return result.data as T;
}
