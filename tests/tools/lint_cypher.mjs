// Lints Cypher statements with Neo4j's own linter (@neo4j-cypher/language-support).
// stdin: {"schema": {labels, relationshipTypes, propertyKeys}, "statements": [{name, query, params}]}
// stdout: [{name, severity, message}] for every diagnostic (1 = error, 2 = warning).
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { schema, statements } = JSON.parse(input);
  const found = [];
  for (const { name, query, params } of statements) {
    const dbSchema = { ...schema, parameters: params };
    for (const d of lintCypherQuery(query, dbSchema).diagnostics) {
      found.push({ name, severity: d.severity, message: d.message });
    }
  }
  process.stdout.write(JSON.stringify(found));
});
