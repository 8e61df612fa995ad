// Apollo Client with its persisted-queries link against a running relgraph.
//
//   node apq.mjs manifest              the trusted-documents manifest of ADD_INDUSTRY and REGISTERED
//                                      ({sha256: document}, as GraphQL Code Generator writes it)
//   node apq.mjs apq <url>             the APQ rounds on a server that registers documents
//   node apq.mjs trusted <url>         a registered and an unregistered document on a trusted-only server
//
// Prints one JSON object: what each operation returned and every HTTP exchange the client made.
import { createHash } from "node:crypto";
import { ApolloClient, HttpLink, InMemoryCache, gql } from "@apollo/client";
import { PersistedQueryLink } from "@apollo/client/link/persisted-queries";
import { print } from "graphql";

const sha256 = (text) => createHash("sha256").update(text).digest("hex");
// The document as the client sends it: its cache adds __typename to every selection.
const sent = (document) => print(new InMemoryCache().transformDocument(document));

const ADD_INDUSTRY = gql`
  mutation AddIndustry($id: ID!, $name: String!) {
    upsertIndustry(input: { id: $id, name: $name }) {
      __typename
    }
  }
`;
const REGISTERED = gql`
  query IndustryName($id: ID!) {
    industry(id: $id) {
      id
      name
    }
  }
`;
const UNREGISTERED = gql`
  query IndustryId($id: ID!) {
    industry(id: $id) {
      id
    }
  }
`;

function client(url, exchanges, { useGETForHashedQueries = false } = {}) {
  // Records what went over the wire; the request itself is the platform's fetch, untouched.
  const recording = async (input, init = {}) => {
    const method = init.method ?? "GET";
    const target = new URL(String(input));
    const params = method === "GET" ? Object.fromEntries(target.searchParams) : JSON.parse(init.body);
    const extensions = typeof params.extensions === "string" ? JSON.parse(params.extensions) : params.extensions;
    const response = await fetch(input, init);
    const body = await response.clone().json();
    exchanges.push({
      method,
      sentQuery: typeof params.query === "string",
      sentHash: extensions?.persistedQuery?.sha256Hash ?? null,
      status: response.status,
      codes: (body.errors ?? []).map((e) => e.extensions?.code ?? null),
    });
    return response;
  };
  const persisted = new PersistedQueryLink({ sha256, useGETForHashedQueries });
  return new ApolloClient({
    link: persisted.concat(new HttpLink({ uri: url, fetch: recording })),
    cache: new InMemoryCache(),
  });
}

async function outcome(promise) {
  try {
    const result = await promise;
    return { data: result.data ?? null, codes: [] };
  } catch (error) {
    const errors = error.errors ?? [];
    return { data: null, codes: errors.map((e) => e.extensions?.code ?? null), message: String(error.message) };
  }
}

async function apqRounds(url) {
  const exchanges = [];
  const apollo = client(url, exchanges);
  const results = {};
  results.mutation = await outcome(apollo.mutate({ mutation: ADD_INDUSTRY, variables: { id: "ind-apq", name: "APQ" } }));
  results.mutationAgain = await outcome(
    apollo.mutate({ mutation: ADD_INDUSTRY, variables: { id: "ind-apq", name: "APQ again" } }),
  );
  results.firstQuery = await outcome(apollo.query({ query: REGISTERED, variables: { id: "ind-apq" } }));
  results.secondQuery = await outcome(
    apollo.query({ query: REGISTERED, variables: { id: "ind-apq" }, fetchPolicy: "network-only" }),
  );
  // Another client, which sends hashed queries by GET: the server knows the hash already.
  const getter = client(url, exchanges, { useGETForHashedQueries: true });
  results.byGet = await outcome(getter.query({ query: REGISTERED, variables: { id: "ind-apq" } }));
  return { results, exchanges, hash: sha256(sent(REGISTERED)) };
}

async function trustedRounds(url) {
  const exchanges = [];
  const apollo = client(url, exchanges);
  const results = {};
  const variables = { id: "ind-trusted", name: "Trusted" };
  results.mutation = await outcome(apollo.mutate({ mutation: ADD_INDUSTRY, variables }));
  results.registered = await outcome(apollo.query({ query: REGISTERED, variables: { id: "ind-trusted" } }));
  results.unregistered = await outcome(
    apollo.query({ query: UNREGISTERED, variables: { id: "ind-trusted" }, fetchPolicy: "network-only" }),
  );
  return { results, exchanges };
}

const [mode, url] = process.argv.slice(2);
let report;
if (mode === "manifest") {
  report = Object.fromEntries([ADD_INDUSTRY, REGISTERED].map(sent).map((text) => [sha256(text), text]));
} else if (mode === "apq") {
  report = await apqRounds(url);
} else if (mode === "trusted") {
  report = await trustedRounds(url);
} else {
  console.error("usage: node apq.mjs manifest | apq <url> | trusted <url>");
  process.exit(2);
}
process.stdout.write(JSON.stringify(report));
