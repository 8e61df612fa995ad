// Runs the graphql-http server audits against a live endpoint and prints
// one JSON document on stdout, so the Python test owns the verdict.
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql url>');
  process.exit(2);
}

async function describe(result) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status === 'ok') return entry;
  entry.reason = result.reason;
  const response = result.response;
  entry.httpStatus = response.status;
  entry.contentType = response.headers.get('content-type');
  // The audit may already have read the body; a consumed body is not worth failing over.
  try {
    entry.body = (await response.text()).slice(0, 500);
  } catch {
    entry.body = null;
  }
  return entry;
}

const results = await Promise.all((await auditServer({ url, fetchFn: fetch })).map(describe));
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) counts[result.status] += 1;
process.stdout.write(JSON.stringify({ counts, results }, null, 1) + '\n');
