// The one way the explorer talks to relgraph: the public GraphQL API, with the
// API key the user gave for this browser session sent as a bearer token.

const KEY_STORAGE = "relgraph.apiKey";
const ENDPOINT = new URL("graphql", document.baseURI).toString();

export function apiKey() {
  return window.sessionStorage.getItem(KEY_STORAGE) || "";
}

export function setApiKey(key) {
  if (key) window.sessionStorage.setItem(KEY_STORAGE, key);
  else window.sessionStorage.removeItem(KEY_STORAGE);
}

/** A request that did not give the data asked for, said in plain words. */
export class ApiError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}

const PLAIN_WORDS = {
  UNAUTHENTICATED: "Your API key was not accepted. Enter a valid key to continue.",
  FORBIDDEN: "Your key does not allow this.",
  NOT_FOUND: "That item does not exist, or your key may not see it.",
  TIMEOUT: "The server took too long to answer. Try a smaller depth or fewer relationship types.",
  INTERNAL_SERVER_ERROR: "The server failed to answer this request. Try again; if it keeps failing, tell the administrators.",
  PAYLOAD_TOO_LARGE: "The request was too large for the server.",
};

function plainMessage(error) {
  const code = error.extensions && error.extensions.code;
  if (code === "BAD_USER_INPUT") {
    const field = error.extensions.field ? `${error.extensions.field}: ` : "";
    return `The server refused the request. ${field}${error.message}`;
  }
  return PLAIN_WORDS[code] || `The server answered with an error: ${error.message}`;
}

/** Runs one GraphQL operation; resolves to its data or rejects with an ApiError. */
export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/graphql-response+json" };
  const key = apiKey();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(ENDPOINT, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  } catch {
    throw new ApiError("Could not reach the relgraph server. Check that it is running and try again.", "NETWORK");
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The server answered ${response.status} with something that is not GraphQL.`, "HTTP");
  }
  // An id that names nothing the key may see answers null with a NOT_FOUND
  // error: the panels say so in their own words, so only other errors throw.
  const refusals = (body.errors || []).filter((e) => !(e.extensions && e.extensions.code === "NOT_FOUND" && body.data));
  if (refusals.length) {
    const first = refusals[0];
    throw new ApiError(plainMessage(first), (first.extensions && first.extensions.code) || "ERROR");
  }
  return body.data;
}
