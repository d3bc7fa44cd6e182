// The status map: deck.gl in a Streamlit component (kurils.mapview), or in the static build's page
// (kurils export-site, its host static.js: see `host` below). The date lives here, so a
// slider move, an event step or a Play step is drawn in the browser with no server round trip; the
// server hears the date afterwards (debounced) for the event card, the map in words and the URL.
// Every text that comes from the data is set with textContent, never as HTML. The pure functions
// (the interval at a day, Play's next day and pause, the legend's entries, …) are in logic.js
// (KurilsLogic); where labels go is labels.js (KurilsLabels).
"use strict";

const logic = KurilsLogic;
const SEND_AFTER_MS = 120;        // after the last move of the slider: one rerun per pause, not one per day
const PLAY_SEND_EVERY_MS = 1000;  // while playing, the server follows once a second
const HINT_MS = 1800;
const NARROW_PX = 640;            // below this screen width: the phone layout (controls under the map)
const COMPACT_PX = 760;           // below this map width: the controls in two rows
const LOCALES = {en: "en-GB", ja: "ja-JP", ru: "ru-RU"};
const TRANSPARENT = logic.TRANSPARENT;
const LABEL_FONT = "kurils-labels";
const COARSE_POINTER = window.matchMedia("(pointer: coarse)").matches;  // a touch screen: pan with two fingers

const $ = (id) => document.getElementById(id);
const slider = $("day"), playButton = $("play"), maps = $("maps"), rulerButton = $("ruler");
const tooltip = $("tooltip"), hintBox = $("hint"), controls = $("controls"), swipe = $("swipe"), measureBox = $("measure");
const compareSlider = $("day2"), compareControls = $("compare-controls");

// The app's address (Streamlit passes it; a path prefix behind a proxy stays in it), and only on
// this origin: the layer files come from nowhere else, the messages go nowhere else.
const base = (() => {
  try {
    const given = new URL(new URLSearchParams(location.search).get("streamlitUrl"));
    if (given.origin === location.origin) return given.href;
  } catch { /* missing or malformed: the origin's root */ }
  return location.origin + "/";
})();

// Each load of the map counts its messages from 1: the token tells the server it is a new count.
const token = Math.random().toString(36).slice(2) + Date.now().toString(36);
const files = {};       // file name -> {data} (null while loading): the layer files this map fetched itself

// A map pane: one deck.gl canvas showing one day, with its own date stamp and legend. The atlas's
// date is the main pane's; a comparison adds a second pane at another date (side by side, stacked on
// a phone, or over the first behind a swipe). Both panes share the files, the view and the layers.
function makePane(suffix) {
  return {
    box: $("map" + suffix), stamp: $("stamp" + suffix), legend: $("legend" + suffix),
    dateOut: $("date" + suffix), eventOut: $("event" + suffix),
    day: 0,               // the day shown, in days since day 0
    deckgl: null,
    drawnDay: null,       // the day in the layers last handed to deck.gl
    painted: [],          // [day, ms] of every new day drawn: what the benchmark and the tests read
    labels: [],           // the labels placed for the current view
    labelsFor: "",
    legendKey: "",
    claims: {},           // kind -> {key, valid}: `valid` stays the same array while the set is the same
    marks: {},            // layer -> the event dots drawn: {m (the event), p (its point), latest, alpha}
  };
}
const main = makePane(""), other = makePane("2");

// Everything else that changes while the map is open.
const state = {
  args: null,           // the server's latest arguments (kurils.mapview.spec)
  start: 0,             // day 0 as UTC milliseconds
  nonce: null,          // the server's count of its own date moves (kurils.present.datesync), last applied
  comparing: false,     // a second pane is shown (the server's `compare` day)
  layout: "side",       // the comparison's layout: "side" (two maps) or "swipe" (one map, a handle between the dates)
  swipeAt: 0.5,         // where the swipe's handle is, as a fraction of the map's width
  swipeMoved: false,    // the reader moved the handle: it stays where they put it
  eventDays: [],
  epochDays: [],
  zoom: 0,
  view: null,           // the current view state, shared by the panes
  fitted: "",           // the bounds and map size the view was last fitted to
  moved: false,         // the reader panned or zoomed: a resize no longer refits the view
  noWebGL: false,
  narrow: false,
  drawnHalos: "",       // the halo files in the layers (a zoom change may need others)
  fontsReady: false,
  host: null,           // the page's size and the map's place in it, last fitted to
  optionsLang: null,
  dateFormat: null,
  numberFormat: null,
  seq: 0,               // the last message's number
  sendTimer: null,
  lastSent: 0,
  playing: false,
  stepping: null,       // Play's step: "event" or "year" (the reader's choice, kept across reruns)
  pace: "normal",
  pause: 0,             // how long Play shows the current day (logic.playPause)
  lastStep: 0,
  playTimer: null,
  hintTimer: null,
  measuring: false,     // the distance tool is on: clicks set its points
  ends: [],             // its points, [lon, lat], at most two
};

const panes = () => (state.comparing ? [main, other] : [main]);

window.kurils = {
  painted: main.painted, comparePainted: other.painted, get day() { return main.day; },
  get compareDay() { return state.comparing ? other.day : null; }, get zoom() { return state.zoom; },
  get halos() { return state.drawnHalos; }, get labels() { return main.labels; }, get view() { return state.view; },
  get marks() { return Object.values(main.marks).flat().map((d) => ({id: d.m.id, p: d.p, latest: d.latest, alpha: d.alpha, theme: d.m.theme})); },
  get distance() { return state.ends.length === 2 ? logic.geodesicMetres(...state.ends) : null; },
  get loading() { return Object.values(files).filter((f) => f === null).length; },  // layer files on their way (map.js's own)
};
// The browser tests (tests/test_browser.py) call toDay, toIso and nextPlayDay below, and read the
// server's arguments as `args`.
Object.defineProperty(window, "args", {get: () => state.args});

function post(type, data) {
  window.parent.postMessage({isStreamlitMessage: true, type, ...data}, location.origin);
}

// Where the map lives. In the app, Streamlit's component frame: the spec arrives by message, the
// value goes back by message, the layer files are fetched from the app and deck.gl is handed their
// URLs. In the static build (kurils export-site), a page of its own whose host script (static.js,
// loaded first) hands the spec over, hears the value, and supplies every layer file as parsed JSON:
// a page opened from file:// cannot fetch.
const streamlitHost = {
  inline: false,  // deck.gl fetches a layer file itself from its URL
  start(render) {
    window.addEventListener("message", (event) => {
      if (event.source !== window.parent || event.origin !== location.origin) return;
      if (event.data && event.data.type === "streamlit:render") render(event.data.args.spec);
    });
    post("streamlit:componentReady", {apiVersion: 1});
  },
  report: (value) => post("streamlit:setComponentValue", {value, dataType: "json"}),
  setHeight: (height) => post("streamlit:setFrameHeight", {height}),
  page: hostPage,
  json: (name) => fetch(url(name)).then((r) => { if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`); return r.json(); }),
};
const host = window.KurilsStaticHost || streamlitHost;

const toDay = (iso) => logic.toDay(iso, state.start);
const toIso = (d) => logic.toIso(d, state.start);

function url(name) {
  const address = new URL(state.args.base + name, base);
  if (address.origin !== location.origin) throw new Error("layer files come from the app only: " + address.origin);
  return address.href;
}

// A layer file's parsed JSON once fetched (null until then; asked again after a failure).
function loaded(name) {
  if (!(name in files)) {
    files[name] = null;
    host.json(name)
      .then((data) => {
        files[name] = {data};
        for (const pane of panes()) { pane.labelsFor = ""; showDay(pane); }
        redraw(); keepIslandsClear();
      })
      .catch((e) => { delete files[name]; loadFailed(e); });
  }
  return files[name] && files[name].data;
}

const islandFeatures = () => (loaded("islands.json") || {features: []}).features;
// The labels, event titles and legend entries in the map's language (kurils.present.maptext).
const texts = () => loaded(`text_${state.args.lang}.json`) || {labels: [], event_titles: [], legend: null};
const beforeBorders = () => state.args.mode === "before_borders";  // kurils.model.dataset.BEFORE_BORDERS
const pov = () => (state.args.pov === "japan" || state.args.pov === "russia" ? state.args.pov : null);

// A layer file as the layers name it: its URL in the app (deck.gl fetches it), its name in a static page.
const fileRef = (name) => (host.inline ? name : url(name));

function haloFile(width, scale) {
  return fileRef(logic.haloFile(width, state.zoom, scale, state.args.halo_zooms));
}

// What deck.gl is handed for a layer file (fileRef): its URL in the app, its parsed JSON in a static
// page (until it arrives, what the layer last showed, so a change of zoom band does not blank it).
const lastData = {};  // layer id -> the data it was last handed
function source(id, file) {
  if (!host.inline) return file;
  const data = loaded(file);
  if (data) lastData[id] = data;
  return lastData[id] || [];
}

// The halos drawn: the selected island's rim, the claimant ring, the coastline (wider in projector mode).
function halos() {
  const args = state.args, p = args.present;
  return {selected: args.selected ? haloFile("wide", p ? 2.2 : 1.7) : null, ring: haloFile("wide", p ? 10 / 7 : 1),
          coast: haloFile("narrow", p ? 1.5 : 1)};
}

// The claim features of a kind in force on the pane's day (the same array while the set is the same).
function claimsInForce(pane, kind) {
  const all = loaded(`claims_${kind}.json`);
  if (!all) return null;
  const day = pane.day;
  const valid = all.features.filter((f) => f.properties.t0 <= day && day < f.properties.t1);
  const key = valid.map((f) => f.properties.id).join(" ");
  const entry = pane.claims[kind] || (pane.claims[kind] = {});
  if (key !== entry.key) Object.assign(entry, {key, valid});
  return entry.valid;
}

// Claims, offers, administrative units and treaty lines: outlines over the islands, so switching
// one on or off always changes the picture.
function claimLayer(pane, kind) {
  const style = state.args.claim_styles[kind], data = claimsInForce(pane, kind);
  if (!data) return null;
  return new deck.GeoJsonLayer({
    id: "claims-" + kind, data, stroked: true, filled: false, pickable: false,
    getLineColor: style.colour === "party" ? (f) => f.properties.colour : style.colour,
    lineWidthMinPixels: style.width * (state.args.present ? 1.5 : 1),
  });
}

// The sea (kurils.present.sea): each outline filled in the colour of its zone in force on the
// pane's day. Drawn under the land, which covers the sea's outlines where they cross it.
const seaFeatures = () => (loaded("sea.json") || {features: []}).features;

function seaLayer(pane) {
  const day = pane.day, data = seaFeatures();
  return new deck.GeoJsonLayer({
    id: "sea", data, stroked: false, pickable: false,
    getFillColor: (f) => { const z = logic.zoneAt(f.properties.zones, day); return z ? z.fill : TRANSPARENT; },
    updateTriggers: {getFillColor: day},
  });
}

// The zones in force at a point of the sea on the pane's day (the hover text): for each, what it
// is, the law that declared it and its period, the topmost first; then how they are drawn, once.
function seaText(pane, point) {
  const words = texts().sea || {}, zones = [], notes = new Set();
  for (const f of seaFeatures()) {
    const z = logic.zoneAt(f.properties.zones, pane.day), lines = z && words[z.id];
    if (!lines || !logic.pointInGeometry(point, f.geometry)) continue;
    zones.unshift(lines.slice(0, 3).filter(Boolean).join("\n"));
    notes.add(lines[3]);
  }
  return zones.length ? [...zones, ...notes].join("\n") : "";
}

// Online tiles (an option; needs internet): the view's 256-pixel raster tiles as bitmaps over the
// offline land. deck.gl's TileLayer would need its 0.6 MB geo-layers bundle for this one option.
const tiles = new Map();  // url -> image once loaded; null while loading or after failing (not asked again)
const tileLoads = {loaded: 0, failed: 0};
// None loaded and some failed: the legend says why the sea is bare (in the legend, which the view is kept clear of).
const tilesFailed = () => Boolean(state.args.tiles) && tileLoads.loaded === 0 && tileLoads.failed > 0;

function tileImage(src) {
  if (!tiles.has(src)) {
    if (tiles.size > 400) tiles.clear();
    tiles.set(src, null);
    const image = new Image();
    image.crossOrigin = "anonymous";
    image.onload = () => { tiles.set(src, image); tileLoads.loaded += 1; showAttribution(); redraw(); };
    // No internet, or the server's policy (tools/headers.py) refuses the tile host: the browser says only "error".
    image.onerror = () => { tileLoads.failed += 1; showAttribution(); redraw(); };
    image.src = src;
  }
  return tiles.get(src);
}

// The tiles' credit under the map, once a tile shows.
function showAttribution() {
  const attribution = $("attribution");
  attribution.hidden = !state.args.tiles || tilesFailed();
  attribution.textContent = attribution.hidden ? "" : state.args.text.tiles;
}

// The panes are all the same size (side by side, stacked, or one over the other): the main one's.
const paneSize = () => ({width: main.box.clientWidth, height: main.box.clientHeight});

function mapViewport(view = state.view) {
  return new deck.WebMercatorViewport({...view, ...paneSize()});
}

function tileLayers() {
  const view = state.view;
  const [west, south, east, north] = mapViewport().getBounds();
  const z = Math.max(0, Math.min(19, Math.round(view.zoom + 1)));  // deck.gl's 512-px world at zoom Z = 256-px tiles at Z + 1
  const n = 2 ** z, rad = Math.PI / 180;
  const tx = (lon) => Math.floor((lon + 180) / 360 * n);
  const ty = (lat) => Math.floor((1 - Math.log(Math.tan(lat * rad) + 1 / Math.cos(lat * rad)) / Math.PI) / 2 * n);
  const lon = (x) => x / n * 360 - 180;
  const lat = (y) => Math.atan(Math.sinh(Math.PI * (1 - 2 * y / n))) / rad;
  const list = [];
  for (let x = tx(west); x <= tx(east); x++) {
    for (let y = Math.max(0, ty(north)); y <= Math.min(n - 1, ty(south)); y++) {
      const src = state.args.tiles.replace("{z}", z).replace("{x}", ((x % n) + n) % n).replace("{y}", y);
      const image = tileImage(src);
      if (image) list.push(new deck.BitmapLayer({id: `tile-${z}-${x}-${y}`, image, bounds: [lon(x), lat(y + 1), lon(x + 1), lat(y)]}));
    }
  }
  return list;
}

// The panels on a map in its pixels: the dates (top) and the legends (bottom). Over one map (swipe)
// both panes' panels count; side by side each pane's are where the other's are.
const panel = (e) => (e.offsetWidth ? {x: e.offsetLeft, y: e.offsetTop, width: e.offsetWidth, height: e.offsetHeight} : null);
const panels = (kind) => panes().map((p) => panel(p[kind])).filter(Boolean);

// Where the labels go in the current view: placed by KurilsLabels (priority by area, no overlap,
// never cut at the edge, Habomai as one name when zoomed out); measured in the app's own typeface.
const measure = document.createElement("canvas").getContext("2d");

function labelSize() {
  return state.args.present ? 20 : state.narrow ? 12 : 14;
}

function placeLabels(pane) {
  const args = state.args, {width, height} = paneSize(), labels = texts().labels;
  const reserved = [...panels("legend"), ...panels("stamp")];
  const key = JSON.stringify([state.view, width, height, labels.length, args.lang, labelSize(), reserved]);
  if (key === pane.labelsFor) return pane.labels;
  pane.labelsFor = key;
  const size = labelSize(), vp = mapViewport();
  measure.font = `${args.present ? 700 : 400} ${size}px ${LABEL_FONT}`;
  const candidates = labels.map((l) => {
    const [x, y] = vp.project(l.position);
    return {...l, x, y, width: measure.measureText(l.text).width, height: size};
  });
  pane.labels = KurilsLabels.place(candidates, {width, height, margin: 4}, {reserved, gap: args.present ? 9 : 7});
  return pane.labels;
}

function labelLayer(pane) {
  if (!state.fontsReady) return null;  // deck.gl keeps the glyph atlas of the font it first saw
  const present = state.args.present, data = placeLabels(pane);
  return new deck.TextLayer({
    id: "labels", data, getPosition: (d) => d.position, getText: (d) => d.text, pickable: false,
    getSize: labelSize(), getColor: [20, 20, 20, 255], fontFamily: LABEL_FONT, fontWeight: present ? 700 : 400,
    getTextAnchor: (d) => d.anchor, getAlignmentBaseline: (d) => d.baseline, getPixelOffset: (d) => d.offset,
    characterSet: "auto", outlineWidth: 12, outlineColor: [255, 255, 255, 255],
    fontSettings: {sdf: true, fontSize: 64, buffer: 16, radius: 16},
    updateTriggers: {getPixelOffset: pane.labelsFor, getTextAnchor: pane.labelsFor, getAlignmentBaseline: pane.labelsFor},
  });
}

// Where events happened (kurils.model.places): a dot for each event up to the pane's day, the latest
// event's larger and solid, older ones fading with age, so Play shows them appear and recede.
const MARK_RGB = [25, 25, 25];

// Events with a theme (military, an incident at sea, a leader's visit) are the layer "forces", in
// their own colour; the others the layer "events".
const MARK_LAYERS = {events: {rgb: MARK_RGB, themed: false}, forces: {rgb: [240, 228, 66], themed: true}};

function marksOn(pane, layer) {
  const day = pane.day, k = logic.intervalIndex(state.eventDays, day), latest = k >= 0 ? state.eventDays[k] : -1;
  const drawn = [], themed = MARK_LAYERS[layer].themed;
  for (const m of texts().events || []) {
    if (m.d > day) break;  // oldest first
    if (Boolean(m.theme) !== themed) continue;
    const alpha = logic.markAlpha(day - m.d, m.d === latest);
    for (const p of m.points) drawn.push({m, p, latest: m.d === latest, alpha});
  }
  return drawn;
}

function eventLayer(pane, layer) {
  const present = state.args.present, scale = present ? 1.4 : 1, rgb = MARK_LAYERS[layer].rgb;
  const edge = MARK_LAYERS[layer].themed ? [40, 40, 40] : [255, 255, 255];
  return new deck.ScatterplotLayer({
    id: layer, data: pane.marks[layer], getPosition: (d) => d.p, pickable: !state.measuring,
    radiusUnits: "pixels", getRadius: (d) => (d.latest ? 7 : 5) * scale, stroked: true, lineWidthUnits: "pixels",
    getLineWidth: (d) => (d.latest ? 2 : 1.5) * scale, getFillColor: (d) => [...rgb, d.alpha],
    getLineColor: (d) => [...edge, d.alpha], updateTriggers: {getFillColor: pane.day, getLineColor: pane.day},
  });
}
const isMarkLayer = (id) => id in MARK_LAYERS;

// An event's card, over the map, on a click on its dot: every text set as text; a link only to http(s).
function showCard(m) {
  const card = $("card"), text = state.args.text;
  const line = (tag, cls, content) => { const e = document.createElement(tag); e.className = cls; e.textContent = content; return e; };
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.textContent = "×";
  close.setAttribute("aria-label", text.close);
  close.addEventListener("click", () => { card.hidden = true; });
  const parts = [close, line("div", "title", m.title), line("div", "when", m.when)];
  if (m.where) parts.push(line("div", "where", m.where));
  parts.push(line("p", "summary", m.summary), line("div", "sources-label", text.sources));
  const list = document.createElement("ul");
  for (const s of m.sources) {
    const item = document.createElement("li"), safe = /^https?:\/\//i.test(s.href);
    const title = safe ? document.createElement("a") : document.createElement("span");
    title.textContent = s.title;
    if (safe) { title.href = s.href; title.target = "_blank"; title.rel = "noopener noreferrer"; }
    item.append(title, ` (${s.kind})`);
    list.append(item);
  }
  parts.push(list);
  card.replaceChildren(...parts);
  card.hidden = false;
  card.dataset.event = m.id;
  close.focus();
}

// The distance tool's line and ends (drawn on every pane: they are places, not dates).
function measureLayers() {
  if (!state.ends.length) return [];
  const colour = [20, 20, 20, 255], width = state.args.present ? 3 : 2;
  const list = [new deck.ScatterplotLayer({
    id: "measure-ends", data: state.ends, getPosition: (d) => d, getRadius: width * 3, radiusUnits: "pixels",
    getFillColor: [255, 255, 255, 255], getLineColor: colour, stroked: true, lineWidthMinPixels: width, pickable: false,
  })];
  if (state.ends.length === 2) {
    // A great-circle arc would bend by under a pixel at these distances: a straight segment.
    list.unshift(new deck.LineLayer({
      id: "measure-line", data: [state.ends], getSourcePosition: (d) => d[0], getTargetPosition: (d) => d[1],
      getColor: colour, getWidth: width, widthUnits: "pixels", pickable: false,
    }));
  }
  return list;
}

function layers(pane) {
  const args = state.args, day = pane.day, before = beforeBorders();
  const present = args.present, shown = new Set(args.shown), c = args.colours, halo = halos();
  const islands = islandFeatures(), government = pov();
  const colourAt = (props, prefix) => logic.colourAt(props, prefix, day);
  state.drawnHalos = JSON.stringify(halo);
  const list = [];
  if (!before && shown.has("sea")) list.push(seaLayer(pane));
  // Pickable so that a hover over land is not taken for one over the sea under it.
  list.push(new deck.GeoJsonLayer({id: "land", data: source("land", fileRef("land.json")), stroked: false, pickable: shown.has("sea"), getFillColor: c.land}));
  if (args.tiles) list.push(...tileLayers());
  // The claimant ring and the coastline are polygons buffered a few pixels around each island
  // (kurils.mapdata.halos), not stroked paths: software WebGL draws a path's segments ~10x slower.
  if (halo.selected) {
    // The selected island: a dark rim just outside its claimant ring (a wider halo, drawn first).
    list.push(new deck.GeoJsonLayer({
      id: "selected", data: source("selected", halo.selected), stroked: false, pickable: false,
      getFillColor: (f) => (f.properties.id === args.selected ? c.selected : TRANSPARENT), updateTriggers: {getFillColor: args.selected},
    }));
  }
  if (!before && shown.has("claim")) {
    list.push(new deck.GeoJsonLayer({
      id: "claimants", data: source("claimants", halo.ring), stroked: false, pickable: false,
      getFillColor: (f) => colourAt(f.properties, "r"), updateTriggers: {getFillColor: day},
    }));
  }
  list.push(new deck.GeoJsonLayer({
    id: "coast", data: source("coast", halo.coast), stroked: false, pickable: false,
    getFillColor: (f) => (present || before ? c.outline : colourAt(f.properties, "f")), updateTriggers: {getFillColor: [day, present, before]},
  }));
  list.push(new deck.GeoJsonLayer({
    id: "islands", data: islands, stroked: false, pickable: false,
    getFillColor: (f) => (before ? c.homeland : colourAt(f.properties, "f")), updateTriggers: {getFillColor: [day, before]},
  }));
  if (!before && government) {
    // The chosen government's stated position: stripes in the colour of the state it gives the island to.
    list.push(new deck.GeoJsonLayer({
      id: "position", data: source("position", fileRef(logic.hatchFile(state.zoom, args.hatch_zooms))), stroked: false, pickable: false,
      getFillColor: (f) => logic.periodColour(f.properties["h_" + government], day), updateTriggers: {getFillColor: [day, government]},
    }));
  }
  if (!before) for (const kind of ["admin", "offer", "claim", "boundary"]) if (shown.has(kind)) list.push(claimLayer(pane, kind));
  if (!before) {
    list.push(new deck.GeoJsonLayer({
      id: "pick", data: source("pick", fileRef(`pick_${args.lang}_${toIso(logic.lastAtOrBefore(state.epochDays, day))}.json`)), pickable: true,
      stroked: false, filled: true, getFillColor: TRANSPARENT, autoHighlight: !state.measuring, highlightColor: [255, 255, 255, 90],
    }));
  }
  for (const layer of Object.keys(MARK_LAYERS)) {
    pane.marks[layer] = !before && shown.has(layer) ? marksOn(pane, layer) : [];
    if (pane.marks[layer].length) list.push(eventLayer(pane, layer));
  }
  if (shown.has("labels")) list.push(labelLayer(pane));
  list.push(...measureLayers());
  return list.filter(Boolean);
}

function redraw() {
  for (const pane of panes()) {
    if (!pane.deckgl) continue;
    showLegend(pane);  // first: the labels keep clear of the legend's new size
    pane.drawnDay = pane.day;
    pane.deckgl.setProps({layers: layers(pane)});
  }
}

// The legend in the map's corner: only the fills, rings, stripes and lines drawn on the pane's day.
function legendRows(pane, L) {
  const args = state.args, shown = new Set(args.shown), day = pane.day, government = pov();
  const islands = islandFeatures(), colourAt = (props, prefix) => logic.colourAt(props, prefix, day);
  if (beforeBorders()) return [{kind: "fill", colour: args.colours.homeland, label: L.homeland}];
  const rows = logic.entriesShown(L.fills, islands.map((f) => colourAt(f.properties, "f"))).map((e) => ({kind: "fill", ...e}));
  if (shown.has("claim")) {
    rows.push(...logic.entriesShown(L.rings, islands.map((f) => colourAt(f.properties, "r"))).map((e) => ({kind: "ring", ...e})));
  }
  if (government) {
    const stripes = islands.map((f) => logic.periodColour(f.properties["h_" + government], day));
    rows.push(...logic.entriesShown(L.positions[government], stripes).map((e) => ({kind: "hatch", ...e})));
  }
  for (const [layer, style] of Object.entries(MARK_LAYERS)) {
    if (shown.has(layer) && marksOn(pane, layer).length) rows.push({kind: "dot", colour: style.rgb, label: L.marks[layer]});
  }
  for (const kind of ["boundary", "offer", "claim", "admin"]) {
    const inForce = shown.has(kind) ? claimsInForce(pane, kind) : null;
    if (inForce && inForce.length) {
      const colour = args.claim_styles[kind].colour;
      rows.push({kind: kind === "boundary" ? "line" : "ring", colour: colour === "party" ? inForce[0].properties.colour : colour,
        label: L.lines[kind]});
    }
  }
  if (shown.has("sea")) rows.push(...seaLegendRows(pane, L));
  return rows;
}

// The sea's legend rows on the pane's day: its kinds, in neutral swatches (the states' colours are
// already the islands' rows), so the legend stays short enough for a projector.
function seaLegendRows(pane, L) {
  const keys = new Set(seaFeatures().map((f) => logic.zoneAt(f.properties.zones, pane.day)).filter(Boolean).map((z) => z.legend));
  return Object.entries(L.sea || {}).filter(([key]) => keys.has(key))
    .map(([, entry]) => ({kind: entry.second ? "pair" : "area", ...entry}));
}

const rgbaText = (c) => `rgba(${c.slice(0, 3).map(Number).join(", ")}, ${Number(c[3]) / 255})`;

function swatch(row) {
  const box = document.createElement("span"), [r, g, b] = row.colour.map(Number), rgb = `rgb(${r}, ${g}, ${b})`;
  box.className = "swatch " + row.kind;
  if (row.kind === "fill" || row.kind === "dot") box.style.background = rgb;
  if (row.kind === "area") box.style.background = rgbaText(row.colour);
  if (row.kind === "pair") box.style.background = `linear-gradient(90deg, ${rgbaText(row.colour)} 0 50%, ${rgbaText(row.second)} 50% 100%)`;
  if (row.kind === "ring" || row.kind === "line") box.style.borderColor = rgb;
  if (row.kind === "hatch") box.style.background = `repeating-linear-gradient(135deg, ${rgb} 0 3px, #fff 3px 7px)`;
  return box;
}

const LONG_LEGEND_ROWS = 6;  // beyond this many rows the legend takes a smaller type (map.css, .legend.long)

// Over one map (swipe) one legend serves both days: the compared pane's shows what either day draws.
const oneLegend = () => state.comparing && state.layout === "swipe";

function showLegend(pane) {
  const L = texts().legend, government = pov();
  if (!L) return;
  let rows = legendRows(pane, L);
  if (oneLegend() && pane === other) {
    const seen = new Set(), key = (r) => JSON.stringify([r.kind, r.colour, r.label]);
    rows = [...legendRows(main, L), ...rows].filter((r) => !seen.has(key(r)) && seen.add(key(r)));
  }
  const title = beforeBorders() ? L.title_before : government ? L.title_position[government] : L.title_de_facto;
  const note = beforeBorders() ? "" : government && !rows.some((r) => r.kind === "hatch") ? L.no_stripes[government]
    : government ? "" : L.note_de_facto;
  const tilesNote = tilesFailed() ? state.args.text.tiles_failed : "";
  const key = JSON.stringify([title, note, rows, tilesNote]);
  if (key === pane.legendKey) return;
  pane.legendKey = key;
  const parts = [];
  const line = (cls, text) => { const d = document.createElement("div"); d.className = cls; d.textContent = text; return d; };
  parts.push(line("title", title));
  for (const row of rows) {
    const d = document.createElement("div"), label = document.createElement("span");
    d.className = "row";
    label.textContent = row.label;
    d.append(swatch(row), label);
    parts.push(d);
  }
  if (note) parts.push(line("note", note));
  if (rows.some((r) => r.kind === "area" || r.kind === "pair")) parts.push(line("note", L.sea_note));
  if (tilesNote) parts.push(line("note tiles-failed", tilesNote));
  pane.legend.replaceChildren(...parts);
  pane.legend.classList.toggle("long", rows.length > LONG_LEGEND_ROWS);  // map.css: a smaller type
  for (const p of panes()) p.labelsFor = "";  // the legends' corners are kept free of labels
  keepIslandsClear();
}

const formatDay = (d) => state.dateFormat.format(new Date(state.start + d * logic.DAY_MS));

function showDay(pane) {
  const day = pane.day, control = pane === main ? slider : compareSlider, suffix = pane === main ? "" : "2";
  control.value = String(day);
  const text = formatDay(day);
  pane.dateOut.textContent = state.args.stamp || text;  // a chapter before any border names its period, not a day
  control.setAttribute("aria-valuetext", text);
  const k = logic.intervalIndex(state.eventDays, day);
  const title = texts().event_titles[k];
  pane.eventOut.textContent = k < 0 || !title || beforeBorders() ? "" : `${formatDay(state.eventDays[k])}: ${title}`;
  $("previous" + suffix).disabled = logic.eventStep(state.eventDays, day, -1) === undefined;
  $("next" + suffix).disabled = logic.eventStep(state.eventDays, day, 1) === undefined;
}

function setDay(pane, d, byUser) {
  pane.day = logic.clampDay(d, Number(slider.max));
  showDay(pane);
  redraw();
  if (byUser) scheduleSend();
}

// The report carries the server's count of date moves this map had applied: a report sent before
// a server move arrives after it, and the server can tell it is stale.
function send(pick = null) {
  clearTimeout(state.sendTimer);
  state.sendTimer = null;
  state.lastSent = performance.now();
  const value = {token, seq: ++state.seq, nonce: state.nonce, day: toIso(main.day), pick,
                 compare: state.comparing ? toIso(other.day) : null};
  host.report(value);
}

function scheduleSend() {
  if (!state.playing) {
    clearTimeout(state.sendTimer);
    state.sendTimer = setTimeout(send, SEND_AFTER_MS);
  } else if (!state.sendTimer) {
    state.sendTimer = setTimeout(send, Math.max(0, state.lastSent + PLAY_SEND_EVERY_MS - performance.now()));
  }
}

// Play's next day: the next event (or a year later); back to the start after today.
function nextPlayDay(d) {
  return logic.nextPlayDay(d, {step: state.stepping, events: state.eventDays, max: Number(slider.max), start: state.start});
}

// Called when Play starts, when its timer ends, and after every frame: steps once the current day
// is drawn (or at once where nothing can be drawn) and its pause is over. Play moves the main date.
function playTick() {
  if (!state.playing) return;
  clearTimeout(state.playTimer);
  const painted = main.painted;
  const drawn = state.noWebGL || (painted.length && painted[painted.length - 1][0] === main.day);
  const wait = state.lastStep + state.pause - performance.now();
  if (drawn && wait <= 0) {
    const from = main.day, to = nextPlayDay(from);
    state.lastStep = performance.now();
    state.pause = logic.playPause(from, to, {step: state.stepping, pace: state.pace, events: state.eventDays});
    setDay(main, to, true);
  }
  state.playTimer = setTimeout(playTick, Math.max(state.lastStep + state.pause - performance.now(), 10));
}

function showPlaying() {
  const svg = "http://www.w3.org/2000/svg", playing = state.playing;
  const icon = document.createElementNS(svg, "svg"), use = document.createElementNS(svg, "use");
  icon.setAttribute("class", "icon");
  icon.setAttribute("aria-hidden", "true");
  use.setAttribute("href", playing ? "#i-pause" : "#i-play");
  icon.append(use);
  playButton.replaceChildren(icon, playing ? state.args.text.pause : state.args.text.play);
  playButton.setAttribute("aria-pressed", String(playing));
}

function setPlaying(on) {
  state.playing = on;
  showPlaying();
  if (on) { state.lastStep = 0; state.pause = 0; playTick(); } else { clearTimeout(state.playTimer); send(); }
}

function showTooltip(pane, info) {
  const f = info.object, layer = info.layer && info.layer.id;
  const sea = !f && info.coordinate && state.args.shown.includes("sea") && !beforeBorders() ? seaText(pane, info.coordinate) : "";
  if (state.measuring || !(sea || (f && (layer === "pick" || isMarkLayer(layer))))) { tooltip.hidden = true; return; }
  tooltip.textContent = sea || (isMarkLayer(layer) ? `${f.m.when}: ${f.m.title}` : logic.fillTemplate(state.args.tooltip, f.properties));
  tooltip.hidden = false;
  const box = maps.getBoundingClientRect(), at = pane.box.getBoundingClientRect();
  const x = info.x + at.left - box.left, y = info.y + at.top - box.top;
  tooltip.style.left = Math.max(4, Math.min(x + 14, box.width - tooltip.offsetWidth - 4)) + "px";
  tooltip.style.top = Math.max(4, Math.min(y + 14, box.height - tooltip.offsetHeight - 4)) + "px";
}

function showHint(text) {
  hintBox.textContent = text;
  hintBox.hidden = false;
  clearTimeout(state.hintTimer);
  state.hintTimer = setTimeout(() => { hintBox.hidden = true; }, HINT_MS);
}

function showFailure(text, error) {
  const box = $("failure");
  box.textContent = text;
  box.hidden = false;
  console.error(error);
}

const loadFailed = (error) => showFailure(state.args.text.load_failed, error);

// The distance tool: on, the next two clicks on the map set its ends; a third starts again; Escape
// (or the button again) clears it. The distance is geodesic, on the WGS84 ellipsoid.
function showMeasure() {
  const text = state.args.text, n = state.ends.length;
  rulerButton.setAttribute("aria-pressed", String(state.measuring));
  document.body.classList.toggle("measuring", state.measuring);
  measureBox.hidden = !state.measuring;
  if (!state.measuring) return;
  if (n < 2) { measureBox.textContent = n ? text.measure_second : text.measure_first; return; }
  const metres = logic.geodesicMetres(...state.ends), f = state.numberFormat;
  const result = document.createElement("div"), note = document.createElement("div");
  result.className = "result";
  result.textContent = text.measure_result.replace("{km}", f.format(metres / 1000)).replace("{nmi}", f.format(metres / logic.NAUTICAL_MILE_M));
  note.className = "note";
  note.textContent = text.measure_again;
  measureBox.replaceChildren(result, note);
}

function setMeasuring(on) {
  state.measuring = on;
  state.ends = [];
  tooltip.hidden = true;
  showMeasure();
  redraw();
}

function measureClick(info) {
  if (!info.coordinate) return;
  state.ends = state.ends.length >= 2 ? [info.coordinate] : [...state.ends, info.coordinate];
  showMeasure();
  redraw();
}

// Which panels hide an island in `view`: {stamp, legend} (true where one does).
function panelsOver(view) {
  const vp = mapViewport(view), {width, height} = paneSize(), [west, south, east, north] = state.args.bounds;
  const points = texts().labels.map((l) => vp.project(l.position));
  const over = (kind) => panels(kind).some((box) => !logic.pointsClear(points, [box], 6));
  // The islands the view is for (inside its bounds): each one off the map, or under a panel, hides it.
  const mine = points.filter((_, i) => { const [lon, lat] = texts().labels[i].position; return lon >= west && lon <= east && lat >= south && lat <= north; });
  const outside = mine.filter(([x, y]) => x < 0 || y < 0 || x > width || y > height).length;
  const boxes = [...panels("stamp"), ...panels("legend")];
  const hidden = mine.filter((p) => !logic.pointsClear([p], boxes, 6)).length;
  return {stamp: over("stamp"), legend: over("legend"), outside: outside > 0, cost: outside * 1000 + hidden};
}

const islandsClear = (view) => { const p = panelsOver(view); return !p.stamp && !p.legend && !p.outside; };

// The view that shows the bounds (the chain, or a chapter's islands) in the map's actual size. Where
// a date or a legend would hide an island, the bounds are fitted again into the space beside
// that panel (its sides padded a little more each time), which moves the chain away from it.
function fitView() {
  const args = state.args, {width, height} = paneSize();
  const [west, south, east, north] = args.bounds, [minZoom, maxZoom] = args.zoom_limits;
  const base = Math.round(Math.min(width, height) * 0.04) + 8;
  const padding = {top: base, left: base, right: base, bottom: base};
  let view = null, best = null, bestCost = Infinity, clear = false, plain = null;
  for (let k = 0; k < 12; k++) {
    let fitted;
    try {
      fitted = new deck.WebMercatorViewport({width, height}).fitBounds([[west, south], [east, north]], {padding});
    } catch { break; }  // no room left
    view = {longitude: fitted.longitude, latitude: fitted.latitude, zoom: Math.min(Math.max(fitted.zoom, minZoom), maxZoom), minZoom, maxZoom};
    plain = plain || view;
    const over = panelsOver(view);
    if (over.cost < bestCost) { best = view; bestCost = over.cost; }
    if ((clear = !over.stamp && !over.legend && !over.outside)) break;
    // Pad the sides each panel is on (over one map, the dates sit in two corners, and so do the legends).
    for (const kind of ["stamp", "legend"]) {
      if (!over[kind]) continue;
      for (const box of panels(kind)) {
        padding[box.y < height / 2 ? "top" : "bottom"] += box.height * 0.15;
        padding[box.x < width / 2 ? "left" : "right"] += box.width * 0.15;
      }
    }
  }
  if (!view) return;
  // The chain runs from one corner to the other, so sliding it between the panels often keeps it
  // larger than padding the sides they are on (a tall legend shrank it to a third).
  const slid = view === plain ? null : slideClear(plain, base, clear ? view.zoom : plain.zoom - 2);
  if (slid) [view, clear] = [slid, true];
  // No room beside the panels: the view that hides the fewest islands (under a panel, or off the
  // map, which counts far more), the largest of those.
  if (!clear) view = best;
  state.view = view;
  state.zoom = view.zoom;
  state.fitted = JSON.stringify([args.bounds, width, height, state.comparing && state.layout]);
  for (const pane of panes()) pane.labelsFor = "";
  centreSwipe();
}

// The largest clear view from `plain`'s zoom down to `floor` (exclusive) with the bounds anywhere in
// the pane (`margin` pixels from its sides), the place nearest the plain fit's first; null if none.
function slideClear(plain, margin, floor) {
  const {width, height} = paneSize(), [west, south, east, north] = state.args.bounds, steps = 8;
  for (let zoom = plain.zoom; zoom > floor; zoom -= 0.05) {
    const vp = mapViewport({...plain, zoom});
    const [x0, y0] = vp.project([west, north]), [x1, y1] = vp.project([east, south]);
    const dx = [margin - x0, width - margin - x1], dy = [margin - y0, height - margin - y1];
    if (dx[0] > dx[1] || dy[0] > dy[1]) continue;
    const places = [];
    for (let i = 0; i <= steps; i++) {
      for (let j = 0; j <= steps; j++) places.push([dx[0] + ((dx[1] - dx[0]) * i) / steps, dy[0] + ((dy[1] - dy[0]) * j) / steps]);
    }
    places.sort((a, b) => Math.hypot(...a) - Math.hypot(...b));
    for (const [x, y] of places) {
      const [longitude, latitude] = vp.unproject([width / 2 - x, height / 2 - y]);
      const view = {...plain, longitude, latitude, zoom};
      if (islandsClear(view)) return view;
    }
  }
  return null;
}

// The view as the panes show it: every deck gets the same view, so panning one pans both.
function showView() {
  for (const pane of panes()) if (pane.deckgl) pane.deckgl.setProps({viewState: state.view});
}

// After a legend or the labels changed: fit again if an island is now under a panel (and the
// reader has not moved the map). The view only ever zooms out here, so it settles.
function keepIslandsClear() {
  if (!main.deckgl || state.moved || islandsClear(state.view)) return;
  fitView();
  showView();
}

function createDeck(pane) {
  pane.deckgl = new deck.Deck({
    parent: pane.box,
    viewState: state.view,
    // Page scrolling works over the map: the wheel zooms only with Ctrl (or ⌘), a finger pans only in twos.
    controller: {scrollZoom: true, dragPan: !COARSE_POINTER, dragRotate: false, touchRotate: false, keyboard: false},
    touchAction: COARSE_POINTER ? "pan-y" : "none",
    // No multisampling: without a GPU it nearly doubles a frame. Keep the buffer so a pixel can be read back.
    deviceProps: {webgl: {antialias: false, preserveDrawingBuffer: true}},
    // The screen's pixel ratio as a number: with `true` the canvas stayed at 1x (measured in Chromium
    // with deck.gl 9.4 at ratios 2 and 3), blurring every label on a laptop or phone.
    useDevicePixels: window.devicePixelRatio || 1,
    layers: [],
    onViewStateChange: ({viewState, interactionState}) => {
      state.view = viewState;
      state.zoom = viewState.zoom;
      if (interactionState && Object.values(interactionState).some(Boolean)) state.moved = true;
      showView();
      if (state.args.tiles || JSON.stringify(halos()) !== state.drawnHalos || state.args.shown.includes("labels") || pov()) redraw();
    },
    onHover: (info) => showTooltip(pane, info),
    onClick: (info) => {
      if (state.measuring) measureClick(info);
      else if (info.layer && isMarkLayer(info.layer.id) && info.object) showCard(info.object.m);
      else if (state.args.controls && info.layer && info.layer.id === "pick" && info.object) send(info.object.properties.id);
    },
    onAfterRender: () => {
      const drawnDay = pane.drawnDay, painted = pane.painted;
      if (drawnDay !== null && (!painted.length || painted[painted.length - 1][0] !== drawnDay)) {
        painted.push([drawnDay, performance.now()]);
        if (painted.length > 5000) painted.splice(0, 1000);
      }
      if (state.playing && pane === main) playTick();
    },
    onError: loadFailed,  // a layer file that did not load
    getCursor: ({isHovering, isDragging}) => (state.measuring ? "crosshair" : isDragging ? "grabbing" : isHovering ? "pointer" : "grab"),
  });
  const canvas = pane.deckgl.getCanvas && pane.deckgl.getCanvas();
  if (canvas) canvas.style.background = state.args.colours.sea;  // opaque: over one map, the other pane's canvas is under it
}

// The map's height: it fills the screen below its top, leaving the controls (below it on a phone)
// and `fit.below` pixels in view; in the story it shares the screen with the chapter's text. The
// page is the host's: same origin (Streamlit's component frame), read only.
function hostPage() {
  try {
    const frame = window.frameElement;
    let top = frame.getBoundingClientRect().top;
    for (let e = frame.parentElement; e; e = e.parentElement) top += e.scrollTop;  // where the frame is on the page, scrolled or not
    return {width: window.parent.innerWidth, height: window.parent.innerHeight, top};
  } catch {
    return null;  // not inside the app's page: the server's height
  }
}

// Two maps on a phone are stacked: each gets half the height one map would have.
const stacked = () => state.comparing && state.layout === "side" && state.narrow;

function fitToScreen() {
  const args = state.args, fit = args.fit, page = host.page();
  const screenWidth = page ? page.width : window.innerWidth, screenHeight = page ? page.height : null;
  const top = page ? page.top : 0;
  state.host = page;
  state.narrow = screenWidth < NARROW_PX;
  document.body.classList.toggle("narrow", state.narrow);
  // A narrow map column (a tablet, a side-by-side window): the slider gets its own row.
  document.body.classList.toggle("compact", window.innerWidth < COMPACT_PX);
  document.body.classList.toggle("stacked", stacked());
  const controlsHeight = args.controls ? controls.offsetHeight + (state.comparing ? compareControls.offsetHeight : 0) : 0;
  const height = screenHeight === null ? args.height : state.narrow
    ? logic.fitHeight({screen: screenHeight, top, below: controlsHeight + fit.below, min: fit.min, max: screenHeight * 0.8})
    : logic.fitHeight({screen: screenHeight, top: top + controlsHeight, below: fit.below, min: fit.min, max: fit.max});
  // Stacked, each map gets two fifths of the screen (the controls scroll under them).
  const paneHeight = stacked() && screenHeight !== null ? Math.max(Math.round(screenHeight * 0.4), 220) : height;
  for (const pane of [main, other]) pane.box.style.height = paneHeight + "px";
  host.setHeight(document.body.scrollHeight);
  if (main.deckgl) {
    const {width, height: h} = paneSize();
    const size = JSON.stringify([args.bounds, width, h, state.comparing && state.layout]);
    if (size !== state.fitted && (!state.moved || !state.fitted)) {
      fitView();
      showView();
    }
    showSwipe();
    redraw();
  }
}

// Over one map, the compared day shows right of the handle: its canvas is cut to that side.
function showSwipe() {
  const on = state.comparing && state.layout === "swipe";
  swipe.hidden = !on;
  const canvas = other.deckgl && other.deckgl.getCanvas && other.deckgl.getCanvas();
  const x = Math.round(state.swipeAt * paneSize().width);
  if (canvas) canvas.style.clipPath = on ? `inset(0 0 0 ${x}px)` : "";
  if (!on) return;
  swipe.style.left = x + "px";
  swipe.style.height = paneSize().height + "px";
  swipe.setAttribute("aria-valuenow", String(Math.round(state.swipeAt * 100)));
  swipe.setAttribute("aria-valuetext", `${formatDay(main.day)} | ${formatDay(other.day)}`);
}

function setSwipe(fraction, byUser = true) {
  state.swipeAt = Math.min(Math.max(fraction, 0.05), 0.95);
  state.swipeMoved = state.swipeMoved || byUser;
  showSwipe();
}

// Until the reader moves it, the handle stands at the middle of the chain (the view keeps the chain
// clear of the panels, so it is seldom the middle of the map): half the islands at each date.
function centreSwipe() {
  if (state.swipeMoved || !state.view || !(state.comparing && state.layout === "swipe")) return;
  const [west, south, east, north] = state.args.bounds;
  setSwipe(mapViewport().project([(west + east) / 2, (south + north) / 2])[0] / paneSize().width, false);
}

function options(select, choices, chosen) {
  select.replaceChildren(...Object.entries(choices).map(([value, text]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = text;
    option.selected = value === chosen;
    return option;
  }));
}

// Start or end the comparison (the server's `compare` day), and take its layout.
function showComparing(args) {
  const comparing = Boolean(args.compare), layout = args.layout === "swipe" ? "swipe" : "side";
  const changed = comparing !== state.comparing || layout !== state.layout;
  state.comparing = comparing;
  state.layout = layout;
  other.box.hidden = !comparing;
  compareControls.hidden = !comparing || !args.controls;
  document.body.classList.toggle("comparing", comparing);
  document.body.classList.toggle("swipe", comparing && layout === "swipe");
  if (comparing && !other.deckgl && main.deckgl) { createDeck(other); showView(); }
  if (!comparing && other.deckgl) { other.deckgl.finalize(); other.deckgl = null; other.legendKey = ""; other.drawnDay = null; }
  if (changed) state.fitted = "";
}

function render(next) {
  const boundsChanged = !state.args || JSON.stringify(next.bounds) !== JSON.stringify(state.args.bounds);
  const args = next, wasComparing = state.comparing;
  state.args = args;
  state.start = logic.startMs(args.start);
  state.eventDays = args.events.map(toDay);
  state.epochDays = args.epochs.map(toDay);
  state.stepping = state.stepping || args.step;
  state.dateFormat = new Intl.DateTimeFormat(LOCALES[args.lang] || "en-GB", {dateStyle: "long", timeZone: "UTC"});
  state.numberFormat = new Intl.NumberFormat(LOCALES[args.lang] || "en-GB", {maximumFractionDigits: 1});
  for (const control of [slider, compareSlider]) { control.max = String(toDay(args.max)); control.title = args.text.keys; }
  slider.setAttribute("aria-label", args.text.date);
  compareSlider.setAttribute("aria-label", args.text.compare_date);
  $("compare-label").textContent = args.text.compare_label;
  for (const id of ["previous", "next"]) {
    for (const suffix of ["", "2"]) { $(id + suffix).setAttribute("aria-label", args.text[id]); $(id + suffix).title = args.text[id]; }
  }
  rulerButton.setAttribute("aria-label", args.text.ruler);
  rulerButton.title = args.text.ruler;
  swipe.setAttribute("aria-label", args.text.swipe);
  swipe.title = args.text.swipe;
  if (args.lang !== state.optionsLang) {  // not on every rerun: an open list would close
    state.optionsLang = args.lang;
    options($("stepping"), args.text.steps, state.stepping);
    options($("pace"), args.text.paces, state.pace);
  }
  $("stepping").setAttribute("aria-label", args.text.step);
  $("pace").setAttribute("aria-label", args.text.pace);
  document.body.classList.toggle("present", Boolean(args.present));
  controls.hidden = !args.controls;
  document.documentElement.lang = args.lang;
  for (const pane of [main, other]) pane.box.style.background = args.colours.sea;
  showAttribution();
  if (boundsChanged) { state.moved = false; state.fitted = ""; }
  showComparing(args);
  fitToScreen();
  if (!main.deckgl && !state.noWebGL) {
    // Without WebGL the time controls still work: the server's map in words follows them.
    state.noWebGL = !document.createElement("canvas").getContext("webgl2");
    if (state.noWebGL) showFailure(args.text.no_webgl, "no WebGL2 context");
    else {
      try {
        fitView();
        createDeck(main);
        showComparing(args);
      } catch (e) { state.noWebGL = true; showFailure(args.text.no_webgl, e); }
    }
  }
  // A map without controls shows the server's days; one with controls takes them when the server moved them.
  if (args.nonce !== state.nonce || !args.controls || (state.comparing && !wasComparing)) {
    state.nonce = args.nonce;
    main.day = toDay(args.day);
    if (args.compare) other.day = toDay(args.compare);
  }
  for (const pane of panes()) { pane.legendKey = ""; showDay(pane); }
  showPlaying();
  showMeasure();
  showSwipe();
  redraw();
}

function stepEvent(pane, direction) {
  const target = logic.eventStep(state.eventDays, pane.day, direction);
  if (target !== undefined) setDay(pane, target, true);
}

// A date's slider: a day per arrow key (the range input's own), a year at a time with Page Up /
// Page Down or Shift and an arrow key.
function dateControls(pane, control, suffix) {
  control.addEventListener("input", () => setDay(pane, Number(control.value), true));
  control.addEventListener("keydown", (e) => {
    const back = e.key === "PageDown" || (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowDown"));
    const on = e.key === "PageUp" || (e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowUp"));
    if (!back && !on) return;
    e.preventDefault();
    setDay(pane, logic.addYears(pane.day, on ? 1 : -1, state.start), true);
  });
  $("previous" + suffix).addEventListener("click", () => stepEvent(pane, -1));
  $("next" + suffix).addEventListener("click", () => stepEvent(pane, 1));
}

dateControls(main, slider, "");
dateControls(other, compareSlider, "2");
playButton.addEventListener("click", () => setPlaying(!state.playing));
rulerButton.addEventListener("click", () => setMeasuring(!state.measuring));
document.addEventListener("keydown", (e) => {
  if (e.key !== "Escape") return;
  if (!$("card").hidden) $("card").hidden = true;
  else if (state.measuring) setMeasuring(false);
});
$("stepping").addEventListener("change", (e) => { state.stepping = e.target.value; });
$("pace").addEventListener("change", (e) => { state.pace = e.target.value; });
// The swipe's handle: dragged (mouse, pen or finger), or moved by the arrow keys.
swipe.addEventListener("pointerdown", (e) => { swipe.setPointerCapture(e.pointerId); e.preventDefault(); });
swipe.addEventListener("pointermove", (e) => {
  if (!swipe.hasPointerCapture(e.pointerId)) return;
  const box = main.box.getBoundingClientRect();
  setSwipe((e.clientX - box.left) / box.width);
});
swipe.addEventListener("keydown", (e) => {
  const by = {ArrowLeft: -0.05, ArrowDown: -0.05, ArrowRight: 0.05, ArrowUp: 0.05}[e.key];
  if (by === undefined) return;
  e.preventDefault();
  setSwipe(state.swipeAt + by);
});
maps.addEventListener("mouseleave", () => { tooltip.hidden = true; });
// The wheel over the map scrolls the page (it never reaches deck.gl) unless Ctrl or ⌘ is held.
maps.addEventListener("wheel", (e) => {
  if (e.ctrlKey || e.metaKey || !state.args) return;
  e.stopPropagation();
  showHint(state.args.text.zoom_wheel);
}, {capture: true, passive: true});
maps.addEventListener("touchmove", (e) => {
  if (e.touches.length === 1 && COARSE_POINTER && state.args) showHint(state.args.text.zoom_touch);
}, {passive: true});
// The page around the map settles after the map is drawn (Streamlit draws its elements one by one)
// and changes with the window: the map follows where its top is and how tall the screen is.
setInterval(() => { if (state.args && logic.hostMoved(state.host, host.page())) fitToScreen(); }, 300);
window.addEventListener("resize", () => state.args && fitToScreen());
// The labels wait for their typeface (a few ms: it ships with the app); without it, they use the default.
Promise.all([document.fonts.load(`400 14px ${LABEL_FONT}`, "択捉島Итуруп"), document.fonts.load(`700 20px ${LABEL_FONT}`, "択捉島Итуруп")])
  .catch((e) => console.error(e))
  .finally(() => { state.fontsReady = true; for (const pane of panes()) pane.labelsFor = ""; redraw(); });
host.start((spec) => {
  try { render(spec); } catch (e) { showFailure(state.args ? state.args.text.load_failed : String(e), e); }
});
