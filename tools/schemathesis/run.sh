#!/usr/bin/env bash
# A bounded Schemathesis run (PyPI, pinned in tools/schemathesis/requirements.txt) against a running embedded
# instance (`npm start`, demo district synced), signed in as the demo district's admin with a dev token. Fails on
# any 5xx or any answer that breaks the published OpenAPI document (docs/openapi.json, served at /api/openapi.json).
# Called by .ci/run; runnable by hand:
#
#   bash tools/schemathesis/run.sh                      # 30 examples per operation (SCHEMATHESIS_EXAMPLES)
#
# The instance runs from a temporary data directory and is stopped by its PID, also on failure. The sign-out routes
# are left out: they would revoke the token the run uses (their behaviour is tested in the gateway's own tests).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
venv="$repo_root/.tools/schemathesis-venv"
requirements="$here/requirements.txt"
stamp="$venv/.roster-requirements"
examples="${SCHEMATHESIS_EXAMPLES:-30}"

want="$(sha256sum "$requirements" | cut -c1-64)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! "$venv/bin/schemathesis" --version >/dev/null 2>&1; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install -q --no-deps -r "$requirements"
  echo "$want" >"$stamp"
fi

work_dir="$(mktemp -d -t roster-schemathesis-XXXXXX)"
chmod 755 "$work_dir" # PostgreSQL runs as its own user when we are root: it must reach the data directory
data_dir="$work_dir/data" # --reset empties it: the log lives beside it
log="$work_dir/embedded.log"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work_dir"
}
trap stop EXIT

cd "$repo_root"
npm run build --silent
# The fuzzer sends thousands of requests as one caller: the rate limit would answer most of them with 429.
PORT="$port" ROSTER_DATA_DIR="$data_dir" LOG_LEVEL=warn RATE_LIMIT_PER_MINUTE=1000000 node dist/apps/embedded/src/main.js --reset >"$log" 2>&1 &
pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do
  grep -q "first sync complete" "$log" && break
  kill -0 "$pid" 2>/dev/null || { echo "schemathesis: the embedded instance exited:" >&2; tail -40 "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q "first sync complete" "$log" || { echo "schemathesis: the demo district did not sync in 120 s" >&2; tail -40 "$log" >&2; exit 1; }

token="$(node -e '
  const base = process.argv[1];
  (async () => {
    const users = await (await fetch(`${base}/api/v1/auth/dev-users`)).json();
    const admin = users.data.find((u) => u.roles.includes("district_admin"));
    const res = await fetch(`${base}/api/v1/auth/dev-login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ accountId: admin.accountId }) });
    if (!res.ok) throw new Error(`dev-login ${res.status}`);
    console.log((await res.json()).token);
  })().catch((e) => { console.error(e.message); process.exit(1); });
' "$base")"

"$venv/bin/schemathesis" run "$base/api/openapi.json" --url "$base" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
  --exclude-path-regex 'logout' \
  --max-examples "$examples" --seed 19 --no-color --request-timeout 20
