// The map (/map): event places as circles (area by count) on the bundled Natural Earth outlines.
import { el, fetchTwin, fillForm, run } from "./common.js";

const d3 = window.d3;
const topojson = window.topojson;
const TWIN = "/map.json";

function eventsLink(place) {
  const params = new URLSearchParams(window.location.search);
  params.delete("count_by");
  params.set("near", `${place.lat},${place.lon},1`);
  return `/events?${params}`;
}

function describe(place) {
  const where = [place.name, place.admin1, place.country].filter(Boolean).join(", ");
  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${where}: ${plural(place.events, "event")}, ${plural(place.mentions, "mention")}`;
}

function draw(world, view) {
  const box = document.getElementById("map");
  const width = Math.max(box.clientWidth || 960, 360);
  const height = Math.round(width * 0.52);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(box).append("svg").attr("width", width).attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`).attr("role", "img").attr("aria-label", "event locations");
  svg.append("path").datum({ type: "Sphere" }).attr("class", "sphere").attr("d", path);
  const countries = topojson.feature(world, world.objects.countries).features;
  svg.append("g").selectAll("path").data(countries).join("path")
    .attr("class", "country").attr("d", path)
    .append("title").text((f) => (f.properties && f.properties.name) || "");
  const top = d3.max(view.places, (p) => p.count) || 1;
  const radius = d3.scaleSqrt().domain([0, top]).range([0, 22]);
  const places = view.places.filter((p) => projection([p.lon, p.lat]));
  const links = svg.append("g").selectAll("a").data(places).join("a")
    .attr("href", eventsLink);
  links.append("circle").attr("class", "event-location")
    .attr("data-count", (p) => p.count).attr("data-place", (p) => p.name)
    .attr("cx", (p) => projection([p.lon, p.lat])[0]).attr("cy", (p) => projection([p.lon, p.lat])[1])
    .attr("r", (p) => Math.max(3, radius(p.count)))
    .append("title").text(describe);
}

function listPlaces(view) {
  const list = document.getElementById("places");
  list.replaceChildren(
    ...view.places.map((p) =>
      el("li", { "data-place": p.name }, el("a", { href: eventsLink(p) }, describe(p))),
    ),
  );
  const note = document.getElementById("map-note");
  const unit = view.count_by === "event" ? "events" : "mentions";
  note.textContent = view.places.length
    ? `${view.places.length} places from ${view.placed_mentions} placed mentions; circle area ~ ${unit}.` +
      (view.truncated ? " (Only the first mentions were read: narrow the filter.)" : "")
    : "No placed events match (events get a place when a gazetteer resolves one).";
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  fillForm(document.getElementById("filters"), params);
  document.getElementById("twin-link").setAttribute("href", `${TWIN}?${params}`);
  const view = await fetchTwin(TWIN, params);
  const world = await fetchTwin(view.outlines, new URLSearchParams());
  draw(world, view);
  listPlaces(view);
}

run(main);
