"""Print the median server time (ms) of AppTest reruns of a Streamlit script, each after moving its
date one day: by its slider (`key` names a slider) or, on the map page, by the value the map
component reports when its own slider moves (`key` names the component). Run by `kurils bench` (a
separate process keeps streamlit out of kurils)."""

import datetime as dt
import statistics
import sys
import time

from streamlit.testing.v1 import AppTest

script, key, moves = sys.argv[1], sys.argv[2], int(sys.argv[3])
params = dict(arg.split("=", 1) for arg in sys.argv[4:])
BEFORE, AFTER = dt.date(1945, 8, 27), dt.date(1945, 8, 28)

at = AppTest.from_file(script, default_timeout=60)
for k, v in params.items():
    at.query_params[k] = v
at.run()
times = []
sliders = [s for s in at.slider if s.key == key]
for i in range(moves):
    day = AFTER if i % 2 == 0 else BEFORE
    if sliders:
        sliders[0].set_value(day)
    else:
        at.session_state[key] = {"token": "bench", "seq": i + 1, "nonce": 0, "day": day.isoformat(), "pick": None}
    start = time.perf_counter()
    at.run()
    times.append((time.perf_counter() - start) * 1000)
    if at.exception:
        sys.exit(f"{script} raised: {at.exception[0].value}")
print(statistics.median(times[1:] if len(times) > 2 else times))
