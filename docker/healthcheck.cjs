// Container health check (Docker HEALTHCHECK; Kubernetes uses its own probes): GET /health/live on the
// management port (MANAGEMENT_PORT, default 9000: the API port answers 404 for it), or a TCP connect to PORT
// for the Clever sandbox, which serves no health endpoint. Exit 0 healthy, 1 not.
'use strict';
const port = Number(process.env.PORT || 3000);
const managementPort = Number(process.env.MANAGEMENT_PORT || 9000);
const done = (ok) => process.exit(ok ? 0 : 1);
setTimeout(() => done(false), 2500).unref();
if (process.env.ROSTER_APP === 'clever-sandbox') {
  require('node:net')
    .connect(port, '127.0.0.1')
    .on('connect', () => done(true))
    .on('error', () => done(false));
} else {
  fetch(`http://127.0.0.1:${managementPort}/health/live`).then(
    (r) => done(r.ok),
    () => done(false),
  );
}
