const { parserWrapper } = require('@neo4j-cypher/language-support');
const { statements } = JSON.parse(require('fs').readFileSync('/tmp/real.json'));
let s = process.hrtime.bigint();
for (const t of Object.values(statements)) parserWrapper.parse(t + ' ', false);
console.log('parse ms', Number(process.hrtime.bigint() - s) / 1e6);
s = process.hrtime.bigint();
for (const t of Object.values(statements)) parserWrapper.parse(t + '  ', false);
console.log('parse again ms', Number(process.hrtime.bigint() - s) / 1e6);
