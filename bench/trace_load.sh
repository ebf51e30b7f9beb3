# Sourced by bench/serve_load.sh and bench/serve_ab.sh: the trace load both put on a server.
#
#   write_trace_load QUERIES_DIR DIR [PYTHON]
#
# writes DIR/bodies.jsonl (the query articles q*.txt of QUERIES_DIR as JSON trace bodies, one a
# line, front-matter dropped) and DIR/trace.lua, the wrk script that POSTs them in turn to
# /api/v1/trace and prints, when done, one "name value" line each: p50_ms, p90_ms, p99_ms,
# max_ms, requests, non_200.
write_trace_load() {
  local queries=$1 dir=$2 py=${3:-/usr/bin/python3}
  "$py" - "$queries" "$dir/bodies.jsonl" <<'PYEOF'
import json, pathlib, sys
src, out = pathlib.Path(sys.argv[1]), sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for p in sorted(src.glob("q*.txt")):
        text = p.read_text(encoding="utf-8")
        # Drop the front-matter (between "---" lines): the body is the rest.
        if text.startswith("---\n") and "\n---\n" in text[3:]:
            text = text[3:].split("\n---\n", 1)[1]
        f.write(json.dumps({"text": text, "title": p.stem}) + "\n")
PYEOF
  cat >"$dir/trace.lua" <<LUAEOF
-- POSTs each trace body in turn; counts answers that are not 200.
local bodies = {}
for line in io.lines("$dir/bodies.jsonl") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/api/v1/trace", nil, bodies[i])
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("p50_ms %.2f\\np90_ms %.2f\\np99_ms %.2f\\nmax_ms %.2f\\nrequests %d\\nnon_200 %d\\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.errors.status))
end
LUAEOF
}
