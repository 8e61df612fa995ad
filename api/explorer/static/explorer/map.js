// The relationship map: Cytoscape.js drawing the `elements` of relationshipMap.
import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.js";

// A tie not touched for longer than this is drawn dashed (as coverage gaps call it stale).
const STALE_AFTER_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export const LABELS = {
  Customer: { colour: "#1f5fa8", shape: "round-rectangle", title: "Account" },
  Department: { colour: "#8a6d3b", shape: "rectangle", title: "Department" },
  Stakeholder: { colour: "#3b5b6d", shape: "ellipse", title: "Stakeholder" },
  Supplier: { colour: "#6b6f76", shape: "diamond", title: "Supplier" },
  TeamMember: { colour: "#7b4fb0", shape: "hexagon", title: "Our team member" },
  Industry: { colour: "#b8322a", shape: "octagon", title: "Industry" },
  Interaction: { colour: "#806b00", shape: "tag", title: "Interaction" },
};

export const STANCES = {
  CHAMPION: "#0a7d32",
  SUPPORTER: "#6cc070",
  NEUTRAL: "#9aa1a9",
  SKEPTIC: "#e08a00",
  BLOCKER: "#c4161c",
};

export const ROLES = {
  DECISION_MAKER: "DM",
  ECONOMIC_BUYER: "EB",
  TECHNICAL_EVALUATOR: "TE",
  USER: "U",
  INFLUENCER: "IN",
  GATEKEEPER: "GK",
  CHAMPION: "CH",
};

export const EDGE_TYPES = {
  REPORTS_TO: { colour: "#30363d", style: "solid", arrow: "triangle", title: "reports to" },
  INFLUENCES: { colour: "#8e44ad", style: "solid", arrow: "vee", title: "influences" },
  KNOWS: { colour: "#138d90", style: "solid", arrow: "none", title: "knows" },
  RELATES_TO: { colour: "#1f6fd1", style: "solid", arrow: "triangle", title: "our relationship" },
  MANAGES: { colour: "#7b4fb0", style: "solid", arrow: "triangle", title: "manages the account" },
  PREFERS: { colour: "#d35400", style: "dotted", arrow: "triangle", title: "prefers supplier" },
  SUPPLIES: { colour: "#6b6f76", style: "solid", arrow: "triangle", title: "supplies" },
  WORKS_IN: { colour: "#b9bec5", style: "solid", arrow: "none", title: "works in" },
  BELONGS_TO: { colour: "#b9bec5", style: "solid", arrow: "none", title: "belongs to" },
  HAS_DEPARTMENT: { colour: "#b9bec5", style: "solid", arrow: "none", title: "has department" },
  PART_OF: { colour: "#b9bec5", style: "solid", arrow: "none", title: "part of" },
  IN_INDUSTRY: { colour: "#d9a19c", style: "solid", arrow: "none", title: "in industry" },
  WITH: { colour: "#c9b458", style: "solid", arrow: "none", title: "interaction with" },
  BY: { colour: "#c9b458", style: "solid", arrow: "none", title: "interaction by" },
};

export const COMMUNITY_COLOURS = [
  "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324",
  "#469990", "#800000", "#808000", "#000075", "#fabed4", "#ffd8b1", "#aaffc3", "#dcbeff",
];

function nodeCaption(data) {
  const role = ROLES[data.buyingRole];
  return role ? `${data.name}\n[${role}]` : data.name;
}

/** Classes and derived fields Cytoscape styles read, computed once per element. */
function decorate(element, now) {
  const data = element.data;
  if (data.source === undefined) {
    data.caption = nodeCaption(data);
    data.stanceColour = STANCES[data.stance] || "";
    element.classes = data.stance ? "stakeholder-stance" : "";
    return element;
  }
  const strength = typeof data.strength === "number" ? data.strength : null;
  data.width = strength === null ? 1.5 : 1 + strength * 6;
  const classes = [`t-${data.type}`];
  const last = data.lastContactAt ? Date.parse(data.lastContactAt) : NaN;
  if (data.type === "RELATES_TO" && (Number.isNaN(last) || now - last > STALE_AFTER_DAYS * DAY_MS)) {
    classes.push("stale");
  }
  element.classes = classes.join(" ");
  return element;
}

// Later rules win: labels, then stance, then community colour; edge types,
// then staleness; highlights and selection last.
function styles() {
  const node = {
    selector: "node",
    style: {
      label: "data(caption)",
      "text-wrap": "wrap",
      "text-max-width": 110,
      "font-size": 10,
      "text-valign": "bottom",
      "text-margin-y": 3,
      color: "#1b1f24",
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      width: 26,
      height: 26,
      "border-width": 1,
      "border-color": "#ffffff",
    },
  };
  const labels = Object.entries(LABELS).map(([label, look]) => ({
    selector: `node[label = "${label}"]`,
    style: { "background-color": look.colour, shape: look.shape },
  }));
  const edge = {
    selector: "edge",
    style: { width: "data(width)", "curve-style": "bezier", "arrow-scale": 0.8, opacity: 0.85 },
  };
  // Straight lines are cheaper to draw than curves on a large map, where
  // drawing is most of the time to a shown map; parallel ties are rare.
  const largeEdge = {
    selector: "edge.large",
    style: { "curve-style": "straight" },
  };
  const edgeTypes = Object.entries(EDGE_TYPES).map(([type, look]) => ({
    selector: `edge.t-${type}`,
    style: {
      "line-color": look.colour,
      "line-style": look.style,
      "target-arrow-shape": look.arrow,
      "target-arrow-color": look.colour,
    },
  }));
  return [
    node,
    ...labels,
    { selector: "node.stakeholder-stance", style: { "border-width": 4, "border-color": "data(stanceColour)" } },
    { selector: "node.root", style: { width: 44, height: 44, "font-size": 13, "font-weight": "bold" } },
    { selector: "node.community", style: { "background-color": "data(communityColour)" } },
    edge,
    largeEdge,
    ...edgeTypes,
    { selector: "edge.stale", style: { "line-style": "dashed", "line-dash-pattern": [6, 4] } },
    { selector: ".faded", style: { opacity: 0.15 } },
    {
      selector: "node.highlight",
      style: { "overlay-color": "#ffb000", "overlay-opacity": 0.35, "overlay-padding": 8, "z-index": 20 },
    },
    {
      selector: "edge.highlight",
      style: { "line-color": "#ff8c00", "target-arrow-color": "#ff8c00", width: 6, opacity: 1, "z-index": 20 },
    },
    { selector: "edge.intro", style: { "line-style": "solid", "target-arrow-shape": "triangle" } },
    { selector: "node:selected", style: { "overlay-color": "#0b5cad", "overlay-opacity": 0.25, "overlay-padding": 6 } },
  ];
}

export const LAYOUTS = {
  auto: "Automatic",
  radial: "Radial tree",
  cose: "Force-directed",
  concentric: "Rings by hops",
  breadthfirst: "Tree",
  circle: "Circle",
  grid: "Grid",
};

// Force-directed layout is the clearest for small maps; beyond this many
// nodes it costs seconds, and the radial tree (linear time) reads as well.
const FORCE_LIMIT = 150;
const LARGE_MAP_EDGES = 400;
const MAX_FIT_ZOOM = 1.3;
const RING_GAP = 130;
const ROW_GAP = 34;
const NODE_SPACING = 34;

function byKindThenName(a, b) {
  return a.data("label").localeCompare(b.data("label")) || String(a.data("name")).localeCompare(String(b.data("name")));
}

/**
 * Positions for a radial tree: the centre in the middle, each node on the
 * ring of its hop count, inside the arc of the node it was reached from, arcs
 * sized by how many nodes hang below. Crowded arcs of end nodes are split into
 * rows. Nodes not reached from the centre line up below the drawing.
 */
function radialPositions(cy, rootId) {
  const centre = cy.getElementById(rootId).nonempty() ? cy.getElementById(rootId) : cy.nodes().first();
  const children = new Map();
  const depth = new Map([[centre.id(), 0]]);
  let frontier = [centre];
  while (frontier.length) {
    const next = [];
    for (const node of frontier) {
      const reached = node
        .neighborhood("node")
        .filter((m) => !depth.has(m.id()))
        .sort(byKindThenName);
      reached.forEach((m) => depth.set(m.id(), depth.get(node.id()) + 1));
      children.set(node.id(), reached.toArray());
      next.push(...reached.toArray());
    }
    frontier = next;
  }
  const weight = new Map();
  const weigh = (node) => {
    const below = children.get(node.id()) || [];
    const total = below.reduce((sum, child) => sum + weigh(child), 0);
    weight.set(node.id(), Math.max(1, total));
    return weight.get(node.id());
  };
  weigh(centre);

  // First the rows each ring needs, then the rings' radii from them.
  const rowsAt = new Map();
  const arcs = [];
  const allot = (node, from, to) => {
    const below = children.get(node.id()) || [];
    const level = depth.get(node.id()) + 1;
    const isEnd = (child) => !(children.get(child.id()) || []).length;
    const ends = below.filter(isEnd).length;
    const perRow = Math.max(1, Math.floor(((to - from) * level * RING_GAP) / NODE_SPACING));
    const rows = Math.ceil(ends / perRow);
    rowsAt.set(level, Math.max(rowsAt.get(level) || 1, rows));
    let start = from;
    let endIndex = 0;
    for (const child of below) {
      const share = ((to - from) * weight.get(child.id())) / weight.get(node.id());
      // End nodes of a crowded arc take turns on its rows.
      const row = isEnd(child) ? endIndex++ % Math.max(rows, 1) : 0;
      arcs.push([child, start + share / 2, level, row]);
      allot(child, start, start + share);
      start += share;
    }
  };
  allot(centre, 0, 2 * Math.PI);
  const radii = [0];
  for (let level = 1; rowsAt.has(level); level += 1) {
    radii[level] = radii[level - 1] + RING_GAP + ((rowsAt.get(level - 1) || 1) - 1) * ROW_GAP;
  }

  const positions = { [centre.id()]: { x: 0, y: 0 } };
  for (const [node, angle, level, row] of arcs) {
    const radius = radii[level] + row * ROW_GAP;
    positions[node.id()] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
  }
  const outer = (radii[radii.length - 1] || RING_GAP) + RING_GAP;
  let stray = 0;
  cy.nodes().forEach((node) => {
    if (!positions[node.id()]) {
      positions[node.id()] = { x: -outer + (stray % 20) * 60, y: outer + Math.floor(stray / 20) * 60 };
      stray += 1;
    }
  });
  return positions;
}

function layoutOptions(name, cy, rootId) {
  const chosen = name === "auto" ? (cy.nodes().length > FORCE_LIMIT ? "radial" : "cose") : name;
  const common = { name: chosen, animate: false, fit: true, padding: 30 };
  switch (chosen) {
    case "radial": {
      const positions = radialPositions(cy, rootId);
      return { ...common, name: "preset", positions: (node) => positions[node.id()] };
    }
    case "concentric":
      return {
        ...common,
        concentric: (node) => 10 - (node.data("depth") ?? 5),
        levelWidth: () => 1,
        minNodeSpacing: 6,
      };
    case "cose":
      return { ...common, nodeRepulsion: () => 9000, idealEdgeLength: () => 70, numIter: 600, randomize: true };
    case "breadthfirst":
      return { ...common, directed: false, roots: rootId ? [rootId] : undefined, spacingFactor: 1.1 };
    default:
      return common;
  }
}

export class RelationshipMap {
  constructor(container, { onTap }) {
    this.cy = cytoscape({
      container,
      style: styles(),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    this.rootId = null;
    this.layoutName = "auto";
    this.cy.on("tap", "node", (event) => onTap(event.target.id()));
  }

  /** Replaces the drawing with these elements; resolves once laid out and drawn. */
  draw(elements, rootId) {
    const now = Date.now();
    this.rootId = rootId;
    const cy = this.cy;
    cy.batch(() => {
      cy.elements().remove();
      cy.add([
        ...elements.nodes.map((n) => decorate(n, now)),
        ...elements.edges.map((e) => decorate(e, now)),
      ]);
      cy.getElementById(rootId).addClass("root");
      if (elements.edges.length > LARGE_MAP_EDGES) cy.edges().addClass("large");
    });
    return this.relayout();
  }

  relayout() {
    return new Promise((resolve) => {
      const layout = this.cy.layout(layoutOptions(this.layoutName, this.cy, this.rootId));
      layout.one("layoutstop", () => {
        // Fitting a small map would blow its nodes up; keep them at a readable size.
        if (this.cy.zoom() > MAX_FIT_ZOOM) {
          this.cy.zoom(MAX_FIT_ZOOM);
          this.cy.center();
        }
        requestAnimationFrame(() => resolve());
      });
      layout.run();
    });
  }

  /** Adds what is new in these elements around the node they grew from; returns the count added. */
  addAround(elements, centreId) {
    const now = Date.now();
    const cy = this.cy;
    const centre = cy.getElementById(centreId);
    const origin = centre.nonempty() ? centre.position() : { x: 0, y: 0 };
    const depthBase = centre.nonempty() ? centre.data("depth") ?? 0 : 0;
    const freshNodes = elements.nodes.filter((n) => cy.getElementById(n.data.id).empty());
    const freshEdges = elements.edges.filter((e) => cy.getElementById(e.data.id).empty());
    // New neighbours fan out on the side facing away from the centre of the
    // map (all round when the centre itself grows), clear of what is drawn.
    const root = cy.getElementById(this.rootId);
    const away = root.nonempty() && root.id() !== centreId
      ? Math.atan2(origin.y - root.position("y"), origin.x - root.position("x"))
      : null;
    const spread = away === null ? 2 * Math.PI : Math.PI;
    const radius = 110 + freshNodes.length * 5;
    freshNodes.forEach((n, i) => {
      const angle = away === null
        ? (spread * i) / Math.max(freshNodes.length, 1)
        : away - spread / 2 + (spread * (i + 0.5)) / freshNodes.length;
      n.position = { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) };
      n.data.depth = depthBase + (n.data.depth ?? 1);
    });
    cy.batch(() => {
      cy.add([...freshNodes.map((n) => decorate(n, now)), ...freshEdges.map((e) => decorate(e, now))]);
    });
    return { nodes: freshNodes.length, edges: freshEdges.length };
  }

  /** Marks these nodes and the ties between consecutive pairs; fades the rest. */
  highlight(nodeIds, pairs, pathNodes = []) {
    const cy = this.cy;
    this.clearHighlight();
    cy.batch(() => {
      for (const node of pathNodes) {
        if (cy.getElementById(node.id).empty()) {
          cy.add(decorate({ data: { id: node.id, label: node.label, name: node.name, depth: 9 } }, Date.now()));
        }
      }
      let marked = cy.collection();
      for (const id of nodeIds) marked = marked.union(cy.getElementById(id));
      for (const [source, target, type] of pairs) {
        let ties = cy.edges().filter(
          (e) =>
            (e.data("source") === source && e.data("target") === target) ||
            (e.data("source") === target && e.data("target") === source),
        );
        if (ties.empty() && cy.getElementById(source).nonempty() && cy.getElementById(target).nonempty()) {
          ties = cy.add(
            decorate({ data: { id: `intro:${source}->${target}`, source, target, type: type || "KNOWS" } }, Date.now()),
          );
          ties.addClass("intro");
        }
        marked = marked.union(ties);
      }
      cy.elements().not(marked).addClass("faded");
      marked.addClass("highlight");
      this.placeStrays(marked.nodes());
    });
    const shown = cy.elements(".highlight");
    if (shown.nonempty()) {
      // Fitting a few nodes would zoom far in; keep the neighbourhood readable.
      cy.fit(shown, 80);
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center(shown);
      }
    }
    return shown;
  }

  // Nodes added for a path have no position yet: line them up beside the map.
  placeStrays(nodes) {
    const box = this.cy.elements().not(nodes).boundingBox();
    let row = 0;
    nodes.forEach((node) => {
      if (node.data("depth") === 9) {
        node.position({ x: box.x2 + 120, y: box.y1 + row * 70 });
        node.data("depth", 3);
        row += 1;
      }
    });
  }

  clearHighlight() {
    this.cy.elements().removeClass("faded highlight");
    this.cy.edges(".intro").remove();
  }

  colourCommunities(communities) {
    const cy = this.cy;
    cy.batch(() => {
      cy.nodes().removeClass("community");
      communities.forEach((community, index) => {
        const colour = COMMUNITY_COLOURS[index % COMMUNITY_COLOURS.length];
        for (const id of community.memberIds) {
          const node = cy.getElementById(id);
          if (node.nonempty()) node.data("communityColour", colour).addClass("community");
        }
      });
    });
  }

  clearCommunities() {
    this.cy.nodes().removeClass("community");
  }

  select(id) {
    const node = this.cy.getElementById(id);
    this.cy.elements().unselect();
    if (node.nonempty()) {
      node.select();
      this.cy.animate({ center: { eles: node }, duration: 200 });
    }
    return node.nonempty();
  }

  fit() {
    this.cy.fit(undefined, 30);
  }

  zoom(factor) {
    const cy = this.cy;
    cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  png() {
    return this.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 8000, maxHeight: 8000 });
  }

  node(id) {
    const node = this.cy.getElementById(id);
    return node.nonempty() ? node.data() : null;
  }

  counts() {
    return { nodes: this.cy.nodes().length, edges: this.cy.edges().not(".intro").length };
  }
}
