// A graphql-inspector diff rule: a breaking change that CHANGELOG.md lists under
// "## [Unreleased]" is reported as dangerous instead, so it no longer fails the diff.
//
// Listed means: the change's schema coordinate, as graphql-inspector reports it
// (`Customer.stakeholders`, `CoverageGap.kind`, `Query.customers.first`), appears in
// backticks in that section. A field's coordinate also covers its arguments.
//
//   RELGRAPH_CHANGELOG=CHANGELOG.md graphql-inspector diff old.graphql new.graphql --rule ./changelog-rule.mjs
import { readFileSync } from "node:fs";

const UNRELEASED = /^## \[?unreleased\]?\s*$/i;

export function unreleasedCoordinates(changelog) {
  const lines = changelog.split(/\r?\n/);
  const start = lines.findIndex((line) => UNRELEASED.test(line.trim()));
  if (start < 0) return new Set();
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  const section = (end < 0 ? rest : rest.slice(0, end)).join("\n");
  return new Set([...section.matchAll(/`([^`\n]+)`/g)].map((match) => match[1].trim()));
}

function listed(change, coordinates) {
  if (!change.path) return false;
  const parts = change.path.split(".");
  return coordinates.has(change.path) || (parts.length > 2 && coordinates.has(parts.slice(0, 2).join(".")));
}

export default function changelogRule({ changes }) {
  const path = process.env.RELGRAPH_CHANGELOG;
  if (!path) throw new Error("RELGRAPH_CHANGELOG must name the CHANGELOG.md to read");
  const coordinates = unreleasedCoordinates(readFileSync(path, "utf-8"));
  return changes.map((change) => {
    if (change.criticality.level !== "BREAKING") return change;
    if (!listed(change, coordinates)) {
      return { ...change, message: `${change.message} [not in CHANGELOG.md under Unreleased: \`${change.path}\`]` };
    }
    return {
      ...change,
      message: `${change.message} [breaking, listed in CHANGELOG.md]`,
      criticality: { ...change.criticality, level: "DANGEROUS", reason: "listed in CHANGELOG.md under Unreleased" },
    };
  });
}
