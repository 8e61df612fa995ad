'use strict';
// Lints Cypher with Neo4j's own parser and semantic analysis.
// stdin:  {"statements": {name: text}, "vocabulary": {labels, relationshipTypes, propertyKeys}}
// stdout: {name: [{severity, message, offsets}]} for every statement.
//
// CommonJS because the package's ESM build uses extensionless imports that
// Node cannot resolve. Statements are spread over one worker thread per core:
// the semantic analysis takes a few hundred milliseconds per statement.
const fs = require('node:fs');
const os = require('node:os');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const { lintCypherQuery, parserWrapper, testData } = require('@neo4j-cypher/language-support');

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
// Rules whose variable is bound to a node or relationship, so a property
// read through it must be a key of the model.
const ENTITY_BINDERS = new Set([
  'nodePattern', 'relationshipPattern',
  'commandNodePattern', 'commandRelPattern',
  'fulltextNodePattern', 'fulltextRelPattern',
]);

// The mock schema also lists the APOC and GDS plugins; production Neo4j is
// not assumed to have them, so calls into them are flagged as unknown.
const PLUGIN = /^(apoc|gds)\./;
const withoutPlugins = (registry) => Object.fromEntries(Object.entries(registry).map(
  ([version, byName]) => [version, Object.fromEntries(Object.entries(byName).filter(([name]) => !PLUGIN.test(name)))],
));

const unquote = (name) => name.replace(/^`|`$/g, '');

function* rules(ctx) {
  yield ctx;
  for (const child of ctx.children ?? []) if (child.symbol === undefined) yield* rules(child);
}

// The library leaves out names in positions that would create them (CREATE,
// MERGE, SET, REMOVE) and in schema commands, and never checks property
// keys. The model's vocabulary is closed, so a new name there is a typo.
function vocabularyFindings(stmt, known) {
  const rule = (ctx) => ctx && stmt.parser.ruleNames[ctx.ruleIndex];
  const findings = stmt.collectedLabelOrRelTypes
    .filter((l) => l.couldCreateNewLabel)
    .map((l) => ({ kind: l.labelType, name: unquote(l.labelText), offsets: l.offsets }));
  const at = (kind, ctx) => findings.push({
    kind,
    name: unquote(ctx.getText()),
    offsets: { start: ctx.start.start, end: ctx.stop.stop + 1 },
  });

  const all = [...rules(stmt.ctx)];
  const entities = new Set(
    all.filter((c) => rule(c) === 'variable' && ENTITY_BINDERS.has(rule(c.parentCtx)))
      .map((c) => unquote(c.getText())),
  );
  // The variable a `.key` is read from, when it is the first lookup on a bare variable.
  const baseVariable = (property) => {
    let node = property;
    if (rule(node.parentCtx) === 'postFix') node = node.parentCtx;
    const parent = node.parentCtx;
    if (rule(parent) === 'mapProjectionElement') return unquote(parent.parentCtx.variable().getText());
    let base = parent.children[parent.children.indexOf(node) - 1];
    if (rule(base) === 'expression1' && base.children.length === 1) base = base.children[0];
    return rule(base) === 'variable' ? unquote(base.getText()) : undefined;
  };

  for (const ctx of all) {
    const parentRule = rule(ctx.parentCtx);
    switch (rule(ctx)) {
      case 'labelType': at('Label', ctx.symbolicNameString()); break;
      case 'relType': at('Relationship type', ctx.symbolicNameString()); break;
      case 'symbolicNameString':
        if (parentRule === 'fulltextNodePattern') at('Label', ctx);
        if (parentRule === 'fulltextRelPattern') at('Relationship type', ctx);
        break;
      case 'property':
        if (entities.has(baseVariable(ctx))) at('Property key', ctx.propertyKeyName());
        break;
      case 'map':
        if (parentRule === 'properties') ctx.propertyKeyName_list().forEach((k) => at('Property key', k));
        break;
    }
  }
  return findings
    .filter((f) => !known[f.kind].has(f.name))
    .map((f) => ({ severity: 2, message: `${f.kind} ${f.name} is not in the graph model`, offsets: f.offsets }));
}

function lintEntries(entries, vocabulary) {
  const schema = {
    functions: withoutPlugins(testData.mockSchema.functions),
    procedures: withoutPlugins(testData.mockSchema.procedures),
    labels: vocabulary.labels,
    relationshipTypes: vocabulary.relationshipTypes,
    propertyKeys: vocabulary.propertyKeys,
    defaultLanguage: 'CYPHER 5',
  };
  const labels = new Set(vocabulary.labels);
  const relTypes = new Set(vocabulary.relationshipTypes);
  const known = {
    Label: labels,
    'Relationship type': relTypes,
    'Label or relationship type': new Set([...labels, ...relTypes]),
    'Property key': new Set(vocabulary.propertyKeys),
  };

  const report = {};
  for (const [name, text] of entries) {
    const parsed = parserWrapper.parse(text, false).statementsParsing;
    // Parameters are bound by the driver at run time; declaring them keeps the
    // editor-oriented "parameter not defined" check quiet.
    const parameters = Object.fromEntries(
      parsed.flatMap((s) => s.collectedParameters).map((p) => [unquote(p.name), null]),
    );
    report[name] = lintCypherQuery(text, { ...schema, parameters }, false)
      .concat(parsed.flatMap((s) => vocabularyFindings(s, known)))
      .map((d) => ({ severity: SEVERITY[d.severity], message: d.message, offsets: d.offsets }));
  }
  return report;
}

async function main() {
  const { statements, vocabulary } = JSON.parse(fs.readFileSync(0, 'utf8'));
  const entries = Object.entries(statements);
  const threads = Math.max(1, Math.min(os.availableParallelism(), entries.length));
  const parts = await Promise.all(Array.from({ length: threads }, (_, i) => new Promise((resolve, reject) => {
    const chunk = entries.filter((_, j) => j % threads === i);
    const worker = new Worker(__filename, { workerData: { chunk, vocabulary } });
    worker.once('message', resolve);
    worker.once('error', reject);
  })));
  const merged = Object.assign({}, ...parts);
  const report = Object.fromEntries(entries.map(([name]) => [name, merged[name]]));
  process.stdout.write(JSON.stringify(report));
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  parentPort.postMessage(lintEntries(workerData.chunk, workerData.vocabulary));
}
