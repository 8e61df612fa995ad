// Starts the shipped GraphiQL: the README's examples as tabs, or the operation
// of a `?query=` link (with `variables=` and `operationName=` when given).
(function () {
  "use strict";
  const params = new URLSearchParams(window.location.search);
  const examples = JSON.parse(document.getElementById("example-tabs").textContent);
  const linked = params.get("query");
  const tabs = linked ? [{ query: linked, variables: params.get("variables") || undefined }] : examples;

  // The explorer keeps the API key for the browser session; GraphiQL uses it too.
  const apiKey = window.sessionStorage.getItem("relgraph.apiKey");
  const headers = apiKey ? { Authorization: "Bearer " + apiKey } : {};
  const url = new URL("graphql", window.location.href).toString();
  const fetcher = GraphiQL.createFetcher({ url: url, headers: headers });

  const root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultTabs: tabs,
      // A linked operation replaces whatever GraphiQL kept from an earlier visit.
      query: linked || undefined,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      operationName: params.get("operationName") || undefined,
    }),
  );
})();
