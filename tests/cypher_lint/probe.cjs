const { lintCypherQuery } = require('@neo4j-cypher/language-support');
const { statements } = JSON.parse(require('fs').readFileSync('/tmp/real.json'));
const list = Object.values(statements);
for (let pass = 0; pass < 2; pass++) {
  const s = process.hrtime.bigint();
  for (const t of list) lintCypherQuery(t + ' '.repeat(pass), {});
  console.log(pass, Number(process.hrtime.bigint() - s) / 1e6);
}
const s = process.hrtime.bigint();
for (let i = 0; i < 20; i++) lintCypherQuery('MATCH (n) RETURN n' + ' '.repeat(i), {});
console.log('tiny x20', Number(process.hrtime.bigint() - s) / 1e6);
