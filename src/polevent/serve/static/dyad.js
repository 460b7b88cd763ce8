// The dyad page (/): a dyad's cooperation/conflict series; a click on a point lists its events.
import { el, eventBlock, fetchTwin, fillForm, run, showError } from "./common.js";

const d3 = window.d3;
const TWIN = "/index.json";
const QUADS = [
  { key: "coop", label: "cooperation (quad 1+2)", quads: ["1", "2"], colour: "#1a9850" },
  { key: "conflict", label: "conflict (quad 3+4)", quads: ["3", "4"], colour: "#d73027" },
];

function twinParams(view) {
  // The page's own query, with the dyad the twin chose (the default dyad when none was given).
  const params = new URLSearchParams(window.location.search);
  if (view && view.source) params.set("source", view.source);
  if (view && view.target) params.set("target", view.target);
  params.delete("period");
  return params;
}

function fillActors(view) {
  const list = document.getElementById("actor-list");
  const top = document.getElementById("actor-top");
  for (const actor of view.actors) {
    list.append(el("option", { value: actor.code }, `${actor.code} (${actor.events})`));
    const asSource = el("button", { type: "button", class: "pick", title: "use as source" }, "source");
    const asTarget = el("button", { type: "button", class: "pick", title: "use as target" }, "target");
    asSource.addEventListener("click", () => pick("dyad-source", actor.code));
    asTarget.addEventListener("click", () => pick("dyad-target", actor.code));
    const mean = actor.mean_goldstein.toFixed(1);
    top.append(
      el("li", { "data-actor": actor.code }, el("span", { class: "code", title: `mean Goldstein ${mean}` }, actor.code),
        ` ${actor.events} `, asSource, " ", asTarget),
    );
  }
}

function pick(id, code) {
  document.getElementById(id).value = code;
}

function parseDay(text) {
  const [y, m, d] = text.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function describe(point) {
  const q = point.by_quad;
  const net = point.net_cooperation === null ? "—" : point.net_cooperation.toFixed(2);
  const mean = point.mean_goldstein === null ? "—" : point.mean_goldstein.toFixed(2);
  return (
    `${point.label}: ${point.events} events (quad 1: ${q["1"]}, 2: ${q["2"]}, 3: ${q["3"]}, 4: ${q["4"]});` +
    ` net cooperation ${net}; mean Goldstein ${mean}`
  );
}

function drawChart(view) {
  const box = document.getElementById("dyad-chart");
  const width = Math.max(box.clientWidth || 800, 360);
  const height = 320;
  const margin = { top: 34, right: 16, bottom: 40, left: 44 };
  const points = view.points.map((p) => ({ ...p, day: parseDay(p.period) }));
  const svg = d3.select(box).append("svg").attr("width", width).attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img")
    .attr("aria-label", `${view.source} and ${view.target} events per ${view.by}`);
  if (!points.length) {
    svg.append("text").attr("x", width / 2).attr("y", height / 2).attr("text-anchor", "middle")
      .text("No dated events for this dyad.");
    return;
  }
  const first = points[0].day;
  const last = points[points.length - 1].day;
  const pad = first.getTime() === last.getTime() ? 86400000 * 3 : 0;
  const x = d3.scaleUtc().domain([new Date(first.getTime() - pad), new Date(last.getTime() + pad)])
    .range([margin.left + 12, width - margin.right - 28]);
  const top = d3.max(points, (p) => p.events) || 1;
  const y = d3.scaleLinear().domain([0, top]).nice().range([height - margin.bottom, margin.top]);
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(points.length <= 8
      ? d3.axisBottom(x).tickValues(points.map((p) => p.day)).tickFormat((_d, i) => points[i].label)
      : d3.axisBottom(x).ticks(8));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(6, top)).tickFormat(d3.format("d")));
  for (const series of QUADS) {
    const line = d3.line().x((p) => x(p.day)).y((p) => y(series.quads.reduce((s, q) => s + p.by_quad[q], 0)));
    svg.append("path").datum(points).attr("class", `series ${series.key}`).attr("fill", "none")
      .attr("stroke", series.colour).attr("stroke-width", 2).attr("d", line);
    svg.append("g").selectAll("circle").data(points.filter((p) => p.events)).join("circle")
      .attr("class", `mark ${series.key}`).attr("fill", series.colour).attr("r", 3)
      .attr("cx", (p) => x(p.day)).attr("cy", (p) => y(series.quads.reduce((s, q) => s + p.by_quad[q], 0)));
  }
  svg.append("path").datum(points).attr("class", "series total").attr("fill", "none")
    .attr("stroke", "#555").attr("stroke-dasharray", "3 3").attr("d", d3.line().x((p) => x(p.day)).y((p) => y(p.events)));
  svg.append("g").selectAll("circle").data(points).join("circle")
    .attr("class", (p) => (p.events ? "point" : "point empty"))
    .attr("data-period", (p) => p.period).attr("data-events", (p) => p.events)
    .attr("data-label", (p) => p.label)
    .attr("cx", (p) => x(p.day)).attr("cy", (p) => y(p.events)).attr("r", (p) => (p.events ? 6 : 3))
    .attr("tabindex", 0)
    .on("click", (_event, p) => showPoint(view, p))
    .on("keydown", (event, p) => { if (event.key === "Enter") showPoint(view, p); })
    .append("title").text(describe);
  const legend = svg.append("g").attr("class", "legend").attr("transform", `translate(${margin.left + 8},10)`);
  [...QUADS, { label: "all events (points)", colour: "#555" }].forEach((s, i) => {
    legend.append("rect").attr("x", i * 190).attr("y", 0).attr("width", 12).attr("height", 4).attr("fill", s.colour);
    legend.append("text").attr("x", i * 190 + 16).attr("y", 6).text(s.label);
  });
}

async function showPoint(view, point) {
  const target = document.getElementById("point-events");
  const title = document.getElementById("point-title");
  d3.selectAll("#dyad-chart .point").classed("selected", (p) => p.period === point.period);
  target.dataset.ready = "false";
  title.textContent = `Events of ${point.label}: loading…`;
  try {
    const params = twinParams(view);
    params.set("period", point.period);
    const found = await fetchTwin(TWIN, params);
    target.replaceChildren(...found.events.map(eventBlock));
    if (!found.events.length) target.append(el("p", { class: "hint" }, "No events in this period."));
    title.textContent = `Events of ${point.label} (${found.events.length})`;
    target.dataset.period = point.period;
    target.dataset.ready = "true";
  } catch (e) {
    showError(e);
  }
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  fillForm(document.getElementById("filters"), params);
  document.getElementById("dyad-by").addEventListener("change", (event) => event.target.form.requestSubmit());
  const view = await fetchTwin(TWIN, params);
  document.getElementById("twin-link").setAttribute("href", `${TWIN}?${twinParams(view)}`);
  fillActors(view);
  const title = document.getElementById("dyad-title");
  if (!view.source) {
    title.textContent = "No dyad in the store yet: code some articles first.";
    return;
  }
  document.getElementById("dyad-source").value = view.source;
  document.getElementById("dyad-target").value = view.target;
  const arrow = view.directed ? "→" : "↔";
  const chosen = view.defaulted ? " (the most frequent dyad)" : "";
  title.textContent = `${view.source} ${arrow} ${view.target}, ${view.count_by}s per ${view.by}${chosen}`;
  drawChart(view);
  if (params.has("period")) {
    const point = view.points.find((p) => p.period === view.period);
    if (point) await showPoint(view, point);
  }
}

run(main);
