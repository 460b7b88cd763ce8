// The actor network (/network): the most active actors and the dyads among them.
import { fetchTwin, fillForm, run } from "./common.js";

const d3 = window.d3;
const TWIN = "/network.json";

function colour(goldstein) {
  return d3.scaleDiverging([-10, 0, 10], d3.interpolateRdYlGn)(goldstein);
}

function layout(view, width, height) {
  const nodes = view.nodes.map((n) => ({ ...n, id: n.code }));
  const links = view.edges.map((e) => ({ ...e, source: e.source, target: e.target, from: e.source, to: e.target }));
  const top = d3.max(nodes, (n) => n.events) || 1;
  const radius = d3.scaleSqrt().domain([0, top]).range([4, 24]);
  nodes.forEach((n) => { n.r = radius(n.events); });
  // Run the force layout to rest before drawing: a still picture, the same on every load.
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((n) => n.id).distance(90))
    .force("charge", d3.forceManyBody().strength(-260))
    .force("collide", d3.forceCollide((n) => n.r + 6))
    .force("x", d3.forceX(width / 2).strength(0.06))
    .force("y", d3.forceY(height / 2).strength(0.09))
    .stop();
  for (let i = 0; i < 300; i += 1) simulation.tick();
  for (const n of nodes) {
    n.x = Math.max(n.r + 2, Math.min(width - n.r - 2, n.x));
    n.y = Math.max(n.r + 2, Math.min(height - n.r - 2, n.y));
  }
  return { nodes, links };
}

function draw(view) {
  const box = document.getElementById("network");
  const width = Math.max(box.clientWidth || 960, 360);
  const height = 560;
  const svg = d3.select(box).append("svg").attr("width", width).attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", "actor network");
  if (!view.nodes.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .text("No actors match.");
    return;
  }
  const { nodes, links } = layout(view, width, height);
  const most = d3.max(links, (l) => l.events) || 1;
  const stroke = d3.scaleLinear().domain([1, most]).range([1.5, 9]);
  const params = new URLSearchParams(window.location.search);
  const dyadLink = (l) => {
    const p = new URLSearchParams();
    for (const key of ["since", "until"]) if (params.get(key)) p.set(key, params.get(key));
    p.set("source", l.from);
    p.set("target", l.to);
    return `/?${p}`;
  };
  svg.append("g").selectAll("a").data(links).join("a").attr("href", dyadLink)
    .append("line").attr("class", "edge")
    .attr("data-source", (l) => l.from).attr("data-target", (l) => l.to).attr("data-events", (l) => l.events)
    .attr("x1", (l) => l.source.x).attr("y1", (l) => l.source.y)
    .attr("x2", (l) => l.target.x).attr("y2", (l) => l.target.y)
    .attr("stroke", (l) => colour(l.mean_goldstein)).attr("stroke-width", (l) => stroke(l.events))
    .append("title").text((l) => `${l.from} → ${l.to}: ${l.events} events, mean Goldstein ${l.mean_goldstein.toFixed(2)}`);
  const actorLink = (n) => {
    const p = new URLSearchParams();
    for (const key of ["since", "until"]) if (params.get(key)) p.set(key, params.get(key));
    p.set("actor", n.code);
    return `/events?${p}`;
  };
  const node = svg.append("g").selectAll("a").data(nodes).join("a").attr("href", actorLink);
  node.append("circle").attr("class", "node").attr("data-actor", (n) => n.code)
    .attr("data-events", (n) => n.events)
    .attr("cx", (n) => n.x).attr("cy", (n) => n.y).attr("r", (n) => n.r)
    .attr("fill", (n) => colour(n.mean_goldstein))
    .append("title").text((n) => `${n.code}: ${n.events} events, mean Goldstein ${n.mean_goldstein.toFixed(2)}`);
  node.append("text").attr("class", "label").attr("x", (n) => n.x + n.r + 3).attr("y", (n) => n.y + 4)
    .text((n) => n.code);
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  fillForm(document.getElementById("filters"), params);
  document.getElementById("twin-link").setAttribute("href", `${TWIN}?${params}`);
  draw(await fetchTwin(TWIN, params));
}

run(main);
