const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');
const { statements } = JSON.parse(require('fs').readFileSync('/tmp/real.json'));
const m = testData.mockSchema;
const mode = process.argv[2];
const schema = mode === 'none' ? {} : mode === 'v5' ? { functions: {'CYPHER 5': m.functions['CYPHER 5']}, procedures: {'CYPHER 5': m.procedures['CYPHER 5']} } : { functions: m.functions, procedures: m.procedures };
const s = process.hrtime.bigint();
for (const t of Object.values(statements)) lintCypherQuery(t, schema);
console.log(mode, Number(process.hrtime.bigint() - s) / 1e6);
