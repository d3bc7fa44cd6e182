// ESLint for the map component's frontend: plain browser scripts, no build step, loaded in this order
// by its index.html: deck.gl (vendor/, fetched, not ours: not linted), logic.js (defines KurilsLogic),
// map.js. Run from the checkout: `npx eslint src/kurils/present/mapview/frontend eslint.config.js`.
"use strict";

const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  {ignores: ["**/vendor/**", "node_modules/**", ".venv/**", "build/**", "static/**"]},
  {
    files: ["src/kurils/present/mapview/frontend/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {...globals.browser, deck: "readonly"},
    },
    linterOptions: {reportUnusedDisableDirectives: "error"},
  },
  // logic.js defines KurilsLogic and labels.js KurilsLabels (each says so with /* exported */); map.js uses them.
  {files: ["src/kurils/present/mapview/frontend/map.js"], languageOptions: {globals: {KurilsLogic: "readonly", KurilsLabels: "readonly"}}},
  {
    files: ["eslint.config.js"],
    ...js.configs.recommended,
    languageOptions: {ecmaVersion: 2022, sourceType: "commonjs", globals: globals.node},
  },
];
