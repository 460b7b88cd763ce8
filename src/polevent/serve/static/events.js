// The event table (/events): filtered mentions, a page at a time, every value's reason on hover.
import {
  actorCodes,
  actorReasons,
  codeReason,
  confidenceReason,
  dateReason,
  dateText,
  el,
  evidenceNode,
  fetchTwin,
  fillForm,
  placeReason,
  placeText,
  run,
} from "./common.js";

const TWIN = "/events.json";

function row(ev) {
  const cluster = ev.cluster_id === ev.event_id ? "" : ` (event ${ev.cluster_id})`;
  return el(
    "tr",
    { class: "event-row", "data-event-id": ev.event_id },
    el("td", { class: "date", title: dateReason(ev) }, dateText(ev)),
    el("td", { class: "source", title: actorReasons("source", ev.source) }, actorCodes(ev.source)),
    el(
      "td",
      { class: "code", title: codeReason(ev) },
      el("span", { class: "cameo" }, `${ev.cameo_code} ${ev.cameo_label}`),
      el("br"),
      el("span", { class: "plover" }, ev.plover_type),
      ev.modality === "asserted" ? null : el("span", { class: "modality" }, ` (${ev.modality})`),
    ),
    el("td", { class: "target", title: actorReasons("target", ev.target) }, actorCodes(ev.target)),
    el("td", { class: "place", title: placeReason(ev) }, placeText(ev)),
    evidenceNode("td", ev),
    el(
      "td",
      { class: "confidence", title: confidenceReason(ev) + cluster },
      el("a", { href: `/api/events/${encodeURIComponent(ev.event_id)}` }, ev.confidence.event.toFixed(2)),
    ),
  );
}

function pageLink(id, page) {
  const link = document.getElementById(id);
  if (page === null) {
    link.removeAttribute("href");
    link.classList.add("disabled");
    link.setAttribute("aria-disabled", "true");
    return;
  }
  const params = new URLSearchParams(window.location.search);
  params.set("page", String(page));
  link.setAttribute("href", `/events?${params}`);
  link.classList.remove("disabled");
  link.removeAttribute("aria-disabled");
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  fillForm(document.getElementById("filters"), params);
  document.getElementById("twin-link").setAttribute("href", `${TWIN}?${params}`);
  const page = await fetchTwin(TWIN, params);
  const body = document.querySelector("#events tbody");
  body.replaceChildren(...page.events.map(row));
  if (!page.events.length) {
    body.append(el("tr", { class: "empty" }, el("td", { colspan: 7 }, "No events match.")));
  }
  document.getElementById("total").textContent = String(page.total);
  document.getElementById("total-unit").textContent =
    page.count_by === "event" ? `events (${page.mentions} mentions)` : "mentions";
  const first = (page.page - 1) * page.per_page + 1;
  const last = first + page.events.length - 1;
  document.getElementById("page-info").textContent = page.events.length
    ? `mentions ${first}–${last}, page ${page.page}`
    : `page ${page.page}`;
  pageLink("prev", page.prev);
  pageLink("next", page.next);
}

run(main);
