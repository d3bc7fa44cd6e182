// The status map's pure functions: no DOM, no deck.gl, no state of their own, so a test runs them
// in a blank page (tests/test_frontend_logic.py) against the same tables of cases (tests/cases/)
// as the Python they mirror. A classic script, loaded before map.js: it defines one global,
// KurilsLogic. Day numbers count days since the atlas starts (1855-02-07 is day 0,
// kurils.present.mapdata.day_number); `start` below is that day as UTC milliseconds.
/* exported KurilsLogic */
"use strict";

const KurilsLogic = (() => {
  const DAY_MS = 86400000;
  const TRANSPARENT = [0, 0, 0, 0];

  // Day 0 (an ISO date) as UTC milliseconds.
  const startMs = (iso) => Date.parse(iso + "T00:00:00Z");
  const toDay = (iso, start) => Math.round((Date.parse(iso + "T00:00:00Z") - start) / DAY_MS);
  const toIso = (day, start) => new Date(start + day * DAY_MS).toISOString().slice(0, 10);

  // The interval lookup: the index of the last start on or before `day` (-1 if none); `starts` are
  // ascending day numbers. The same as kurils.model.timeline.index_at (Python's bisect_right - 1).
  function intervalIndex(starts, day) {
    let lo = 0, hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid] <= day) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  // An island feature carries its whole history: end day e<k>, fill f<k>, claimant ring r<k> of its
  // k-th interval (kurils.mapdata.islands_with_history). Interval 0 starts at day 0 and interval k+1
  // where interval k ends; after the last end there is no interval (and no colour). The starts are
  // made once per feature: the map asks for every feature on every day it draws.
  const startsCache = new WeakMap();
  function featureStarts(props) {
    let starts = startsCache.get(props);
    if (!starts) {
      starts = [0];
      for (let k = 0; props["e" + k] !== undefined; k++) starts.push(props["e" + k]);
      startsCache.set(props, starts);
    }
    return starts;
  }

  const intervalAt = (props, day) => intervalIndex(featureStarts(props), day);

  // The colour of a feature's interval at `day`: prefix "f" its fill, "r" its claimant ring.
  const colourAt = (props, prefix, day) => props[prefix + intervalAt(props, day)] || TRANSPARENT;

  // The last of ascending `days` on or before `d` (the first of them if none is).
  const lastAtOrBefore = (days, d) => days[Math.max(0, intervalIndex(days, d))];

  // A move of the slider (or a day from the server), kept whole and between day 0 and `max`.
  const clampDay = (d, max) => Math.min(Math.max(Math.round(d), 0), max);

  // The event an event step goes to from `day`: the next (direction > 0) or the previous one;
  // undefined if there is none that way.
  const eventStep = (events, day, direction) =>
    direction > 0 ? events.find((e) => e > day) : events.filter((e) => e < day).pop();

  // The same date `years` later (or earlier); 29 February goes to 28 February.
  function addYears(day, years, start) {
    const t = new Date(start + day * DAY_MS);
    const date = t.getUTCMonth() === 1 && t.getUTCDate() === 29 ? 28 : t.getUTCDate();
    return Math.round((Date.UTC(t.getUTCFullYear() + years, t.getUTCMonth(), date) - start) / DAY_MS);
  }

  // Play's next day after `day`: the next event (step "event") or the same date a year later
  // (step "year", which shows `max`, today, before it loops); past `max`, back to day 0.
  function nextPlayDay(day, {step, events, max, start}) {
    const next = step === "year" ? addYears(day, 1, start) : events.find((e) => e > day);
    if (step === "year" && next > max && day < max) return max;
    return next !== undefined && next <= max ? next : 0;
  }

  // How long Play shows a day before the next step, in ms: long enough to read the event's title on
  // the map at "slow", and longer on a year step that passed an event (the pause on a key event).
  const PACES = Object.freeze({
    slow: {event: 4500, year: 1500, held: 4500},
    normal: {event: 2500, year: 700, held: 2500},
    fast: {event: 900, year: 200, held: 900},
  });
  function playPause(from, to, {step, pace, events}) {
    const p = PACES[pace] || PACES.normal;
    if (step !== "year") return p.event;
    return events.some((e) => e > from && e <= to) ? p.held : p.year;
  }

  // The colour of [[first day, end day, colour], ...] at `day` (a stated position's hatching).
  function periodColour(periods, day) {
    for (const [t0, t1, colour] of periods || []) if (t0 <= day && day < t1) return colour;
    return TRANSPARENT;
  }

  // The legend's entries ({colour, label}) whose colour is drawn: only what the map shows that day.
  function entriesShown(entries, colours) {
    const key = (c) => c.slice(0, 3).join(",");
    const drawn = new Set(colours.filter((c) => c[3] > 0).map(key));
    return entries.filter((e) => drawn.has(key(e.colour)));
  }

  // Whether the page around the map changed enough to fit the map again: its width or the map's place,
  // or its height by more than a phone's address bar (which comes and goes while the page scrolls).
  const hostMoved = (was, now) => !was || !now ? was !== now
    : was.width !== now.width || Math.abs(was.top - now.top) > 1 || Math.abs(was.height - now.height) > 120;

  // Whether no point ([x, y] on screen) lies under a panel ({x, y, width, height}, with `margin`
  // around it): the date and the legend must never hide an island.
  const pointsClear = (points, panels, margin) => points.every(([x, y]) => !panels.some((b) =>
    x >= b.x - margin && x <= b.x + b.width + margin && y >= b.y - margin && y <= b.y + b.height + margin));

  // The map's height: the screen below the map's top, less what must stay in view under it.
  const fitHeight = ({screen, top, below, min, max}) => Math.round(Math.min(Math.max(screen - top - below, min), max));

  // A halo file is drawn `w` pixels wide at its zoom band b; at zoom z it shows w * 2^(z - b) pixels.
  // The band that shows about `scale` times w at `zoom`: the nearest of `bands` (ascending, from
  // kurils.present.mapdata.HALO_ZOOMS, half steps; the static build keeps whole steps), a tie going
  // to the higher; and its file name (mapdata.halo_file).
  function haloBand(zoom, scale, bands) {
    const target = zoom - Math.log2(scale);
    return bands.reduce((best, b) => (Math.abs(b - target) <= Math.abs(best - target) ? b : best));
  }

  const haloFile = (width, zoom, scale, bands) => `halo_${width}_${haloBand(zoom, scale, bands)}.json`;

  // The stripes of a stated position drawn about as wide at `zoom` as at their band (mapdata.hatch_file).
  const hatchFile = (zoom, bands) => `hatch_${haloBand(zoom, 1, bands)}.json`;

  // The hover text: the translated template's {placeholders} filled from the feature's properties in
  // one pass, so a value that looks like a placeholder stays as it is. The map shows it as text.
  const fillTemplate = (template, props) => template.replace(/\{(\w+)\}/g, (_, k) => (props[k] ?? "").toString());

  // The geodesic distance in metres between two [lon, lat] points on the WGS84 ellipsoid (Vincenty's
  // inverse formula, which agrees with pyproj's Geod to well under a millimetre at these distances);
  // null where it does not converge (nearly antipodal points, never on this map).
  const WGS84 = Object.freeze({a: 6378137, f: 1 / 298.257223563});
  function geodesicMetres([lon1, lat1], [lon2, lat2]) {
    const {a, f} = WGS84, b = a * (1 - f), rad = Math.PI / 180;
    const L = (lon2 - lon1) * rad;
    const U1 = Math.atan((1 - f) * Math.tan(lat1 * rad)), U2 = Math.atan((1 - f) * Math.tan(lat2 * rad));
    const sinU1 = Math.sin(U1), cosU1 = Math.cos(U1), sinU2 = Math.sin(U2), cosU2 = Math.cos(U2);
    let lambda = L;
    for (let i = 0; i < 200; i++) {
      const sinL = Math.sin(lambda), cosL = Math.cos(lambda);
      const sinSigma = Math.hypot(cosU2 * sinL, cosU1 * sinU2 - sinU1 * cosU2 * cosL);
      if (sinSigma === 0) return 0;
      const cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL, sigma = Math.atan2(sinSigma, cosSigma);
      const sinAlpha = cosU1 * cosU2 * sinL / sinSigma, cos2Alpha = 1 - sinAlpha * sinAlpha;
      const cos2SigmaM = cos2Alpha ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
      const C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
      const previous = lambda;
      lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (2 * cos2SigmaM ** 2 - 1)));
      if (Math.abs(lambda - previous) < 1e-12) {
        const u2 = cos2Alpha * (a * a - b * b) / (b * b);
        const A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
        const B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
        const deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (2 * cos2SigmaM ** 2 - 1)
          - B / 6 * cos2SigmaM * (4 * sinSigma ** 2 - 3) * (4 * cos2SigmaM ** 2 - 3)));
        return b * A * (sigma - deltaSigma);
      }
    }
    return null;
  }

  const NAUTICAL_MILE_M = 1852;

  // An event dot's opacity (0-255) `age` days after the event: the latest event's solid; older ones
  // halve every four years, never below a trace, so a century of events stays readable.
  const markAlpha = (age, latest) => (latest ? 255 : Math.round(255 * Math.max(0.2, 0.5 ** (age / 365.25 / 4))));

  // Whether a point [lon, lat] lies inside a GeoJSON Polygon or MultiPolygon (even-odd rule over
  // every ring, so a hole is outside), as shapely's `contains` says for points off the boundary.
  function pointInGeometry(point, geometry) {
    const [x, y] = point;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    let inside = false;
    for (const rings of polygons) {
      for (const ring of rings) {
        for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
          const [xi, yi] = ring[i], [xj, yj] = ring[j];
          if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
      }
    }
    return inside;
  }

  // The zone of a sea feature in force on `day` (kurils.present.sea.browser_layer: the zones drawn
  // with one outline follow each other in time), or null.
  const zoneAt = (zones, day) => zones.find((z) => z.t0 <= day && day < z.t1) || null;

  return Object.freeze({
    DAY_MS, TRANSPARENT, startMs, toDay, toIso, intervalIndex, featureStarts, intervalAt, colourAt,
    lastAtOrBefore, clampDay, eventStep, addYears, nextPlayDay, PACES, playPause, periodColour, entriesShown,
    fitHeight, hostMoved, pointsClear, haloBand, haloFile, hatchFile, fillTemplate, geodesicMetres, NAUTICAL_MILE_M, markAlpha,
    pointInGeometry, zoneAt,
  });
})();
