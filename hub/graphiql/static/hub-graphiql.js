// GraphiQL for the mutual aid hub (served by the hub; see docs/graphiql.md).
// The API key lives in this tab's sessionStorage only, and goes out as `Authorization: Bearer`
// on HTTP and in the `connection_init` payload of the subscription socket. Without a key no
// schema is fetched (anonymous introspection is off); with one GraphiQL fetches it for the docs.
(function () {
  "use strict";

  const KEY = "hub.apiKey";
  const examples = JSON.parse(document.getElementById("hub-examples").textContent);
  const url = new URL("/graphql", window.location.href).toString();
  const subscriptionUrl = url.replace(/^http/, "ws");
  const form = document.getElementById("hub-key");
  const input = document.getElementById("hub-key-input");
  const status = document.getElementById("hub-key-status");
  const root = ReactDOM.createRoot(document.getElementById("graphiql"));

  function storedKey() {
    return window.sessionStorage.getItem(KEY) || "";
  }

  function render() {
    const key = storedKey();
    const auth = key ? { Authorization: "Bearer " + key } : {};
    const fetcher = GraphiQL.createFetcher({
      url: url,
      headers: auth,
      subscriptionUrl: subscriptionUrl,
      wsConnectionParams: auth,
    });
    status.textContent = key
      ? "Using key " + key.slice(0, 8) + "… for this tab only."
      : "No key: paste one to run queries with your role and to see the docs.";
    root.render(
      React.createElement(GraphiQL, {
        // A new key mounts a new GraphiQL, which asks for the schema again with that key.
        key: key ? "key:" + key : "anonymous",
        fetcher: fetcher,
        schema: key ? undefined : null,
        defaultTabs: examples.map(function (example) {
          return { query: example.query };
        }),
        // Queries and results stay in this tab too, never in localStorage.
        storage: window.sessionStorage,
        defaultEditorToolsVisibility: true,
        isHeadersEditorEnabled: true,
        shouldPersistHeaders: false,
      }),
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const key = input.value.trim();
    if (key) {
      window.sessionStorage.setItem(KEY, key);
    }
    input.value = "";
    render();
  });
  document.getElementById("hub-key-forget").addEventListener("click", function () {
    window.sessionStorage.removeItem(KEY);
    render();
  });
  render();
})();
