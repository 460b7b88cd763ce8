// Shared helpers of the dashboard pages (ES module, no build step).
//
// Everything from the store is untrusted text: it only ever reaches the page through
// textContent, setAttribute or d3's .text()/.attr(); never through an HTML-parsing sink.

/** Fetch a page's JSON twin with the given query; throws an Error with the API's message. */
export async function fetchTwin(path, params) {
  const query = params.toString();
  const response = await fetch(query ? `${path}?${query}` : path, {
    headers: { Accept: "application/json" },
  });
  let body = null;
  try {
    body = await response.json();
  } catch (_e) {
    body = null;
  }
  if (!response.ok) {
    const error = body && body.error;
    const message = error ? `${error.code}: ${error.message}` : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

/** Run a page's main function; mark the body ready, or show the error. */
export async function run(main) {
  try {
    await main();
    document.body.dataset.ready = "true";
  } catch (e) {
    showError(e);
  }
}

export function showError(e) {
  const box = document.getElementById("error");
  box.textContent = `Could not load the data: ${e && e.message ? e.message : e}`;
  box.hidden = false;
  document.body.dataset.ready = "error";
}

/** An element with attributes (strings, set with setAttribute) and children (nodes or text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Fill a form's fields from the page's query string (what the twin is asked for). */
export function fillForm(form, params) {
  for (const field of form.elements) {
    if (!field.name || !params.has(field.name)) continue;
    if (field.type === "checkbox") field.checked = params.get(field.name) === field.value;
    else field.value = params.get(field.name);
  }
}

export function actorCodes(actors) {
  return actors.length ? actors.map((a) => a.code).join(" + ") : "—";
}

export function actorReasons(role, actors) {
  if (!actors.length) return `${role}: none coded`;
  return actors
    .map((a) => `${role} ${a.code} ("${a.text}", confidence ${a.confidence}): ${a.reason}`)
    .join("\n");
}

export function dateText(ev) {
  const d = ev.date;
  if (d.start) return d.end && d.end !== d.start ? `${d.start}..${d.end}` : d.start;
  return ev.published_at ? `${ev.published_at.slice(0, 10)} (story)` : "undated";
}

export function dateReason(ev) {
  const d = ev.date;
  const words = d.text ? ` from "${d.text}"` : "";
  return `date (${d.granularity})${words}: ${d.reason}`;
}

export function placeText(ev) {
  const p = ev.place;
  if (!p) return "—";
  return p.country ? `${p.name} (${p.country})` : p.name;
}

export function placeReason(ev) {
  const p = ev.place;
  if (!p) return "place: none resolved";
  const where = p.lat === null ? "no coordinates" : `${p.lat}, ${p.lon}`;
  return `place "${p.text}" → ${p.name} [${where}; ${p.precision}; confidence ${p.confidence}]: ${p.reason}`;
}

export function codeReason(ev) {
  const c = ev.confidence;
  return (
    `CAMEO ${ev.cameo_code} ${ev.cameo_label} (quad ${ev.quad_class}, Goldstein ${ev.goldstein});` +
    ` PLOVER ${ev.plover_type}${ev.plover_mode ? "/" + ev.plover_mode : ""};` +
    ` modality ${ev.modality}; trigger "${ev.trigger}"; confidence ${c.event}: ${ev.code_reason}`
  );
}

export function confidenceReason(ev) {
  const c = ev.confidence;
  return `confidence: event ${c.event}, source ${c.source}, target ${c.target}; coder ${ev.coder_version}, data ${ev.data_version}`;
}

/** The evidence sentence with the trigger in <mark class="trigger"> and actors in
 * <mark class="actor">, built from the twin's segments. */
export function evidenceNode(tag, ev) {
  const node = el(tag, { class: "evidence" });
  for (const segment of ev.segments) {
    if (segment.kind === "text") {
      node.append(document.createTextNode(segment.text));
    } else if (segment.kind === "trigger") {
      node.append(el("mark", { class: "trigger", title: `trigger: ${ev.code_reason}` }, segment.text));
    } else {
      node.append(el("mark", { class: `actor ${segment.role}`, title: segment.role }, segment.text));
    }
  }
  return node;
}

/** One event as a block (the dyad page's list of events behind a point). */
export function eventBlock(ev) {
  const head = el(
    "p",
    { class: "event-head" },
    el("span", { class: "date", title: dateReason(ev) }, dateText(ev)),
    " ",
    el("span", { class: "source", title: actorReasons("source", ev.source) }, actorCodes(ev.source)),
    " → ",
    el("span", { class: "target", title: actorReasons("target", ev.target) }, actorCodes(ev.target)),
    " ",
    el("span", { class: "code", title: codeReason(ev) }, `${ev.cameo_code} ${ev.cameo_label}`),
    " ",
    el("span", { class: "place", title: placeReason(ev) }, placeText(ev)),
    " ",
    el("a", { href: `/api/events/${encodeURIComponent(ev.event_id)}`, class: "raw" }, "JSON"),
  );
  return el("div", { class: "event-row", "data-event-id": ev.event_id }, head, evidenceNode("p", ev));
}
