// The status map: deck.gl in a Streamlit component (kurils.mapview). The date lives here, so a
// slider move, an event step or a Play step is drawn in the browser with no server round trip; the
// server hears the date afterwards (debounced) for the event card, the map in words and the URL.
// Every text that comes from the data is set with textContent, never as HTML. The pure functions
// (the interval at a day, Play's next day, the halo band for a zoom, …) are in logic.js (KurilsLogic).
"use strict";

const logic = KurilsLogic;
const SEND_AFTER_MS = 120;        // after the last move of the slider: one rerun per pause, not one per day
const PLAY_SEND_EVERY_MS = 1000;  // while playing, the server follows once a second
const PLAY_STEP_MS = 200;         // Play's pace; a step also waits until the last one is drawn
const LOCALES = {en: "en-GB", ja: "ja-JP", ru: "ru-RU"};
const TRANSPARENT = logic.TRANSPARENT;

const $ = (id) => document.getElementById(id);
const slider = $("day"), dateOut = $("date"), playButton = $("play"), mapBox = $("map"), tooltip = $("tooltip");

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
const claims = {};      // kind -> {all: features, key, valid}: `valid` stays the same array while the set is the same

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
  deckgl: null,
  noWebGL: false,
  drawnDay: null,       // the day in the layers last handed to deck.gl
  drawnHalos: "",       // the halo files in them (a zoom change may need others)
  dateFormat: null,
  seq: 0,               // the last message's number
  sendTimer: null,
  lastSent: 0,
  playing: false,
  lastStep: 0,
  playTimer: null,
};

window.kurils = {painted, get day() { return state.day; }, get zoom() { return state.zoom; }, get halos() { return state.drawnHalos; }};
// The browser tests (tests/test_browser.py) call toDay, toIso and nextPlayDay below, and read and set
// the server's arguments as `args` (Play by year).
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

const colourAt = (props, prefix) => logic.colourAt(props, prefix, state.day);

function haloUrl(width, scale) {
  return url(logic.haloFile(width, state.zoom, scale, state.args.halo_zooms));
}

// The halos drawn: the selected island's rim, the claimant ring, the coastline (wider in projector mode).
function halos() {
  const args = state.args, p = args.present;
  return {selected: args.selected ? haloUrl("wide", p ? 2.2 : 1.7) : null, ring: haloUrl("wide", p ? 10 / 7 : 1),
          coast: haloUrl("narrow", p ? 1.5 : 1)};
}

function claimLayer(kind) {
  const style = state.args.claim_styles[kind];
  const entry = claims[kind];
  if (!entry) {
    claims[kind] = {all: null};
    fetch(url(`claims_${kind}.json`))
      .then((r) => { if (!r.ok) throw new Error(`claims_${kind}.json: HTTP ${r.status}`); return r.json(); })
      .then((g) => { claims[kind].all = g.features; redraw(); })
      .catch((e) => { delete claims[kind]; loadFailed(e); });  // asked again at the next redraw
    return null;
  }
  if (!entry.all) return null;
  const day = state.day;
  const valid = entry.all.filter((f) => f.properties.t0 <= day && day < f.properties.t1);
  const key = valid.map((f) => f.properties.id).join(" ");
  if (key !== entry.key) Object.assign(entry, {key, valid});
  return new deck.GeoJsonLayer({
    id: "claims-" + kind, data: entry.valid, stroked: true, filled: false, pickable: false,
    getLineColor: style.colour === "party" ? (f) => f.properties.colour : style.colour, lineWidthMinPixels: style.width,
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

function tileLayers() {
  const view = state.view;
  const viewport = new deck.WebMercatorViewport({...view, width: mapBox.clientWidth, height: mapBox.clientHeight});
  const [west, south, east, north] = viewport.getBounds();
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

function layers() {
  const args = state.args, day = state.day;
  const present = args.present, shown = new Set(args.shown), c = args.colours, files = halos();
  state.drawnHalos = JSON.stringify(files);
  const list = [new deck.GeoJsonLayer({id: "land", data: url("land.json"), stroked: false, getFillColor: c.land})];
  if (args.tiles) list.push(...tileLayers());
  for (const kind of ["admin", "offer", "claim"]) if (shown.has(kind)) list.push(claimLayer(kind));
  // The claimant ring and the coastline are polygons buffered a few pixels around each island
  // (kurils.mapdata.halos), not stroked paths: software WebGL draws a path's segments ~10x slower.
  if (files.selected) {
    // The selected island: a dark rim just outside its claimant ring (a wider halo, drawn first).
    list.push(new deck.GeoJsonLayer({
      id: "selected", data: files.selected, stroked: false, pickable: false,
      getFillColor: (f) => (f.properties.id === args.selected ? c.selected : TRANSPARENT), updateTriggers: {getFillColor: args.selected},
    }));
  }
  list.push(new deck.GeoJsonLayer({
    id: "claimants", data: files.ring, stroked: false, pickable: false,
    getFillColor: (f) => colourAt(f.properties, "r"), updateTriggers: {getFillColor: day},
  }));
  list.push(new deck.GeoJsonLayer({
    id: "coast", data: files.coast, stroked: false, pickable: false,
    getFillColor: (f) => (present ? c.outline : colourAt(f.properties, "f")), updateTriggers: {getFillColor: [day, present]},
  }));
  list.push(new deck.GeoJsonLayer({
    id: "islands", data: url("islands.json"), stroked: false, pickable: false,
    getFillColor: (f) => colourAt(f.properties, "f"), updateTriggers: {getFillColor: day},
  }));
  if (shown.has("boundary")) list.push(claimLayer("boundary"));
  list.push(new deck.GeoJsonLayer({
    id: "pick", data: url(`pick_${args.lang}_${toIso(logic.lastAtOrBefore(state.epochDays, day))}.json`), pickable: true,
    stroked: false, filled: true, getFillColor: TRANSPARENT, autoHighlight: true, highlightColor: [255, 255, 255, 90],
  }));
  if (shown.has("labels")) {
    list.push(new deck.TextLayer({
      id: "labels", data: args.labels, getPosition: (d) => d.position, getText: (d) => d.text, pickable: false,
      getSize: present ? 20 : 13, getColor: present ? [0, 0, 0, 255] : [20, 20, 20, 255], getTextAnchor: "start",
      getPixelOffset: present ? [10, 0] : [8, 0], characterSet: "auto", fontWeight: present ? 700 : "normal",
      outlineWidth: present ? 4 : 3, outlineColor: [255, 255, 255, 255], fontSettings: {sdf: true},
    }));
  }
  return list.filter(Boolean);
}

function redraw() {
  if (!state.deckgl) return;
  state.drawnDay = state.day;
  state.deckgl.setProps({layers: layers()});
}

function showDay() {
  const day = state.day;
  slider.value = String(day);
  const text = state.dateFormat.format(new Date(state.start + day * logic.DAY_MS));
  dateOut.textContent = text;
  slider.setAttribute("aria-valuetext", text);
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
  return logic.nextPlayDay(d, {speed: state.args.speed, events: state.eventDays, max: Number(slider.max), start: state.start});
}

// Called when Play starts, when its timer ends, and after every frame: steps once the current day
// is drawn (or at once where nothing can be drawn) and PLAY_STEP_MS have passed since the last step.
function playTick() {
  if (!state.playing) return;
  clearTimeout(state.playTimer);
  const drawn = state.noWebGL || (painted.length && painted[painted.length - 1][0] === state.day);
  const wait = state.lastStep + PLAY_STEP_MS - performance.now();
  if (drawn && wait <= 0) {
    state.lastStep = performance.now();
    setDay(nextPlayDay(state.day), true);
  }
  if (state.noWebGL || wait > 0) state.playTimer = setTimeout(playTick, Math.max(wait, 10));
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
  if (on) { state.lastStep = 0; playTick(); } else { send(); }
}

function showTooltip(info) {
  const f = info.object;
  if (!f || !info.layer || info.layer.id !== "pick") { tooltip.hidden = true; return; }
  tooltip.textContent = logic.fillTemplate(state.args.tooltip, f.properties);
  tooltip.hidden = false;
  const box = mapBox.getBoundingClientRect();
  tooltip.style.left = Math.min(info.x + 14, box.width - tooltip.offsetWidth - 4) + "px";
  tooltip.style.top = Math.min(info.y + 14, box.height - tooltip.offsetHeight - 4) + "px";
}

function showFailure(text, error) {
  const box = $("failure");
  box.textContent = text;
  box.hidden = false;
  console.error(error);
}

const loadFailed = (error) => showFailure(state.args.text.load_failed, error);

function createDeck() {
  state.view = state.args.view;
  state.zoom = state.view.zoom;
  state.deckgl = new deck.Deck({
    parent: mapBox,
    initialViewState: state.view,
    controller: true,
    // No multisampling: without a GPU it nearly doubles a frame. Keep the buffer so a pixel can be read back.
    deviceProps: {webgl: {antialias: false, preserveDrawingBuffer: true}},
    useDevicePixels: true,
    layers: [],
    onViewStateChange: ({viewState}) => {
      state.view = viewState;
      state.zoom = viewState.zoom;
      if (state.args.tiles || JSON.stringify(halos()) !== state.drawnHalos) redraw();
    },
    onHover: showTooltip,
    onClick: (info) => { if (info.layer && info.layer.id === "pick" && info.object) send(info.object.properties.id); },
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

function render(next) {
  const viewChanged = !state.args || JSON.stringify(next.view) !== JSON.stringify(state.args.view);
  const args = next;
  state.args = args;
  state.start = logic.startMs(args.start);
  state.eventDays = args.events.map(toDay);
  state.epochDays = args.epochs.map(toDay);
  state.dateFormat = new Intl.DateTimeFormat(LOCALES[args.lang] || "en-GB", {dateStyle: "long", timeZone: "UTC"});
  slider.max = String(toDay(args.max));
  slider.setAttribute("aria-label", args.text.date);
  $("previous").setAttribute("aria-label", args.text.previous);
  $("previous").title = args.text.previous;
  $("next").setAttribute("aria-label", args.text.next);
  $("next").title = args.text.next;
  document.body.classList.toggle("present", Boolean(args.present));
  $("controls").hidden = !args.controls;
  document.documentElement.lang = args.lang;
  mapBox.style.height = args.height + "px";
  mapBox.style.background = args.colours.sea;
  const attribution = $("attribution");
  attribution.textContent = args.tiles ? args.text.tiles : "";
  attribution.hidden = !args.tiles;
  if (!state.deckgl && !state.noWebGL) {
    // Without WebGL the time controls still work: the server's map in words follows them.
    state.noWebGL = !document.createElement("canvas").getContext("webgl2");
    if (state.noWebGL) showFailure(args.text.no_webgl, "no WebGL2 context");
    else try { createDeck(); } catch (e) { state.noWebGL = true; showFailure(args.text.no_webgl, e); }
  } else if (state.deckgl && viewChanged) {
    state.view = args.view;
    state.zoom = state.view.zoom;
    state.deckgl.setProps({initialViewState: state.view});
  }
  // A map without controls shows the server's day; one with controls takes it when the server moved it.
  if (args.nonce !== state.nonce || !args.controls) { state.nonce = args.nonce; state.day = toDay(args.day); }
  showPlaying();
  setDay(state.day, false);
  post("streamlit:setFrameHeight", {height: document.body.scrollHeight});
}

function stepEvent(direction) {
  const target = logic.eventStep(state.eventDays, state.day, direction);
  if (target !== undefined) setDay(target, true);
}

slider.addEventListener("input", () => setDay(Number(slider.value), true));
playButton.addEventListener("click", () => setPlaying(!state.playing));
$("previous").addEventListener("click", () => stepEvent(-1));
$("next").addEventListener("click", () => stepEvent(1));
mapBox.addEventListener("mouseleave", () => { tooltip.hidden = true; });
window.addEventListener("message", (event) => {
  if (event.source !== window.parent || event.origin !== location.origin) return;
  if (!event.data || event.data.type !== "streamlit:render") return;
  try { render(event.data.args.spec); } catch (e) { showFailure(state.args ? state.args.text.load_failed : String(e), e); }
});
post("streamlit:componentReady", {apiVersion: 1});
