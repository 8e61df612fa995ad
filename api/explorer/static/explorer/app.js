// The account explorer: search, the relationship map and the panels, wired together.
import { ApiError, apiKey, gql, setApiKey } from "./api.js";
import { h, plural, replace } from "./dom.js";
import { EDGE_TYPES, LABELS, LAYOUTS, RelationshipMap, ROLES, STANCES } from "./map.js";
import { panelFor } from "./panels.js";

const MAP_LIMIT = 2000; // nodes of a drawn map (the server caps it too)
const EXPAND_LIMIT = 300; // nodes one expansion may add
const SEARCH_DELAY_MS = 120;

const MAP = `query ExplorerMap($id: ID!, $depth: Int!, $types: [RelationshipType!], $direction: Direction!, $limit: Int!) {
  relationshipMap(rootId: $id, depth: $depth, relationshipTypes: $types, direction: $direction, limit: $limit) {
    rootId truncated nodeCount edgeCount elements
  }
}`;
const SEARCH = `query ExplorerSearch($text: String!, $labels: [NodeLabel!]) {
  search(text: $text, labels: $labels, first: 12) {
    nodes {
      node {
        id label name
        ... on Stakeholder { title customer { name } }
        ... on Customer { tier industry { name } }
        ... on TeamMember { title }
        ... on Department { customer { name } }
      }
    }
  }
}`;
// The landing list; it also finds out whether the server asks for a key.
const ACCOUNTS = `query ExplorerAccounts {
  customers(first: 50, orderBy: { field: NAME }) { totalCount edges { node { id name tier lifecycleStage } } }
}`;
const LABEL_OF_ENUM = {
  CUSTOMER: "Customer",
  DEPARTMENT: "Department",
  STAKEHOLDER: "Stakeholder",
  SUPPLIER: "Supplier",
  TEAM_MEMBER: "TeamMember",
  INDUSTRY: "Industry",
  INTERACTION: "Interaction",
};

const $ = (id) => document.getElementById(id);
const state = { rootId: null, rootLabel: null, selectedId: null, timings: [], generation: 0 };

// ---------------------------------------------------------------- notices

function notify(message) {
  const notice = $("notice");
  if (!message) {
    notice.hidden = true;
    return;
  }
  replace(notice, message, " ", h("button", { type: "button", className: "link", onClick: () => notify("") }, "Dismiss"));
  notice.hidden = false;
}

function status(message) {
  $("map-status").textContent = message;
}

function handle(error) {
  if (error instanceof ApiError && error.code === "UNAUTHENTICATED") askForKey(error.message);
  else notify(error.message || String(error));
}

// ---------------------------------------------------------------- API key

function askForKey(reason) {
  const dialog = $("key-dialog");
  const problem = $("key-error");
  problem.hidden = !reason || !apiKey();
  problem.textContent = reason || "";
  $("key-input").value = "";
  if (!dialog.open) dialog.showModal();
}

function setUpKeyDialog() {
  $("key-button").addEventListener("click", () => askForKey(""));
  $("key-form").addEventListener("submit", () => {
    setApiKey($("key-input").value.trim());
    start();
  });
  $("key-forget").addEventListener("click", () => {
    setApiKey("");
    $("key-dialog").close();
    askForKey("");
  });
}

// ---------------------------------------------------------------- map

const map = new RelationshipMap($("map"), {
  // As in Bloom: a click shows the node and brings in its neighbours.
  onTap: (id) => {
    select(id, { centre: false });
    expand(id).catch(handle);
  },
});

function mapVariables(id, depth) {
  const types = [...$("types").querySelectorAll("input:checked")].map((i) => i.value);
  const all = types.length === Object.keys(EDGE_TYPES).length;
  return { id, depth, types: all ? null : types, direction: $("direction").value, limit: MAP_LIMIT };
}

function describe(counts, truncated) {
  const cut = truncated ? " The map was cut at its node limit: choose a smaller depth or fewer relationship types to see all of it." : "";
  return `${plural(counts.nodes, "node")} and ${plural(counts.edges, "relationship")}.${cut} Click a node to see it and add its neighbours (Enter on a selected node does the same).`;
}

/** Draws the map around a node and shows its panel. */
async function open(id, { push = true } = {}) {
  const generation = ++state.generation;
  const started = performance.now();
  notify("");
  status("Loading the relationship map…");
  $("map").setAttribute("aria-busy", "true");
  if (push) {
    const url = new URL(window.location.href);
    url.searchParams.set("node", id);
    url.searchParams.set("depth", $("depth").value);
    window.history.pushState({ node: id }, "", url);
  }
  try {
    const data = await gql(MAP, mapVariables(id, Number($("depth").value)));
    if (generation !== state.generation) return;
    const found = data.relationshipMap;
    if (!found) {
      map.draw({ nodes: [], edges: [] }, id);
      state.rootId = null;
      status("Nothing to draw.");
      replace($("panel-body"), h("p", { className: "state empty" }, `Nothing was found for “${id}”: it does not exist, or your key may not see it.`));
      $("selection").hidden = true;
      return;
    }
    const fetched = performance.now();
    await map.draw(found.elements, found.rootId);
    if (generation !== state.generation) return;
    const root = map.node(found.rootId);
    state.rootId = found.rootId;
    state.rootLabel = root ? root.label : null;
    const counts = map.counts();
    status(describe(counts, found.truncated));
    state.timings.push({
      what: "open",
      id,
      requestMs: fetched - started,
      totalMs: performance.now() - started,
      drawnAt: performance.now(),
      ...counts,
    });
    document.title = `${root ? root.name : id} · relgraph explorer`;
    replace($("panel-body"), panelFor(ui, found.rootId, state.rootLabel));
    state.selectedId = null;
    $("selection").hidden = true;
  } catch (error) {
    status("The map could not be loaded.");
    handle(error);
  } finally {
    $("map").removeAttribute("aria-busy");
  }
}

/** Adds a node's neighbours to the map, as Bloom does. */
async function expand(id) {
  const started = performance.now();
  status("Adding neighbours…");
  const variables = { ...mapVariables(id, 1), limit: EXPAND_LIMIT };
  const data = await gql(MAP, variables);
  const fetched = performance.now();
  const found = data.relationshipMap;
  if (!found) {
    status("That node is no longer visible.");
    return;
  }
  const added = map.addAround(found.elements, id);
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const counts = map.counts();
  const totalMs = performance.now() - started;
  state.timings.push({ what: "expand", id, requestMs: fetched - started, totalMs, added, ...counts });
  const name = map.node(id) ? map.node(id).name : id;
  status(
    added.nodes || added.edges
      ? `Added ${plural(added.nodes, "node")} and ${plural(added.edges, "relationship")} around ${name}. ${plural(counts.nodes, "node")} and ${plural(counts.edges, "relationship")} in all.`
      : `${name} has no neighbours beyond those already drawn.`,
  );
}

// ---------------------------------------------------------------- selection

function hopsAway(data) {
  if (data.depth === 0) return "the centre of the map";
  return data.depth === undefined ? "added to the map" : `${plural(data.depth, "hop")} from the centre`;
}

const DETAIL_KEYS = {
  title: "Title",
  seniority: "Seniority",
  buyingRole: "Buying role",
  stance: "Stance",
  function: "Function",
  tier: "Tier",
  lifecycleStage: "Lifecycle",
  customerType: "Type",
  region: "Region",
  category: "Category",
  isUs: "Our company",
  kind: "Kind",
  at: "At",
  email: "Email",
};

function select(id, { centre = true } = {}) {
  const data = map.node(id);
  const selection = $("selection");
  state.selectedId = id;
  if (centre) map.select(id);
  if (!data) {
    selection.hidden = true;
    return;
  }
  const look = LABELS[data.label];
  const facts = Object.entries(DETAIL_KEYS)
    .filter(([key]) => data[key] !== undefined && data[key] !== null && data[key] !== "")
    .map(([key, title]) => [h("dt", {}, title), h("dd", {}, String(data[key]).replaceAll("_", " ").toLowerCase())]);
  replace(
    selection,
    h("h2", {}, data.name),
    h("p", { className: "muted" }, look ? look.title : data.label, ` · ${hopsAway(data)}`),
    facts.length ? h("dl", {}, facts) : null,
    h(
      "div",
      { className: "buttons" },
      h("button", { type: "button", id: "expand-selected", onClick: () => expand(id).catch(handle) }, "Expand neighbours"),
      id === state.rootId ? null : h("button", { type: "button", onClick: () => open(id) }, "Centre the map here"),
    ),
  );
  selection.hidden = false;
}

const ui = {
  open: (id) => open(id),
  select: (id) => {
    if (!map.select(id)) notify("That node is not on the map at this depth. Expand its neighbours or centre the map on it.");
    select(id, { centre: false });
  },
  highlight: (nodeIds, pairs, pathNodes) => {
    const shown = map.highlight(nodeIds, pairs, pathNodes);
    status(
      `Highlighted ${plural(shown.nodes().length, "node")} and ${plural(shown.edges().length, "relationship")}. Press Clear highlight (or Escape on the map) to see the whole map again.`,
    );
  },
  colourCommunities: (communities) => map.colourCommunities(communities),
  nameOf: (id) => (map.node(id) ? map.node(id).name : id),
  nodeData: (id) => map.node(id),
  selectedStakeholder: () => {
    const data = state.selectedId ? map.node(state.selectedId) : null;
    return data && data.label === "Stakeholder" ? data.id : null;
  },
};

// ---------------------------------------------------------------- search

function setUpSearch() {
  const input = $("search-input");
  const list = $("search-results");
  let timer = 0;
  let asked = 0;
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (hit) => {
    close();
    input.value = hit.name;
    open(hit.id);
  };
  const mark = (index) => {
    const options = [...list.querySelectorAll("[role=option]")];
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({ block: "nearest" });
  };
  const context = (hit) => {
    const n = hit;
    return [n.title, n.customer && n.customer.name, n.tier && n.tier.toLowerCase(), n.industry && n.industry.name].filter(Boolean).join(" · ");
  };
  const run = async () => {
    const text = input.value.trim();
    const ticket = ++asked;
    if (text.length < 2) {
      close();
      return;
    }
    const label = $("search-label").value;
    try {
      const data = await gql(SEARCH, { text, labels: label ? [label] : null });
      if (ticket !== asked) return;
      const hits = data.search.nodes.map((hit) => hit.node);
      replace(
        list,
        hits.length
          ? hits.map((hit, i) => {
              const look = LABELS[LABEL_OF_ENUM[hit.label]];
              return h(
                "li",
                { role: "option", id: `hit-${i}`, "aria-selected": "false", "data-id": hit.id, onMousedown: (e) => { e.preventDefault(); choose(hit); } },
                h("span", { className: "kind", style: { background: look ? look.colour : "#666" } }, look ? look.title : hit.label),
                h("span", { className: "hit-name" }, hit.name),
                h("span", { className: "muted small" }, ` ${context(hit)}`),
              );
            })
          : h("li", { className: "state empty", role: "presentation" }, `Nothing matches “${text}”.`),
      );
      list._hits = hits;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      $("search-status").textContent = `${hits.length} results`;
      active = -1;
    } catch (error) {
      if (ticket === asked) handle(error);
    }
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, SEARCH_DELAY_MS);
  });
  $("search-label").addEventListener("change", run);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); mark(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); mark(active - 1); }
    else if (event.key === "Escape") close();
    else if (event.key === "Enter" && list._hits && list._hits.length && !list.hidden) {
      event.preventDefault();
      choose(list._hits[Math.max(active, 0)]);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

// ---------------------------------------------------------------- controls

function setUpControls() {
  replace(
    $("types"),
    h("legend", { className: "sr-only" }, "Relationship types to follow"),
    Object.entries(EDGE_TYPES).map(([type, look]) =>
      h("label", { className: "check" }, h("input", { type: "checkbox", value: type, checked: true }), ` ${look.title}`),
    ),
  );
  replace($("layout"), Object.entries(LAYOUTS).map(([value, title]) => h("option", { value }, title)));
  const reload = () => state.rootId && open(state.rootId);
  $("depth").addEventListener("change", reload);
  $("direction").addEventListener("change", reload);
  $("types").addEventListener("change", reload);
  $("layout").addEventListener("change", () => {
    map.layoutName = $("layout").value;
    map.relayout();
  });
  $("fit").addEventListener("click", () => map.fit());
  $("zoom-in").addEventListener("click", () => map.zoom(1.25));
  $("zoom-out").addEventListener("click", () => map.zoom(0.8));
  $("clear-highlight").addEventListener("click", () => {
    map.clearHighlight();
    for (const b of document.querySelectorAll("button[aria-pressed=true]")) b.setAttribute("aria-pressed", "false");
    status(describe(map.counts(), false));
  });
  $("export-png").addEventListener("click", () => {
    if (!state.rootId) return notify("There is no map to export yet.");
    const link = h("a", { href: URL.createObjectURL(map.png()), download: `relgraph-${state.rootId}.png` });
    document.body.append(link);
    link.click();
    link.remove();
  });
  $("map-controls").addEventListener("submit", (event) => event.preventDefault());
}

/** The map from the keyboard: walk the nodes, expand, pan, zoom. */
function setUpMapKeys() {
  const element = $("map");
  const walk = (step) => {
    const order = map.cy
      .nodes()
      .sort((a, b) => (a.data("depth") ?? 9) - (b.data("depth") ?? 9) || String(a.data("name")).localeCompare(String(b.data("name"))))
      .map((n) => n.id());
    if (!order.length) return;
    const at = order.indexOf(state.selectedId);
    const next = order[(at + step + order.length) % order.length];
    select(next);
    const data = map.node(next);
    status(`Selected ${data.name} (${LABELS[data.label] ? LABELS[data.label].title : data.label}), ${hopsAway(data)}.`);
  };
  const actions = {
    n: () => walk(1),
    p: () => walk(-1),
    Enter: () => state.selectedId && expand(state.selectedId).catch(handle),
    c: () => state.selectedId && state.selectedId !== state.rootId && open(state.selectedId),
    f: () => map.fit(),
    "+": () => map.zoom(1.25),
    "=": () => map.zoom(1.25),
    "-": () => map.zoom(0.8),
    ArrowLeft: () => map.cy.panBy({ x: 60, y: 0 }),
    ArrowRight: () => map.cy.panBy({ x: -60, y: 0 }),
    ArrowUp: () => map.cy.panBy({ x: 0, y: 60 }),
    ArrowDown: () => map.cy.panBy({ x: 0, y: -60 }),
    Escape: () => $("clear-highlight").click(),
  };
  element.addEventListener("keydown", (event) => {
    const action = actions[event.key] || actions[event.key.toLowerCase()];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    action();
  });
}

function setUpLegend() {
  const swatch = (colour, shape) => h("span", { className: `swatch ${shape || ""}`, style: { background: colour }, "aria-hidden": "true" });
  replace(
    $("legend"),
    h("ul", {}, Object.values(LABELS).map((look) => h("li", {}, swatch(look.colour, look.shape), ` ${look.title}`))),
    h("ul", {}, Object.entries(STANCES).map(([stance, colour]) => h("li", {}, h("span", { className: "ring", style: { borderColor: colour }, "aria-hidden": "true" }), ` ${stance.toLowerCase()}`))),
    h("p", { className: "small" }, "Buying role in brackets: ", Object.entries(ROLES).map(([role, short]) => `${short} ${role.toLowerCase().replaceAll("_", " ")}`).join(", "), "."),
    h("p", { className: "small" }, "Line width is the tie's strength; dashed lines are our relationships with no contact for 90 days."),
  );
}

// ---------------------------------------------------------------- start

/** The node and depth a link names (?node=...&depth=...), if any. */
function followLink() {
  const params = new URLSearchParams(window.location.search);
  const depth = params.get("depth");
  if (depth && [...$("depth").options].some((o) => o.value === depth)) $("depth").value = depth;
  const node = params.get("node");
  if (node) return open(node, { push: false });
  return null;
}

async function start() {
  // A linked map is asked for at once (it reports a missing key itself);
  // otherwise one small request finds out whether a key is needed.
  if (followLink()) return;
  try {
    const data = await gql(ACCOUNTS);
    const accounts = data.customers.edges.map((edge) => edge.node);
    replace(
      $("panel-body"),
      h("h2", {}, "Accounts"),
      accounts.length
        ? [
            h("p", { className: "muted" }, `${plural(data.customers.totalCount, "account")} you may see. Choose one, or search above.`),
            h(
              "ul",
              { className: "accounts" },
              accounts.map((c) =>
                h("li", {}, h("button", { type: "button", className: "link", onClick: () => open(c.id) }, c.name), h("span", { className: "muted small" }, ` ${[c.tier, c.lifecycleStage].filter(Boolean).join(" · ").toLowerCase().replaceAll("_", " ")}`)),
              ),
            ),
          ]
        : h("p", { className: "state empty" }, "There are no accounts you may see yet."),
    );
    $("search-input").focus();
  } catch (error) {
    handle(error);
  }
}

setUpKeyDialog();
setUpSearch();
setUpControls();
setUpLegend();
setUpMapKeys();
window.addEventListener("popstate", followLink);
// A handle for scripted checks of what is drawn (the browser tests read it).
window.explorer = { map, state };
start();
