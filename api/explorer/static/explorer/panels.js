// The side panels: what the explorer knows about the node at the centre of the map.
import { gql } from "./api.js";
import { empty, failure, h, loading, percent, plural, replace, words } from "./dom.js";
import { COMMUNITY_COLOURS, LABELS, STANCES } from "./map.js";

const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

/** A titled section that shows its loading state, then its content or its error. */
function section(title, what, load, render) {
  const body = h("div", { className: "section-body" }, loading(what));
  const element = h("section", { className: "panel-section", "aria-label": title }, h("h3", {}, title), body);
  load()
    .then((data) => replace(body, render(data)))
    .catch((error) => replace(body, failure(error)));
  return element;
}

/** A panel about one node: its loading state, then `render(node, data)`, or a note that the node is not visible. */
function nodePanel(query, id, field, what, render) {
  const body = h("div", {}, loading(`the ${what}`));
  gql(query, { id })
    .then((data) => replace(body, data[field] ? render(data[field], data) : empty(`This ${what} is unknown or not visible to your key.`)))
    .catch((error) => replace(body, failure(error)));
  return [body];
}

function personButton(ui, id, name, extra) {
  return h(
    "button",
    { type: "button", className: "link", "data-node": id, onClick: () => ui.select(id) },
    name,
    extra ? h("span", { className: "muted" }, ` ${extra}`) : null,
  );
}

// ---------------------------------------------------------------- account

const ACCOUNT = `query ExplorerAccount($id: ID!) {
  customer(id: $id) {
    id name tier lifecycleStage customerType region
    industry { id name }
    team(first: 100) { nodes { role teamMember { id name title } } }
  }
}`;

const ORG_MEMBER = `fragment OrgMember on OrgChartMember {
  reportsToId
  stakeholder { id name title seniority buyingRole stance }
}`;
const ORG_UNIT = `fragment OrgUnit on OrgChartUnit { department { id name function } members { ...OrgMember } }`;
const ORG_CHART = `query ExplorerOrgChart($id: ID!) {
  orgChart(customerId: $id) {
    truncated
    roots { ...OrgUnit children { ...OrgUnit children { ...OrgUnit children { ...OrgUnit children { ...OrgUnit } } } } }
    unassigned { ...OrgMember }
  }
}
${ORG_UNIT}
${ORG_MEMBER}`;

const PATH = `fragment Path on IntroductionPath {
  strength hops
  nodes { id name label }
  steps { sourceId targetId relationshipTypes strength }
}`;
const GAPS = `query ExplorerGaps($id: ID!) {
  coverageGaps(customerId: $id) {
    score
    gaps { id kind severity subjectId subjectName reason suggestion level introduction { ...Path } }
  }
}
${PATH}`;
const RISK = `query ExplorerRisk($id: ID!) {
  keyPersonRisk(customerId: $id) {
    id name label risk rank articulationPoint orphanedStakeholderIds lostDirectStakeholderIds departmentsUncovered
  }
}`;
const HEALTH = `query ExplorerHealth($id: ID!) {
  relationshipHealth(customerId: $id) {
    score
    relationships { teamMemberId stakeholderId score strength quality recency daysSinceContact }
  }
}`;
const COMMITTEE_MEMBER = `fragment CommitteeMember on CommitteeMember { stakeholderId name strength teamMemberId }`;
const COMMITTEE = `query ExplorerCommittee($id: ID!) {
  buyingCommittee(customerId: $id) {
    complete
    roles { role gap missing strongest { ...CommitteeMember } members { ...CommitteeMember } }
  }
}
${COMMITTEE_MEMBER}`;
const INTRODUCTIONS = `query ExplorerIntroductions($target: ID!, $from: [ID!], $maxHops: Int!) {
  introductionPaths(targetId: $target, fromTeamMemberIds: $from, maxHops: $maxHops, top: 5) { ...Path }
}
${PATH}`;

function scoreBadge(score) {
  const tone = score >= 70 ? "good" : score >= 40 ? "fair" : "poor";
  return h("span", { className: `score ${tone}`, "aria-label": `coverage score ${Math.round(score)} of 100` }, String(Math.round(score)));
}

function pathPairs(path) {
  return path.steps.map((step) => [step.sourceId, step.targetId, step.relationshipTypes[0]]);
}

function pathText(path) {
  return path.nodes.map((n) => n.name).join(" → ");
}

function renderGaps(ui, report) {
  if (!report) return empty("No coverage report: the account is unknown or not visible to your key.");
  const gaps = [...report.gaps].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const list = h("ol", { className: "gaps" });
  for (const gap of gaps) {
    const highlight = () => {
      for (const other of list.querySelectorAll("button[aria-pressed]")) other.setAttribute("aria-pressed", "false");
      button.setAttribute("aria-pressed", "true");
      const path = gap.introduction;
      const nodeIds = [gap.subjectId, ...(path ? path.nodes.map((n) => n.id) : [])].filter(Boolean);
      ui.highlight(nodeIds, path ? pathPairs(path) : [], path ? path.nodes : []);
    };
    const button = h(
      "button",
      { type: "button", className: "gap", "aria-pressed": "false", "data-gap": gap.id, onClick: highlight },
      h("span", { className: `severity ${gap.severity.toLowerCase()}` }, gap.severity),
      h("span", { className: "gap-kind" }, words(gap.kind)),
      gap.subjectName ? h("strong", {}, ` ${gap.subjectName}`) : null,
      h("span", { className: "gap-reason" }, gap.reason),
      h("span", { className: "gap-suggestion" }, gap.suggestion),
      gap.introduction
        ? h(
            "span",
            { className: "gap-path" },
            `Introduction path: ${plural(gap.introduction.hops, "hop")}, strength ${percent(gap.introduction.strength)}. Choose to see it on the map.`,
          )
        : null,
    );
    list.append(h("li", {}, button));
  }
  return [
    h("p", { className: "score-line" }, "Coverage score ", scoreBadge(report.score), " of 100"),
    gaps.length ? list : empty("No coverage gaps: every rule is satisfied."),
    gaps.length ? h("p", { className: "hint" }, "Choose a gap to highlight its subject and introduction path on the map.") : null,
  ];
}

// What a role lacks, in plain words and in the coverage gaps' severity colours: a known
// person we have no tie to is the worst case, as an uncovered decision maker is there.
const ROLE_GAPS = {
  UNCOVERED: { severity: "critical", text: "No relationship" },
  UNFILLED: { severity: "high", text: "Nobody known" },
  WEAK: { severity: "medium", text: "Weak tie" },
};
const COVERED_ROLE = { severity: "covered", text: "Covered" };
const MEMBERS_SHOWN = 8;

function teamNames(ui, team) {
  const names = new Map(team.map((t) => [t.teamMember.id, t.teamMember.name]));
  return (id) => names.get(id) || ui.nameOf(id);
}

function renderCommitteeRole(ui, role, teamName) {
  const state = ROLE_GAPS[role.gap] || COVERED_ROLE;
  const roleName = words(role.role);
  const strongest = role.strongest;
  const shown = role.members.slice(0, MEMBERS_SHOWN);
  return h(
    "li",
    { className: "committee-role", "data-role": role.role, "aria-label": `${roleName}: ${state.text.toLowerCase()}` },
    h("span", { className: `severity ${state.severity}` }, state.text),
    h("span", { className: "role-name" }, roleName),
    strongest
      ? h(
          "span",
          { className: "role-tie" },
          "Strongest tie: ",
          personButton(ui, strongest.stakeholderId, strongest.name),
          ` at ${percent(strongest.strength)}`,
          strongest.teamMemberId ? [", held by ", personButton(ui, strongest.teamMemberId, teamName(strongest.teamMemberId))] : null,
        )
      : null,
    role.missing ? h("span", { className: "role-missing" }, role.missing) : null,
    shown.length
      ? h(
          "div",
          { className: "role-people" },
          h("span", { className: "muted" }, "Filled by"),
          h(
            "ul",
            { className: "role-members", "aria-label": `Filling the ${roleName} role` },
            shown.map((m) => h("li", {}, personButton(ui, m.stakeholderId, m.name, m.strength > 0 ? `tie ${percent(m.strength)}` : "no tie"))),
          ),
        )
      : null,
    role.members.length > shown.length
      ? h("span", { className: "hint" }, `and ${plural(role.members.length - shown.length, "more person", "more people")}`)
      : null,
  );
}

function renderCommittee(ui, committee, team) {
  if (!committee) return empty("No buying committee: the account is unknown or not visible to your key.");
  const lacking = committee.roles.filter((r) => r.gap).length;
  const teamName = teamNames(ui, team);
  return [
    h(
      "p",
      { className: "committee-summary" },
      committee.complete
        ? "Complete: every role is filled and covered by a tie that is not weak."
        : `${plural(lacking, "role")} of ${committee.roles.length} ${lacking === 1 ? "lacks" : "lack"} something.`,
    ),
    h("ol", { className: "committee" }, committee.roles.map((r) => renderCommitteeRole(ui, r, teamName))),
    h("p", { className: "hint" }, "Choose a person to select them on the map."),
  ];
}

function memberTree(ui, members) {
  const ids = new Set(members.map((m) => m.stakeholder.id));
  const byManager = new Map();
  for (const member of members) {
    const key = member.reportsToId && ids.has(member.reportsToId) ? member.reportsToId : "";
    if (!byManager.has(key)) byManager.set(key, []);
    byManager.get(key).push(member);
  }
  const build = (key, seen) => {
    const children = byManager.get(key) || [];
    if (!children.length) return null;
    return h(
      "ul",
      { className: "people" },
      children.map((member) => {
        const s = member.stakeholder;
        if (seen.has(s.id)) return null;
        seen.add(s.id);
        return h(
          "li",
          {},
          h("span", { className: "stance-dot", style: { background: STANCES[s.stance] || "#ccc" }, title: words(s.stance) || "stance unknown" }),
          personButton(ui, s.id, s.name, [s.title, words(s.buyingRole)].filter(Boolean).join(" · ")),
          build(s.id, seen),
        );
      }),
    );
  };
  return build("", new Set());
}

function renderUnit(ui, unit) {
  return h(
    "li",
    { className: "unit" },
    h(
      "details",
      { open: true },
      h("summary", {}, unit.department.name, h("span", { className: "muted" }, ` ${words(unit.department.function)}`)),
      memberTree(ui, unit.members),
      unit.children && unit.children.length ? h("ul", { className: "units" }, unit.children.map((c) => renderUnit(ui, c))) : null,
    ),
  );
}

function renderOrgChart(ui, chart) {
  if (!chart) return empty("No org chart: the account is unknown or not visible to your key.");
  if (!chart.roots.length && !chart.unassigned.length) return empty("No departments or people are recorded for this account.");
  return [
    h("ul", { className: "units org-chart", "aria-label": "Org chart" }, chart.roots.map((u) => renderUnit(ui, u))),
    chart.unassigned.length ? h("div", {}, h("h4", {}, "Without a department"), memberTree(ui, chart.unassigned)) : null,
    chart.truncated ? h("p", { className: "hint" }, "The org chart is long and was cut short.") : null,
  ];
}

function renderRisk(ui, risks) {
  if (!risks) return empty("Not available for this account.");
  if (!risks.length) return empty("Nobody is a single point of failure of our coverage.");
  return h(
    "ol",
    { className: "ranked" },
    risks.slice(0, 10).map((r) =>
      h(
        "li",
        {},
        personButton(ui, r.id, r.name, LABELS[r.label] ? LABELS[r.label].title : words(r.label)),
        h("span", { className: "meter", "aria-label": `risk ${percent(r.risk)}` }, h("span", { style: { width: percent(r.risk) } })),
        h(
          "span",
          { className: "muted small" },
          `${percent(r.risk)} of coverage`,
          r.articulationPoint ? " · cuts the network" : "",
          r.orphanedStakeholderIds.length ? ` · ${plural(r.orphanedStakeholderIds.length, "person", "people")} left unreachable` : "",
        ),
      ),
    ),
  );
}

function renderHealth(ui, health) {
  if (!health) return empty("Not available for this account.");
  if (!health.relationships.length) return empty("Our team has no relationships in this account yet.");
  const ties = [...health.relationships].sort((a, b) => a.score - b.score);
  return [
    health.score === null ? null : h("p", {}, "Mean health ", h("strong", {}, percent(health.score))),
    h(
      "ol",
      { className: "ranked" },
      ties.slice(0, 25).map((t) =>
        h(
          "li",
          {},
          personButton(ui, t.stakeholderId, ui.nameOf(t.stakeholderId)),
          h("span", { className: "muted small" }, ` with ${ui.nameOf(t.teamMemberId)}`),
          h("span", { className: "meter", "aria-label": `health ${percent(t.score)}` }, h("span", { style: { width: percent(t.score) } })),
          h(
            "span",
            { className: "muted small" },
            `health ${percent(t.score)} · strength ${percent(t.strength)}`,
            t.daysSinceContact === null ? " · never contacted" : ` · ${Math.round(t.daysSinceContact)} days since contact`,
          ),
        ),
      ),
    ),
  ];
}

/** Paths to a chosen person from chosen team members. */
function introductionForm(ui, team, people, preselected) {
  const results = h("div", { className: "paths", "aria-live": "polite" });
  const target = h(
    "select",
    { id: "intro-target", "aria-label": "Person to reach" },
    people.map((p) => h("option", { value: p.id, selected: p.id === preselected }, p.name)),
  );
  const boxes = team.map((t) =>
    h("label", { className: "check" }, h("input", { type: "checkbox", value: t.teamMember.id, checked: true }), ` ${t.teamMember.name}`),
  );
  const find = async (event) => {
    event.preventDefault();
    const from = boxes.map((b) => b.querySelector("input")).filter((i) => i.checked).map((i) => i.value);
    replace(results, loading("introduction paths"));
    try {
      const data = await gql(INTRODUCTIONS, { target: target.value, from: from.length ? from : null, maxHops: 4 });
      const paths = data.introductionPaths || [];
      replace(
        results,
        paths.length
          ? h(
              "ol",
              { className: "ranked" },
              paths.map((path) =>
                h(
                  "li",
                  {},
                  h(
                    "button",
                    {
                      type: "button",
                      className: "link path",
                      onClick: () => ui.highlight(path.nodes.map((n) => n.id), pathPairs(path), path.nodes),
                    },
                    pathText(path),
                  ),
                  h("span", { className: "muted small" }, ` strength ${percent(path.strength)}, ${plural(path.hops, "hop")}`),
                ),
              ),
            )
          : empty("No path of up to 4 hops from the chosen team members."),
      );
    } catch (error) {
      replace(results, failure(error));
    }
  };
  return h(
    "form",
    { className: "intro-form", onSubmit: find },
    h("label", { for: "intro-target" }, "Reach "),
    target,
    team.length ? h("fieldset", {}, h("legend", {}, "from"), boxes) : h("p", { className: "muted" }, "from any of our team members"),
    h("button", { type: "submit" }, "Find introduction paths"),
    results,
  );
}

function peopleOf(chart) {
  const people = [];
  const walk = (unit) => {
    for (const m of unit.members) people.push(m.stakeholder);
    for (const child of unit.children || []) walk(child);
  };
  if (chart) {
    chart.roots.forEach(walk);
    chart.unassigned.forEach((m) => people.push(m.stakeholder));
  }
  return people.sort((a, b) => a.name.localeCompare(b.name));
}

function accountPanel(ui, id) {
  const header = h("div", {}, loading("the account"));
  const chart = gql(ORG_CHART, { id }).then((d) => d.orgChart);
  const account = gql(ACCOUNT, { id }).then((d) => d.customer);
  account
    .then((c) =>
      replace(
        header,
        c
          ? [
              h("h2", {}, c.name),
              h(
                "p",
                { className: "muted" },
                [words(c.tier), words(c.lifecycleStage), words(c.customerType), c.region].filter(Boolean).join(" · "),
                c.industry ? " · " : "",
                c.industry ? h("button", { type: "button", className: "link", onClick: () => ui.open(c.industry.id) }, c.industry.name) : null,
              ),
              c.team.nodes.length
                ? h("p", { className: "small" }, "Our team: ", c.team.nodes.map((t, i) => [i ? ", " : "", personButton(ui, t.teamMember.id, t.teamMember.name, words(t.role))]))
                : h("p", { className: "small" }, "Nobody on our team manages this account."),
            ]
          : empty("This account is unknown or not visible to your key."),
      ),
    )
    .catch((error) => replace(header, failure(error)));
  return [
    header,
    section("Coverage gaps", "coverage gaps", () => gql(GAPS, { id }).then((d) => d.coverageGaps), (r) => renderGaps(ui, r)),
    section(
      "Buying committee",
      "the buying committee",
      () => Promise.all([gql(COMMITTEE, { id }).then((d) => d.buyingCommittee), account]),
      ([committee, c]) => renderCommittee(ui, committee, c ? c.team.nodes : []),
    ),
    section("Org chart", "the org chart", () => chart, (c) => renderOrgChart(ui, c)),
    section(
      "Introduction paths",
      "the account team",
      () => Promise.all([account, chart]),
      ([c, ch]) => (c ? introductionForm(ui, c.team.nodes, peopleOf(ch), ui.selectedStakeholder()) : empty("Not available.")),
    ),
    section("Key-person risk", "key-person risk", () => gql(RISK, { id }).then((d) => d.keyPersonRisk), (r) => renderRisk(ui, r)),
    section("Relationship health, weakest first", "relationship health", () => gql(HEALTH, { id }).then((d) => d.relationshipHealth), (r) => renderHealth(ui, r)),
  ];
}

// ---------------------------------------------------------------- industry

const INDUSTRY = `query ExplorerIndustry($id: ID!) {
  industry(id: $id) { id name customers(first: 100) { nodes { id name } } }
  industryKols(industryId: $id, top: 10) { id name customerId score rank }
  communities(scope: { industryId: $id }) { modularity communities { id size memberIds centralMembers { id name } } }
}`;

function industryPanel(ui, id) {
  return nodePanel(INDUSTRY, id, "industry", "industry", (industry, data) => {
    const names = new Map(industry.customers.nodes.map((c) => [c.id, c.name]));
    const communities = data.communities ? data.communities.communities : [];
    ui.colourCommunities(communities);
    return [
      h("h2", {}, industry.name),
      h(
        "p",
        { className: "small" },
        "Accounts: ",
        industry.customers.nodes.map((c, i) => [i ? ", " : "", h("button", { type: "button", className: "link", onClick: () => ui.open(c.id) }, c.name)]),
      ),
      h(
        "section",
        { className: "panel-section", "aria-label": "Key opinion leaders" },
        h("h3", {}, "Key opinion leaders"),
        data.industryKols && data.industryKols.length
          ? h(
              "ol",
              { className: "ranked kols" },
              data.industryKols.map((k) =>
                h("li", {}, personButton(ui, k.id, k.name, names.get(k.customerId) || ""), h("span", { className: "muted small" }, ` score ${k.score.toFixed(3)}`)),
              ),
            )
          : empty("No people with ties across this industry's accounts."),
      ),
      h(
        "section",
        { className: "panel-section", "aria-label": "Communities" },
        h("h3", {}, "Communities"),
        communities.length
          ? [
              h("p", { className: "hint" }, `Coloured on the map. Modularity ${data.communities.modularity.toFixed(2)}.`),
              h(
                "ul",
                { className: "communities" },
                communities.map((c, i) =>
                  h(
                    "li",
                    {},
                    h("span", { className: "swatch", style: { background: COMMUNITY_COLOURS[i % COMMUNITY_COLOURS.length] }, "aria-hidden": "true" }),
                    ` ${plural(c.size, "person", "people")}${c.size === 1 ? ": " : ", around "}`,
                    c.centralMembers.slice(0, 3).map((m, j) => [j ? ", " : "", personButton(ui, m.id, m.name)]),
                  ),
                ),
              ),
            ]
          : empty("No communities found."),
      ),
    ];
  });
}

// ---------------------------------------------------------------- people

const STAKEHOLDER = `query ExplorerStakeholder($id: ID!) {
  stakeholder(id: $id) {
    id name title seniority buyingRole stance
    customer { id name team(first: 100) { nodes { role teamMember { id name title } } } }
    department { id name }
    reportsTo { id name }
    coveredBy(first: 100) { nodes { strength lastContactAt teamMember { id name } } }
  }
}`;

function stakeholderPanel(ui, id) {
  return nodePanel(STAKEHOLDER, id, "stakeholder", "person", (s) => [
    h("h2", {}, s.name),
    h("p", { className: "muted" }, [s.title, words(s.seniority), words(s.buyingRole), s.stance ? `stance: ${words(s.stance)}` : ""].filter(Boolean).join(" · ")),
    s.customer
      ? h("p", {}, "Works at ", h("button", { type: "button", className: "link", onClick: () => ui.open(s.customer.id) }, s.customer.name), s.department ? ` in ${s.department.name}` : "")
      : null,
    s.reportsTo ? h("p", {}, "Reports to ", personButton(ui, s.reportsTo.id, s.reportsTo.name)) : null,
    h(
      "section",
      { className: "panel-section", "aria-label": "Our relationships" },
      h("h3", {}, "Our relationships"),
      s.coveredBy.nodes.length
        ? h("ul", {}, s.coveredBy.nodes.map((c) => h("li", {}, personButton(ui, c.teamMember.id, c.teamMember.name, c.strength === null ? "" : `strength ${percent(c.strength)}`))))
        : empty("Nobody on our team has a relationship with this person."),
    ),
    h(
      "section",
      { className: "panel-section", "aria-label": "Introduction paths" },
      h("h3", {}, "Introduction paths"),
      introductionForm(ui, s.customer ? s.customer.team.nodes : [], [s], s.id),
    ),
  ]);
}

const TEAM_MEMBER = `query ExplorerTeamMember($id: ID!) {
  teamMember(id: $id) { id name title accounts(first: 100) { nodes { role customer { id name } } } relationships(first: 100) { nodes { strength stakeholder { id name } } } }
}`;

function teamMemberPanel(ui, id) {
  return nodePanel(TEAM_MEMBER, id, "teamMember", "team member", (t) => [
    h("h2", {}, t.name),
    h("p", { className: "muted" }, t.title || "Our team member"),
    h("h3", {}, "Accounts"),
    t.accounts.nodes.length
      ? h("ul", {}, t.accounts.nodes.map((a) => h("li", {}, h("button", { type: "button", className: "link", onClick: () => ui.open(a.customer.id) }, a.customer.name), h("span", { className: "muted" }, ` ${words(a.role)}`))))
      : empty("No accounts."),
    h("h3", {}, "Relationships"),
    t.relationships.nodes.length
      ? h("ul", {}, t.relationships.nodes.map((r) => h("li", {}, personButton(ui, r.stakeholder.id, r.stakeholder.name, r.strength === null ? "" : `strength ${percent(r.strength)}`))))
      : empty("No relationships recorded."),
  ]);
}

function genericPanel(ui, id) {
  const data = ui.nodeData(id);
  return [h("h2", {}, data ? data.name : id), h("p", { className: "muted" }, data && LABELS[data.label] ? LABELS[data.label].title : "")];
}

const PANELS = {
  Customer: accountPanel,
  Industry: industryPanel,
  Stakeholder: stakeholderPanel,
  TeamMember: teamMemberPanel,
};

/** The panel's content for the node at the centre of the map. */
export function panelFor(ui, id, label) {
  return (PANELS[label] || genericPanel)(ui, id);
}
