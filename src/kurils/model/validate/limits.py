"""The validator's structural limits, checked before any expensive parser or rule sees the data.

Each is far above the committed geodata (36 islands, 4 land features, 16 claims; at most 4,279
positions in a feature and 9,143 in a file; JSON 8 levels deep; at most 451 rows and 13 columns in
a table; the longest cell 1,308 characters; the whole folder about 0.85 MB), so real data never
meets them, and low enough that the worst folder they let through is checked in seconds and a
few hundred MB (see the measurements in the issue's closing note). A limit that fires is one
problem line, and the file it fired in is left out of the later stages.
"""

from __future__ import annotations

# Bytes. One file: far above any real layer; stops a pasted raster or a runaway export.
MAX_BYTES = 16 * 1024 * 1024
# The whole folder (every file the descriptor names, read once each): the real folder is ~0.85 MB;
# this lets a 15 MB folder through and stops a descriptor naming many large files.
MAX_FOLDER_BYTES = 20 * 1024 * 1024

# JSON (the descriptor and the GeoJSON layers), counted on the text before it is parsed.
# GeoJSON needs 8 levels (collection, features, feature, geometry, coordinates ×3, position) and
# the descriptor 8; 32 leaves room and keeps every recursive step (json, jsonschema) far from
# Python's recursion limit.
MAX_JSON_DEPTH = 32
# Arrays and objects in one file: the largest layer has ~9,400. A million is ~100 MB once parsed;
# 16 MB of "[]," would be 5 million empty lists (several GB with what follows).
MAX_JSON_CONTAINERS = 1_000_000

# GeoJSON, counted on the parsed data before the JSON Schema and geometry rules.
MAX_FEATURES_PER_LAYER = 2_000  # the largest layer has 36 features; frictionless checks each as a row
MAX_VERTICES_PER_FEATURE = 250_000  # positions of one feature; the largest has 4,279
MAX_VERTICES_PER_FILE = 500_000  # positions of one layer; the largest has 9,143
MAX_PARTS_PER_FEATURE = 10_000  # polygons, rings and lines of one feature; the largest has ~80
MAX_PROPERTIES_PER_FEATURE = 100  # keys of one feature's properties; the widest layer has 9 fields
# Pairs of features whose shapes meet, each checked for shared area: the islands have a handful
# (neighbours that touch); thousands of features piled on one spot would be millions of pairs.
MAX_OVERLAP_PAIRS = 5_000

# CSV tables, counted while reading, before frictionless and the cross-file rules.
MAX_ROWS_PER_TABLE = 5_000  # the largest table (translations.csv) has 451 rows; frictionless checks ~20,000 rows/s
MAX_COLUMNS = 100  # the widest table has 13 columns
MAX_CELL_CHARS = 4_000  # the longest cell has 1,308 characters; a longer one is a problem, still read
# A longer line is refused before parsing: the csv module's default field limit, which a library
# may raise process-wide (frictionless does), so the validator does not depend on it.
MAX_LINE_CHARS = 131_072

# The descriptor's counts (resources, fields, foreign keys, enum values) are bounded by its JSON
# Schema, datapackage.schema.json.

# Problems kept per file and code (after sorting, the first ones; then one line saying more were
# left out). frictionless stops at 1,000 errors a table; the rules that look at every cell or list
# item stop there too, so that 20 MB of "=," or "a;b;c;…" is not millions of problem objects.
MAX_PROBLEMS_PER_CODE = 1_000
# Items in one ';'-separated cell (source_ids, island_ids, …): the longest list has a dozen.
MAX_LIST_ITEMS = 200

# Reports for people (the CLI, the app): the first lines and a count of the rest.
MAX_REPORT_LINES = 200
# Lines of one file reported for a hidden character; the rest are counted in one more line.
MAX_LINE_PROBLEMS = 100
