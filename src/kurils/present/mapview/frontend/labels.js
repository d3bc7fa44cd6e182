// Where the island labels go: a pure function over screen pixels (no DOM, no deck.gl), so a test runs
// it in a blank page (tests/test_labels.py, cases in tests/cases/labels.json). A classic script, loaded
// before map.js: it defines one global, KurilsLabels.
//
// place(candidates, viewport, options) takes each label's point, already projected to CSS pixels, and
// its measured text size; it returns the labels that fit, each with where its text goes. The rules, as
// a cartographer would place them by hand:
// - the larger island first (priority = area in km²), so a small rock never pushes out a large island's name;
// - beside its point to the right, else left, else above, else below (the order of reading);
// - only where the whole label, halo included, lies inside the map minus a margin (never cut at the edge),
//   off every label already placed and off every reserved box (the legend, the controls); else hidden;
// - a group (the Habomai islets) is named once, by its group candidate, while its islets lie within
//   `groupSpread` pixels of one another (zoomed out, where ten names could not fit anyway); zoomed in,
//   the islets are named one by one and the group's name is left out.
/* exported KurilsLabels */
"use strict";

const KurilsLabels = (() => {
  const DEFAULTS = Object.freeze({gap: 6, pad: 3, margin: 4, groupSpread: 120, reserved: []});

  // The sides tried in turn, and what deck.gl's TextLayer needs to draw the text there
  // (getTextAnchor, getAlignmentBaseline; the pixel offset is computed from the gap).
  const SIDES = Object.freeze([
    {side: "right", anchor: "start", baseline: "center"},
    {side: "left", anchor: "end", baseline: "center"},
    {side: "above", anchor: "middle", baseline: "bottom"},
    {side: "below", anchor: "middle", baseline: "top"},
  ]);

  // The text's rectangle on one side of its point, and the offset that puts it there (y grows downward,
  // as in deck.gl's getPixelOffset).
  function textBox(c, side, gap) {
    const {x, y, width: w, height: h} = c;
    if (side === "right") return {x: x + gap, y: y - h / 2, width: w, height: h, offset: [gap, 0]};
    if (side === "left") return {x: x - gap - w, y: y - h / 2, width: w, height: h, offset: [-gap, 0]};
    if (side === "above") return {x: x - w / 2, y: y - gap - h, width: w, height: h, offset: [0, -gap]};
    return {x: x - w / 2, y: y + gap, width: w, height: h, offset: [0, gap]};
  }

  const grow = (b, pad) => ({x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad});

  // Boxes that only touch do not overlap.
  const overlaps = (a, b) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  const inside = (b, vp, margin) =>
    b.x >= margin && b.y >= margin && b.x + b.width <= vp.width - margin && b.y + b.height <= vp.height - margin;

  // The groups whose members' points all lie within `spread` pixels (the longer side of their bounding
  // box): those are named by their group candidate alone.
  function collapsedGroups(candidates, spread) {
    const extent = new Map();
    for (const c of candidates) {
      if (!c.group || c.isGroup) continue;
      const e = extent.get(c.group) || {x0: c.x, x1: c.x, y0: c.y, y1: c.y};
      extent.set(c.group, {
        x0: Math.min(e.x0, c.x), x1: Math.max(e.x1, c.x), y0: Math.min(e.y0, c.y), y1: Math.max(e.y1, c.y),
      });
    }
    const collapsed = new Set();
    for (const [group, e] of extent) if (Math.max(e.x1 - e.x0, e.y1 - e.y0) < spread) collapsed.add(group);
    return collapsed;
  }

  // candidates: [{id, text, x, y, width, height, priority, group?, isGroup?, ...}] in CSS pixels: (x, y) the
  //   label point, width × height the text as drawn (font size × line height tall); other fields pass through.
  // viewport: {width, height, margin?}. options: {gap, pad, margin, groupSpread, reserved: [{x, y, width, height}]}
  //   gap: pixels between the point and the text; pad: the clearance kept around a text (its halo and air).
  // Returns the placed labels, larger first: each candidate's fields plus side ("right" | "left" | "above" |
  // "below"), anchor ("start" | "end" | "middle"), baseline ("center" | "bottom" | "top"), offset [dx, dy]
  // and box (the rectangle kept clear, padding included).
  function place(candidates, viewport, options = {}) {
    const o = {...DEFAULTS, ...options};
    const margin = viewport.margin ?? o.margin;
    const collapsed = collapsedGroups(candidates, o.groupSpread);
    const shown = candidates.filter((c) => !c.group || collapsed.has(c.group) === Boolean(c.isGroup));
    // Array.prototype.sort is stable: equal priorities keep the input's order, so the result is the same every time.
    const order = shown.slice().sort((a, b) => b.priority - a.priority);
    const taken = o.reserved.map((b) => ({...b}));
    const placed = [];
    for (const c of order) {
      // A name whose island is off the map would name the wrong thing.
      if (!(c.x >= 0 && c.y >= 0 && c.x <= viewport.width && c.y <= viewport.height)) continue;
      for (const s of SIDES) {
        const text = textBox(c, s.side, o.gap);
        const box = grow(text, o.pad);
        if (inside(box, viewport, margin) && !taken.some((t) => overlaps(box, t))) {
          taken.push(box);
          placed.push({...c, side: s.side, anchor: s.anchor, baseline: s.baseline, offset: text.offset, box});
          break;
        }
      }
    }
    return placed;
  }

  return Object.freeze({DEFAULTS, SIDES, place, overlaps});
})();
