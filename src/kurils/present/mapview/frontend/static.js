// The map's host in the static build (kurils export-site): a page of its own, opened from file://
// or any static host, with no server behind it. Loaded before map.js, it hands map.js its spec
// (kurils.present.mapview.spec, written by kurils.builders.site), supplies the layer files, and hears
// the map's reports: the event of the day, the map in words and the address's #date follow the map.
//
// The layer files are scripts (data/<name>.js, each calling kurilsFile(name, data)): a page opened from
// file:// cannot fetch, but it can load a script from its own folder. Every text from the data is set
// with textContent, never as HTML.
"use strict";

(() => {
  const files = {};  // name -> {promise, resolve, reject, asked}
  const entry = (name) => {
    if (!files[name]) {
      const e = files[name] = {asked: false};
      e.promise = new Promise((resolve, reject) => { e.resolve = resolve; e.reject = reject; });
    }
    return files[name];
  };
  // A data script calls this with its file's parsed JSON.
  window.kurilsFile = (name, data) => { entry(name).value = data; entry(name).resolve(data); };

  // A file of the build, its script added to the page once; names are plain (no path, no scheme).
  function script(name) {
    const e = entry(name);
    if (!e.asked) {
      e.asked = true;
      if (!/^[\w.-]+$/.test(name)) { e.reject(new Error("not a file of this build: " + name)); return e.promise; }
      const tag = document.createElement("script");
      tag.src = "data/" + name + ".js";
      tag.onerror = () => e.reject(new Error(name + ": missing from this copy"));
      document.head.append(tag);
    }
    return e.promise;
  }

  // An island's hover shapes are the same on every date: the build writes them once (pick_shapes) and
  // each language's properties per status epoch once (pick_<lang>); a pick file is put together here.
  const PICK = /^pick_([a-z]{2})_(\d{4}-\d\d-\d\d)\.json$/;
  const made = {};
  function json(name) {
    if (!made[name]) {
      const pick = PICK.exec(name);
      made[name] = pick
        ? Promise.all([script("pick_shapes"), script("pick_" + pick[1])]).then(([shapes, epochs]) => ({
          type: "FeatureCollection",
          features: epochs[pick[2]].map((properties) => ({type: "Feature", properties, geometry: shapes[properties.id]})),
        }))
        : script(name.replace(/\.json$/, ""));
      made[name].catch(() => { delete made[name]; });
    }
    return made[name];
  }

  const $ = (id) => document.getElementById(id);
  // The page's own data (spec, events, the map in words): its script comes after this one, before map.js.
  const site = () => entry(document.documentElement.dataset.site).value;
  let render = null, spec = null, dateFormat = null;

  const dayMs = (iso) => Date.parse(iso + "T00:00:00Z");
  const formatDay = (iso) => dateFormat.format(new Date(dayMs(iso)));
  // The last of `list` (ascending ISO dates in {d}) on or before `iso`, or null.
  const lastOnOrBefore = (list, iso) => { let found = null; for (const x of list) { if (x.d <= iso) found = x; else break; } return found; };
  const element = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; e.textContent = text; return e; };

  // The latest event on or before the day, with its sources (a link only to http(s)).
  function showEvent(iso) {
    const box = $("site-event"), event = lastOnOrBefore(site().events, iso), text = site().text;
    if (!event) { box.replaceChildren(); return; }
    const parts = [element("p", "heading", text.event_heading.split("{day}").join(formatDay(iso))),
      element("h3", "title", event.title), element("p", "when", event.when), element("p", "summary", event.summary)];
    if (event.where) parts.push(element("p", "where", event.where));
    parts.push(element("p", "islands", event.islands), element("p", "sources-label", text.sources));
    const list = document.createElement("ul");
    for (const s of event.sources) {
      const item = document.createElement("li"), safe = /^https?:\/\//i.test(s.href);
      const title = element(safe ? "a" : "span", "", s.title);
      if (safe) { title.href = s.href; title.rel = "noopener noreferrer"; }
      item.append(title, s.note ? ` (${s.note})` : "");
      list.append(item);
    }
    parts.push(list);
    box.replaceChildren(...parts);
    box.dataset.event = event.id;
  }

  // The map in words for the day: the status epoch's sentences around the day's date.
  function showWords(iso) {
    const words = lastOnOrBefore(site().words, iso);
    $("site-words").textContent = words ? words.before + formatDay(iso) + words.after : "";
  }

  // The day in the address (#date=…), so a view can be linked; the language links keep it.
  function showDay(iso) {
    showEvent(iso);
    showWords(iso);
    const hash = "#date=" + iso;
    if (location.hash !== hash) history.replaceState(null, "", hash);
    for (const link of document.querySelectorAll("a[data-lang]")) link.hash = hash;
  }

  function dayFromAddress(limits = spec) {
    const m = /^#date=(\d{4}-\d\d-\d\d)$/.exec(location.hash);
    return m && m[1] >= limits.start && m[1] <= limits.max && !Number.isNaN(dayMs(m[1])) ? m[1] : null;
  }

  // Move the map to a day from this page (a chapter's button): a move of the host, as the server's in the app.
  function moveTo(iso) {
    spec = {...spec, day: iso, nonce: spec.nonce + 1};
    render(spec);
    showDay(iso);
  }

  window.KurilsStaticHost = {
    inline: true,  // deck.gl is handed the parsed JSON
    json,
    start(renderSpec) {
      render = renderSpec;
      const data = site();
      dateFormat = new Intl.DateTimeFormat(data.locale, {dateStyle: "long", timeZone: "UTC"});
      spec = {...data.spec, day: dayFromAddress(data.spec) || data.spec.day};
      render(spec);
      showDay(spec.day);
      for (const button of document.querySelectorAll("button[data-day]")) {
        button.addEventListener("click", () => { moveTo(button.dataset.day); $("frame").scrollIntoView({behavior: "smooth"}); });
      }
      window.addEventListener("hashchange", () => { const iso = dayFromAddress(); if (iso) moveTo(iso); });
    },
    report(value) { if (typeof value.day === "string") showDay(value.day); },
    setHeight() {},  // the page scrolls; nothing to tell
    // The screen and the map's top on the page: the map fills the screen below its top.
    page() {
      const frame = $("frame");
      return {width: window.innerWidth, height: window.innerHeight, top: frame.getBoundingClientRect().top + window.scrollY};
    },
  };
})();
