// The status map: deck.gl in a Streamlit component (kurils.mapview). The date lives here, so a
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
const slider = $("day"), dateOut = $("date"), eventOut = $("event"), playButton = $("play"), mapBox = $("map");
const tooltip = $("tooltip"), legendBox = $("legend"), hintBox = $("hint"), controls = $("controls");

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
const painted = [];     // [day, ms] of every new day drawn: what the benchmark and the tests read
const files = {};       // file name -> {data} (null while loading): the layer files this map fetched itself
const claims = {};      // kind -> {key, valid}: `valid` stays the same array while the set is the same

// Everything that changes while the map is open.
const state = {
  args: null,           // the server's latest arguments (kurils.mapview.spec)
  start: 0,             // day 0 as UTC milliseconds
  day: 0,               // the day shown, in days since day 0
  nonce: null,          // the server's count of its own date moves (kurils.present.datesync), last applied
  eventDays: [],
  epochDays: [],
  zoom: 0,
  view: null,           // the current view state
  fitted: "",           // the bounds and map size the view was last fitted to
  moved: false,         // the reader panned or zoomed: a resize no longer refits the view
  deckgl: null,
  noWebGL: false,
  narrow: false,
  drawnDay: null,       // the day in the layers last handed to deck.gl
  drawnHalos: "",       // the halo files in them (a zoom change may need others)
  labels: [],           // the labels placed for the current view
  labelsFor: "",
  fontsReady: false,
  host: null,           // the page's size and the map's place in it, last fitted to
  optionsLang: null,
  legendKey: "",
  dateFormat: null,
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
};

window.kurils = {
  painted, get day() { return state.day; }, get zoom() { return state.zoom; }, get halos() { return state.drawnHalos; },
  get labels() { return state.labels; }, get view() { return state.view; },
};
// The browser tests (tests/test_browser.py) call toDay, toIso and nextPlayDay below, and read the
// server's arguments as `args`.
Object.defineProperty(window, "args", {get: () => state.args});

function post(type, data) {
  window.parent.postMessage({isStreamlitMessage: true, type, ...data}, location.origin);
}

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
    fetch(url(name))
      .then((r) => { if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`); return r.json(); })
      .then((data) => { files[name] = {data}; state.labelsFor = ""; showDay(); redraw(); keepIslandsClear(); })
      .catch((e) => { delete files[name]; loadFailed(e); });
  }
  return files[name] && files[name].data;
}

const colourAt = (props, prefix) => logic.colourAt(props, prefix, state.day);
const islandFeatures = () => (loaded("islands.json") || {features: []}).features;
// The labels, event titles and legend entries in the map's language (kurils.present.maptext).
const texts = () => loaded(`text_${state.args.lang}.json`) || {labels: [], event_titles: [], legend: null};
const beforeBorders = () => state.args.mode === "before_borders";  // kurils.model.dataset.BEFORE_BORDERS
const pov = () => (state.args.pov === "japan" || state.args.pov === "russia" ? state.args.pov : null);

function haloUrl(width, scale) {
  return url(logic.haloFile(width, state.zoom, scale, state.args.halo_zooms));
}

// The halos drawn: the selected island's rim, the claimant ring, the coastline (wider in projector mode).
function halos() {
  const args = state.args, p = args.present;
  return {selected: args.selected ? haloUrl("wide", p ? 2.2 : 1.7) : null, ring: haloUrl("wide", p ? 10 / 7 : 1),
          coast: haloUrl("narrow", p ? 1.5 : 1)};
}

// The claim features of a kind in force on the day (the same array while the set is the same).
function claimsInForce(kind) {
  const all = loaded(`claims_${kind}.json`);
  if (!all) return null;
  const day = state.day;
  const valid = all.features.filter((f) => f.properties.t0 <= day && day < f.properties.t1);
  const key = valid.map((f) => f.properties.id).join(" ");
  const entry = claims[kind] || (claims[kind] = {});
  if (key !== entry.key) Object.assign(entry, {key, valid});
  return entry.valid;
}

// Claims, offers, administrative units and treaty lines: outlines over the islands, so switching
// one on or off always changes the picture.
function claimLayer(kind) {
  const style = state.args.claim_styles[kind], data = claimsInForce(kind);
  if (!data) return null;
  return new deck.GeoJsonLayer({
    id: "claims-" + kind, data, stroked: true, filled: false, pickable: false,
    getLineColor: style.colour === "party" ? (f) => f.properties.colour : style.colour,
    lineWidthMinPixels: style.width * (state.args.present ? 1.5 : 1),
  });
}

// Online tiles (an option; needs internet): the view's 256-pixel raster tiles as bitmaps over the
// offline land. deck.gl's TileLayer would need its 0.6 MB geo-layers bundle for this one option.
const tiles = new Map();  // url -> image once loaded; null while loading or after failing (not asked again)

function tileImage(src) {
  if (!tiles.has(src)) {
    if (tiles.size > 400) tiles.clear();
    tiles.set(src, null);
    const image = new Image();
    image.crossOrigin = "anonymous";
    image.onload = () => { tiles.set(src, image); redraw(); };
    image.src = src;
  }
  return tiles.get(src);
}

function mapViewport() {
  return new deck.WebMercatorViewport({...state.view, width: mapBox.clientWidth, height: mapBox.clientHeight});
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

// Where the labels go in the current view: placed by KurilsLabels (priority by area, no overlap,
// never cut at the edge, Habomai as one name when zoomed out); measured in the app's own typeface.
const measure = document.createElement("canvas").getContext("2d");

function labelSize() {
  return state.args.present ? 20 : state.narrow ? 12 : 14;
}

function placeLabels() {
  const args = state.args, width = mapBox.clientWidth, height = mapBox.clientHeight, labels = texts().labels;
  const key = JSON.stringify([state.view, width, height, labels.length, args.lang, labelSize()]);
  if (key === state.labelsFor) return state.labels;
  state.labelsFor = key;
  const size = labelSize(), vp = mapViewport();
  measure.font = `${args.present ? 700 : 400} ${size}px ${LABEL_FONT}`;
  const candidates = labels.map((l) => {
    const [x, y] = vp.project(l.position);
    return {...l, x, y, width: measure.measureText(l.text).width, height: size};
  });
  const reserved = [legendBox, $("stamp")].filter((e) => !e.hidden && e.offsetWidth).map((e) => ({
    x: e.offsetLeft, y: e.offsetTop, width: e.offsetWidth, height: e.offsetHeight,
  }));
  state.labels = KurilsLabels.place(candidates, {width, height, margin: 4}, {reserved, gap: args.present ? 9 : 7});
  return state.labels;
}

function labelLayer() {
  if (!state.fontsReady) return null;  // deck.gl keeps the glyph atlas of the font it first saw
  const present = state.args.present;
  return new deck.TextLayer({
    id: "labels", data: placeLabels(), getPosition: (d) => d.position, getText: (d) => d.text, pickable: false,
    getSize: labelSize(), getColor: [20, 20, 20, 255], fontFamily: LABEL_FONT, fontWeight: present ? 700 : 400,
    getTextAnchor: (d) => d.anchor, getAlignmentBaseline: (d) => d.baseline, getPixelOffset: (d) => d.offset,
    characterSet: "auto", outlineWidth: 12, outlineColor: [255, 255, 255, 255],
    fontSettings: {sdf: true, fontSize: 64, buffer: 16, radius: 16},
    updateTriggers: {getPixelOffset: state.labelsFor, getTextAnchor: state.labelsFor, getAlignmentBaseline: state.labelsFor},
  });
}

function layers() {
  const args = state.args, day = state.day, before = beforeBorders();
  const present = args.present, shown = new Set(args.shown), c = args.colours, halo = halos();
  const islands = islandFeatures(), government = pov();
  state.drawnHalos = JSON.stringify(halo);
  const list = [new deck.GeoJsonLayer({id: "land", data: url("land.json"), stroked: false, getFillColor: c.land})];
  if (args.tiles) list.push(...tileLayers());
  // The claimant ring and the coastline are polygons buffered a few pixels around each island
  // (kurils.mapdata.halos), not stroked paths: software WebGL draws a path's segments ~10x slower.
  if (halo.selected) {
    // The selected island: a dark rim just outside its claimant ring (a wider halo, drawn first).
    list.push(new deck.GeoJsonLayer({
      id: "selected", data: halo.selected, stroked: false, pickable: false,
      getFillColor: (f) => (f.properties.id === args.selected ? c.selected : TRANSPARENT), updateTriggers: {getFillColor: args.selected},
    }));
  }
  if (!before && shown.has("claim")) {
    list.push(new deck.GeoJsonLayer({
      id: "claimants", data: halo.ring, stroked: false, pickable: false,
      getFillColor: (f) => colourAt(f.properties, "r"), updateTriggers: {getFillColor: day},
    }));
  }
  list.push(new deck.GeoJsonLayer({
    id: "coast", data: halo.coast, stroked: false, pickable: false,
    getFillColor: (f) => (present || before ? c.outline : colourAt(f.properties, "f")), updateTriggers: {getFillColor: [day, present, before]},
  }));
  list.push(new deck.GeoJsonLayer({
    id: "islands", data: islands, stroked: false, pickable: false,
    getFillColor: (f) => (before ? c.homeland : colourAt(f.properties, "f")), updateTriggers: {getFillColor: [day, before]},
  }));
  if (!before && government) {
    // The chosen government's stated position: stripes in the colour of the state it gives the island to.
    list.push(new deck.GeoJsonLayer({
      id: "position", data: url(logic.hatchFile(state.zoom, args.hatch_zooms)), stroked: false, pickable: false,
      getFillColor: (f) => logic.periodColour(f.properties["h_" + government], day), updateTriggers: {getFillColor: [day, government]},
    }));
  }
  if (!before) for (const kind of ["admin", "offer", "claim", "boundary"]) if (shown.has(kind)) list.push(claimLayer(kind));
  if (!before) {
    list.push(new deck.GeoJsonLayer({
      id: "pick", data: url(`pick_${args.lang}_${toIso(logic.lastAtOrBefore(state.epochDays, day))}.json`), pickable: true,
      stroked: false, filled: true, getFillColor: TRANSPARENT, autoHighlight: true, highlightColor: [255, 255, 255, 90],
    }));
  }
  if (shown.has("labels")) list.push(labelLayer());
  return list.filter(Boolean);
}

function redraw() {
  if (!state.deckgl) return;
  showLegend();  // first: the labels keep clear of the legend's new size
  state.drawnDay = state.day;
  state.deckgl.setProps({layers: layers()});
}

// The legend in the map's corner: only the fills, rings, stripes and lines drawn on this day.
function legendRows(L) {
  const args = state.args, shown = new Set(args.shown), day = state.day, government = pov();
  const islands = islandFeatures();
  if (beforeBorders()) return [{kind: "fill", colour: args.colours.homeland, label: L.homeland}];
  const rows = logic.entriesShown(L.fills, islands.map((f) => colourAt(f.properties, "f"))).map((e) => ({kind: "fill", ...e}));
  if (shown.has("claim")) {
    rows.push(...logic.entriesShown(L.rings, islands.map((f) => colourAt(f.properties, "r"))).map((e) => ({kind: "ring", ...e})));
  }
  if (government) {
    const stripes = islands.map((f) => logic.periodColour(f.properties["h_" + government], day));
    rows.push(...logic.entriesShown(L.positions[government], stripes).map((e) => ({kind: "hatch", ...e})));
  }
  for (const kind of ["boundary", "offer", "claim", "admin"]) {
    const inForce = shown.has(kind) ? claimsInForce(kind) : null;
    if (inForce && inForce.length) {
      const colour = args.claim_styles[kind].colour;
      rows.push({kind: kind === "boundary" ? "line" : "ring", colour: colour === "party" ? inForce[0].properties.colour : colour,
        label: L.lines[kind]});
    }
  }
  return rows;
}

function swatch(row) {
  const box = document.createElement("span"), [r, g, b] = row.colour.map(Number), rgb = `rgb(${r}, ${g}, ${b})`;
  box.className = "swatch " + row.kind;
  if (row.kind === "fill") box.style.background = rgb;
  if (row.kind === "ring" || row.kind === "line") box.style.borderColor = rgb;
  if (row.kind === "hatch") box.style.background = `repeating-linear-gradient(135deg, ${rgb} 0 3px, #fff 3px 7px)`;
  return box;
}

function showLegend() {
  const L = texts().legend, government = pov();
  if (!L) return;
  const rows = legendRows(L);
  const title = beforeBorders() ? L.title_before : government ? L.title_position[government] : L.title_de_facto;
  const note = beforeBorders() ? "" : government && !rows.some((r) => r.kind === "hatch") ? L.no_stripes[government]
    : government ? "" : L.note_de_facto;
  const key = JSON.stringify([title, note, rows]);
  if (key === state.legendKey) return;
  state.legendKey = key;
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
  legendBox.replaceChildren(...parts);
  state.labelsFor = "";  // the legend's corner is kept free of labels
  keepIslandsClear();
}

function showDay() {
  const day = state.day;
  slider.value = String(day);
  const text = state.dateFormat.format(new Date(state.start + day * logic.DAY_MS));
  dateOut.textContent = state.args.stamp || text;  // a chapter before any border names its period, not a day
  slider.setAttribute("aria-valuetext", text);
  const k = logic.intervalIndex(state.eventDays, day);
  const title = texts().event_titles[k];
  eventOut.textContent = k < 0 || !title || beforeBorders() ? ""
    : `${state.dateFormat.format(new Date(state.start + state.eventDays[k] * logic.DAY_MS))}: ${title}`;
  $("previous").disabled = logic.eventStep(state.eventDays, day, -1) === undefined;
  $("next").disabled = logic.eventStep(state.eventDays, day, 1) === undefined;
}

function setDay(d, byUser) {
  state.day = logic.clampDay(d, Number(slider.max));
  showDay();
  redraw();
  if (byUser) scheduleSend();
}

// The report carries the server's count of date moves this map had applied: a report sent before
// a server move arrives after it, and the server can tell it is stale.
function send(pick = null) {
  clearTimeout(state.sendTimer);
  state.sendTimer = null;
  state.lastSent = performance.now();
  post("streamlit:setComponentValue",
    {value: {token, seq: ++state.seq, nonce: state.nonce, day: toIso(state.day), pick}, dataType: "json"});
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
// is drawn (or at once where nothing can be drawn) and its pause is over.
function playTick() {
  if (!state.playing) return;
  clearTimeout(state.playTimer);
  const drawn = state.noWebGL || (painted.length && painted[painted.length - 1][0] === state.day);
  const wait = state.lastStep + state.pause - performance.now();
  if (drawn && wait <= 0) {
    const from = state.day, to = nextPlayDay(from);
    state.lastStep = performance.now();
    state.pause = logic.playPause(from, to, {step: state.stepping, pace: state.pace, events: state.eventDays});
    setDay(to, true);
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

function showTooltip(info) {
  const f = info.object;
  if (!f || !info.layer || info.layer.id !== "pick") { tooltip.hidden = true; return; }
  tooltip.textContent = logic.fillTemplate(state.args.tooltip, f.properties);
  tooltip.hidden = false;
  const box = mapBox.getBoundingClientRect();
  tooltip.style.left = Math.max(4, Math.min(info.x + 14, box.width - tooltip.offsetWidth - 4)) + "px";
  tooltip.style.top = Math.max(4, Math.min(info.y + 14, box.height - tooltip.offsetHeight - 4)) + "px";
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

// The panels on the map in the map's pixels: the date (top left) and the legend (bottom right).
const panel = (e) => (e.offsetWidth ? {x: e.offsetLeft, y: e.offsetTop, width: e.offsetWidth, height: e.offsetHeight} : null);

// Which panels hide an island in `view`: {stamp, legend} (true where one does).
function panelsOver(view) {
  const vp = new deck.WebMercatorViewport({...view, width: mapBox.clientWidth, height: mapBox.clientHeight});
  const points = texts().labels.map((l) => vp.project(l.position));
  const over = (e) => { const box = panel(e); return Boolean(box) && !logic.pointsClear(points, [box], 6); };
  return {stamp: over($("stamp")), legend: over(legendBox)};
}

const islandsClear = (view) => { const p = panelsOver(view); return !p.stamp && !p.legend; };

// The view that shows the bounds (the chain, or a chapter's islands) in the map's actual size. Where
// the date or the legend would hide an island, the bounds are fitted again into the space beside
// that panel (its sides padded a little more each time), which moves the chain away from it.
function fitView() {
  const args = state.args, width = mapBox.clientWidth, height = mapBox.clientHeight;
  const [west, south, east, north] = args.bounds, [minZoom, maxZoom] = args.zoom_limits;
  const base = Math.round(Math.min(width, height) * 0.04) + 8;
  const padding = {top: base, left: base, right: base, bottom: base};
  let view = null;
  for (let k = 0; k < 12; k++) {
    let fitted;
    try {
      fitted = new deck.WebMercatorViewport({width, height}).fitBounds([[west, south], [east, north]], {padding});
    } catch { break; }  // no room left: keep the last view
    view = {longitude: fitted.longitude, latitude: fitted.latitude, zoom: Math.min(Math.max(fitted.zoom, minZoom), maxZoom), minZoom, maxZoom};
    const over = panelsOver(view), stamp = panel($("stamp")), legend = panel(legendBox);
    if (!over.stamp && !over.legend) break;
    if (over.stamp) { padding.top += stamp.height * 0.15; padding.left += stamp.width * 0.15; }
    if (over.legend) { padding.bottom += legend.height * 0.15; padding.right += legend.width * 0.15; }
  }
  state.view = view;
  state.zoom = view.zoom;
  state.fitted = JSON.stringify([args.bounds, width, height]);
  state.labelsFor = "";
}

// After the legend or the labels changed: fit again if an island is now under a panel (and the
// reader has not moved the map). The view only ever zooms out here, so it settles.
function keepIslandsClear() {
  if (!state.deckgl || state.moved || islandsClear(state.view)) return;
  fitView();
  state.deckgl.setProps({initialViewState: state.view});
}

function createDeck() {
  fitView();
  state.deckgl = new deck.Deck({
    parent: mapBox,
    initialViewState: state.view,
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
      if (state.args.tiles || JSON.stringify(halos()) !== state.drawnHalos || state.args.shown.includes("labels") || pov()) redraw();
    },
    onHover: showTooltip,
    onClick: (info) => { if (state.args.controls && info.layer && info.layer.id === "pick" && info.object) send(info.object.properties.id); },
    onAfterRender: () => {
      const drawnDay = state.drawnDay;
      if (drawnDay !== null && (!painted.length || painted[painted.length - 1][0] !== drawnDay)) {
        painted.push([drawnDay, performance.now()]);
        if (painted.length > 5000) painted.splice(0, 1000);
      }
      if (state.playing) playTick();
    },
    onError: loadFailed,  // a layer file that did not load
    getCursor: ({isHovering, isDragging}) => (isDragging ? "grabbing" : isHovering ? "pointer" : "grab"),
  });
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

function fitToScreen() {
  const args = state.args, fit = args.fit, host = hostPage();
  const screenWidth = host ? host.width : window.innerWidth, screenHeight = host ? host.height : null;
  const top = host ? host.top : 0;
  state.host = host;
  state.narrow = screenWidth < NARROW_PX;
  document.body.classList.toggle("narrow", state.narrow);
  // A narrow map column (a tablet, a side-by-side window): the slider gets its own row.
  document.body.classList.toggle("compact", window.innerWidth < COMPACT_PX);
  const controlsHeight = args.controls ? controls.offsetHeight : 0;
  const height = screenHeight === null ? args.height : state.narrow
    ? logic.fitHeight({screen: screenHeight, top, below: controlsHeight + fit.below, min: fit.min, max: screenHeight * 0.8})
    : logic.fitHeight({screen: screenHeight, top: top + controlsHeight, below: fit.below, min: fit.min, max: fit.max});
  mapBox.style.height = height + "px";
  post("streamlit:setFrameHeight", {height: document.body.scrollHeight});
  if (state.deckgl) {
    const size = JSON.stringify([args.bounds, mapBox.clientWidth, mapBox.clientHeight]);
    if (size !== state.fitted && (!state.moved || !state.fitted)) {
      fitView();
      state.deckgl.setProps({initialViewState: state.view});
    }
    redraw();
  }
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

function render(next) {
  const boundsChanged = !state.args || JSON.stringify(next.bounds) !== JSON.stringify(state.args.bounds);
  const args = next;
  state.args = args;
  state.start = logic.startMs(args.start);
  state.eventDays = args.events.map(toDay);
  state.epochDays = args.epochs.map(toDay);
  state.stepping = state.stepping || args.step;
  state.dateFormat = new Intl.DateTimeFormat(LOCALES[args.lang] || "en-GB", {dateStyle: "long", timeZone: "UTC"});
  slider.max = String(toDay(args.max));
  slider.setAttribute("aria-label", args.text.date);
  slider.title = args.text.keys;
  for (const id of ["previous", "next"]) { $(id).setAttribute("aria-label", args.text[id]); $(id).title = args.text[id]; }
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
  mapBox.style.background = args.colours.sea;
  const attribution = $("attribution");
  attribution.textContent = args.tiles ? args.text.tiles : "";
  attribution.hidden = !args.tiles;
  if (boundsChanged) { state.moved = false; state.fitted = ""; }
  fitToScreen();
  if (!state.deckgl && !state.noWebGL) {
    // Without WebGL the time controls still work: the server's map in words follows them.
    state.noWebGL = !document.createElement("canvas").getContext("webgl2");
    if (state.noWebGL) showFailure(args.text.no_webgl, "no WebGL2 context");
    else try { createDeck(); } catch (e) { state.noWebGL = true; showFailure(args.text.no_webgl, e); }
  }
  // A map without controls shows the server's day; one with controls takes it when the server moved it.
  if (args.nonce !== state.nonce || !args.controls) { state.nonce = args.nonce; state.day = toDay(args.day); }
  state.legendKey = "";
  showPlaying();
  setDay(state.day, false);
}

function stepEvent(direction) {
  const target = logic.eventStep(state.eventDays, state.day, direction);
  if (target !== undefined) setDay(target, true);
}

slider.addEventListener("input", () => setDay(Number(slider.value), true));
// A year at a time from the keyboard: Page Up / Page Down, or Shift with an arrow key.
slider.addEventListener("keydown", (e) => {
  const back = e.key === "PageDown" || (e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowDown"));
  const on = e.key === "PageUp" || (e.shiftKey && (e.key === "ArrowRight" || e.key === "ArrowUp"));
  if (!back && !on) return;
  e.preventDefault();
  setDay(logic.addYears(state.day, on ? 1 : -1, state.start), true);
});
playButton.addEventListener("click", () => setPlaying(!state.playing));
$("previous").addEventListener("click", () => stepEvent(-1));
$("next").addEventListener("click", () => stepEvent(1));
$("stepping").addEventListener("change", (e) => { state.stepping = e.target.value; });
$("pace").addEventListener("change", (e) => { state.pace = e.target.value; });
mapBox.addEventListener("mouseleave", () => { tooltip.hidden = true; });
// The wheel over the map scrolls the page (it never reaches deck.gl) unless Ctrl or ⌘ is held.
mapBox.addEventListener("wheel", (e) => {
  if (e.ctrlKey || e.metaKey || !state.args) return;
  e.stopPropagation();
  showHint(state.args.text.zoom_wheel);
}, {capture: true, passive: true});
mapBox.addEventListener("touchmove", (e) => {
  if (e.touches.length === 1 && COARSE_POINTER && state.args) showHint(state.args.text.zoom_touch);
}, {passive: true});
// The page around the map settles after the map is drawn (Streamlit draws its elements one by one)
// and changes with the window: the map follows where its top is and how tall the screen is.
setInterval(() => { if (state.args && logic.hostMoved(state.host, hostPage())) fitToScreen(); }, 300);
window.addEventListener("resize", () => state.args && fitToScreen());
// The labels wait for their typeface (a few ms: it ships with the app); without it, they use the default.
Promise.all([document.fonts.load(`400 14px ${LABEL_FONT}`, "択捉島Итуруп"), document.fonts.load(`700 20px ${LABEL_FONT}`, "択捉島Итуруп")])
  .catch((e) => console.error(e))
  .finally(() => { state.fontsReady = true; state.labelsFor = ""; redraw(); });
window.addEventListener("message", (event) => {
  if (event.source !== window.parent || event.origin !== location.origin) return;
  if (!event.data || event.data.type !== "streamlit:render") return;
  try { render(event.data.args.spec); } catch (e) { showFailure(state.args ? state.args.text.load_failed : String(e), e); }
});
post("streamlit:componentReady", {apiVersion: 1});
