// The hub's GraphQL API, as any partner calls it: POST /graphql with the key as a bearer token,
// each document sent with its hash (Apollo's `extensions.persistedQuery`) and, until the hub
// accepts the hash alone, its text too.

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

/** The body of a request for a persisted document. */
export function requestBody(doc: PersistedDocument, variables: object): Record<string, unknown> {
  return {
    query: doc.text,
    operationName: doc.name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: doc.hash } },
  };
}

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
  const response = await fetch(graphqlUrl(), {
    method: "POST",
    headers,
    body: JSON.stringify(requestBody(doc, variables)),
    credentials: "omit",
  });
  const result = (await response.json()) as GraphQLResult<T>;
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
