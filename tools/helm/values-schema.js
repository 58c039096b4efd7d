#!/usr/bin/env node
/*
 * Source of deploy/helm/roster/values.schema.json (JSON Schema 2020-12, as Helm 3.22 validates it).
 *
 *   node tools/helm/values-schema.js           rewrite values.schema.json
 *   node tools/helm/values-schema.js --check   exit 1 when the committed file differs (the chart spec checks it too)
 *
 * Written as code because JSON Schema cannot compare two values: "consumer replicas <= kafka.topics.partitions"
 * becomes one if/then branch per allowed partition count (1..MAX_PARTITIONS), generated below. Everything else is
 * the plain schema: unknown keys are rejected everywhere (a typo fails instead of being ignored), AUTH_MODE can only
 * be "clever", every service must name its existingSecret, secret-bearing variables cannot be set inline, and the
 * pod security settings cannot be weakened.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SCHEMA_FILE = path.join(__dirname, '../../deploy/helm/roster/values.schema.json');
const MAX_PARTITIONS = 64;
/** Lowest uid/gid the pods may run as (kube-score and checkov flag lower ids: they may map to host accounts). */
const MIN_ID = 10000;
const KAFKA_SERVICES = ['ingestion', 'identity', 'classes'];

/** Variables the chart sets itself, or that carry credentials: never accepted in an `env` map. */
const MANAGED_ENV = [
  'AUTH_MODE',
  'PROCESS_ROLES',
  'PORT',
  'HOST',
  'NODE_ENV',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_TOPIC_PREFIX',
  'NODE_EXTRA_CA_CERTS',
  'CLEVER_CLIENT_ID',
  'CLEVER_CLIENT_SECRET',
  'CLEVER_API_BASE_URL',
  'CLEVER_OAUTH_BASE_URL',
  'CLEVER_API_VERSION',
  'INTERNAL_AUTH_SECRET',
  'SESSION_SECRET',
  'PUBLIC_BASE_URL',
  'IDENTITY_URL',
  'CLASSES_URL',
  'INGESTION_URL',
  'TOPIC_PARTITIONS',
  'TOPIC_REPLICATION_FACTOR',
  'TOPIC_RETENTION_MS',
  'TOPIC_SEGMENT_MS',
];
/** Any other name that looks like a credential. */
const SECRET_LIKE_ENV = '(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)';
/** A URL with user:password@ in it. */
const URL_WITH_CREDENTIALS = '://[^/\\s:@]+:[^/\\s@]*@';

const ref = (name) => ({ $ref: `#/$defs/${name}` });
const obj = (properties, required = Object.keys(properties)) => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
const bool = { type: 'boolean' };
const str = { type: 'string' };
const int = (minimum, maximum) => ({ type: 'integer', minimum, ...(maximum === undefined ? {} : { maximum }) });
const ifThen = (comment, cond, then) => ({ $comment: comment, if: cond, then });

function secretKeys(names) {
  return obj(Object.fromEntries(names.map((n) => [n, ref('nonEmptyString')])));
}

/** existingSecret must name a Secret whenever the service is enabled. */
const secretRequiredWhenEnabled = ifThen(
  'an enabled service reads its credentials from existingSecret',
  { properties: { enabled: { const: true } } },
  { properties: { existingSecret: ref('secretName') } },
);

function kafkaService(secretNames, extra = {}) {
  return {
    ...obj({
      enabled: bool,
      existingSecret: str,
      secretKeys: secretKeys(secretNames),
      kafkaSaslExistingSecret: { anyOf: [{ const: '' }, ref('secretName')] },
      ...extra,
      env: ref('env'),
      api: ref('apiWorkload'),
      consumer: ref('consumerWorkload'),
      relay: ref('relayWorkload'),
    }),
    allOf: [secretRequiredWhenEnabled],
  };
}

function partitionBounds() {
  const within = {};
  const replicasWithin = {};
  const branches = [];
  for (let p = 1; p <= MAX_PARTITIONS; p++) {
    replicasWithin[p] = {
      properties: { replicas: { maximum: p }, autoscaling: { properties: { maxReplicas: { maximum: p } } } },
    };
    within[p] = {
      properties: { consumer: ref(`replicasWithin/${p}`) },
      if: { properties: { consumer: { properties: { enabled: { const: false } } } } },
      then: { properties: { api: ref(`replicasWithin/${p}`) } },
    };
    branches.push({
      $comment: `generated: with ${p} partition(s), at most ${p} consumer replicas`,
      if: { properties: { kafka: { properties: { topics: { properties: { partitions: { const: p } } } } } } },
      then: { properties: Object.fromEntries(KAFKA_SERVICES.map((s) => [s, ref(`within/${p}`)])) },
    });
  }
  return { within, replicasWithin, branches };
}

function buildValuesSchema() {
  const bounds = partitionBounds();
  const defs = {
    nonEmptyString: { type: 'string', minLength: 1 },
    secretName: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
    httpsUrl: { type: 'string', pattern: '^https://[^\\s/$.?#][^\\s]*$' },
    quantity: { type: ['string', 'number'], pattern: '^[0-9]+(\\.[0-9]+)?(m|k|Ki|Mi|Gi|Ti|M|G|T)?$' },
    stringMap: { type: 'object', additionalProperties: { type: 'string' } },
    env: {
      $comment:
        'extra non-secret variables; chart-managed and credential-like names are refused: credentials come from existingSecret only',
      type: 'object',
      propertyNames: {
        allOf: [
          { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
          { not: { enum: MANAGED_ENV } },
          { not: { pattern: SECRET_LIKE_ENV } },
        ],
      },
      additionalProperties: {
        type: ['string', 'number', 'boolean'],
        not: { type: 'string', pattern: URL_WITH_CREDENTIALS },
      },
    },
    resources: {
      $comment: 'every container requests and is limited in cpu, memory and ephemeral-storage',
      ...obj({
        requests: obj({ cpu: ref('quantity'), memory: ref('quantity'), 'ephemeral-storage': ref('quantity') }),
        limits: obj({ cpu: ref('quantity'), memory: ref('quantity'), 'ephemeral-storage': ref('quantity') }),
      }),
    },
    id: {
      $comment: 'uid/gid of the pods: at least 10000, above the range of accounts on a node (the image runs as 10001)',
      ...int(MIN_ID),
    },
    autoscaling: obj({
      enabled: bool,
      minReplicas: int(1),
      maxReplicas: int(1),
      targetCPUUtilizationPercentage: int(1, 100),
    }),
    pdb: obj({
      enabled: bool,
      maxUnavailable: { anyOf: [int(1), { type: 'string', pattern: '^[0-9]{1,3}%$' }] },
    }),
    apiWorkload: obj({
      replicas: int(0),
      resources: ref('resources'),
      autoscaling: ref('autoscaling'),
      pdb: ref('pdb'),
    }),
    consumerWorkload: obj({
      enabled: bool,
      replicas: int(0),
      resources: ref('resources'),
      autoscaling: ref('autoscaling'),
      pdb: ref('pdb'),
    }),
    relayWorkload: {
      $comment: 'one active relay per service (advisory lock): 1 replica, or 2 with an idle standby; never autoscaled',
      ...obj({ enabled: bool, replicas: int(1, 2), resources: ref('resources'), pdb: ref('pdb') }),
    },
    probe: obj(
      {
        initialDelaySeconds: int(0),
        periodSeconds: int(1),
        timeoutSeconds: int(1),
        failureThreshold: int(1),
        successThreshold: int(1),
      },
      [],
    ),
    peers: {
      type: 'array',
      items: obj(
        {
          ipBlock: obj({ cidr: ref('nonEmptyString'), except: { type: 'array', items: str } }, ['cidr']),
          namespaceSelector: { type: 'object' },
          podSelector: { type: 'object' },
        },
        [],
      ),
    },
    ports: { type: 'array', minItems: 1, items: int(1, 65535) },
    within: bounds.within,
    replicasWithin: bounds.replicasWithin,
  };

  const properties = {
    nameOverride: { type: 'string', maxLength: 30 },
    fullnameOverride: { type: 'string', maxLength: 30 },
    image: obj(
      {
        registry: str,
        repository: ref('nonEmptyString'),
        tag: {
          $comment: 'required and immutable: "latest" is refused',
          type: 'string',
          minLength: 1,
          pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
          not: { const: 'latest' },
        },
        digest: { anyOf: [{ const: '' }, { type: 'string', pattern: '^sha256:[a-f0-9]{64}$' }] },
        pullPolicy: { enum: ['IfNotPresent', 'Always', 'Never'] },
      },
      ['repository', 'tag', 'pullPolicy'],
    ),
    imagePullSecrets: { type: 'array', items: ref('secretName') },
    auth: obj({ mode: { $comment: 'AUTH_MODE=dev is for embedded mode only', const: 'clever' } }),
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] },
    kafka: {
      ...obj({
        brokers: { type: 'string', pattern: '^[^,\\s:]+:[0-9]+(,[^,\\s:]+:[0-9]+)*$' },
        clientIdPrefix: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$' },
        topicPrefix: { type: 'string', pattern: '^[a-zA-Z0-9._-]*$' },
        ssl: bool,
        tls: obj({ existingCaSecret: str, caKey: ref('nonEmptyString') }),
        sasl: obj({
          mechanism: { enum: ['', 'plain', 'scram-sha-256', 'scram-sha-512'] },
          existingSecret: str,
          usernameKey: ref('nonEmptyString'),
          passwordKey: ref('nonEmptyString'),
        }),
        topics: obj({
          partitions: int(1, MAX_PARTITIONS),
          replicationFactor: int(1, 5),
          // Every topic carries ids of people: a finite retention is required (docs/privacy.md), at most a year.
          retentionMs: int(3600000, 31536000000),
          segmentMs: int(600000, 31536000000),
          provision: obj({
            enabled: bool,
            app: { enum: ['clever-ingestion', 'identity', 'classes'] },
            activeDeadlineSeconds: int(30),
            backoffLimit: int(0, 10),
            resources: ref('resources'),
          }),
        }),
      }),
      allOf: [
        ifThen(
          'SASL credentials come from a Secret',
          { properties: { sasl: { properties: { mechanism: { enum: ['plain', 'scram-sha-256', 'scram-sha-512'] } } } } },
          { properties: { sasl: { properties: { existingSecret: ref('secretName') } } } },
        ),
        ifThen(
          'SASL/PLAIN sends the password as is: only over TLS',
          { properties: { sasl: { properties: { mechanism: { const: 'plain' } } } } },
          { properties: { ssl: { const: true } } },
        ),
        ifThen(
          'a broker CA only makes sense with TLS',
          { properties: { tls: { properties: { existingCaSecret: { minLength: 1 } } } } },
          { properties: { ssl: { const: true } } },
        ),
      ],
    },
    clever: obj({
      apiBaseUrl: ref('httpsUrl'),
      oauthBaseUrl: ref('httpsUrl'),
      apiVersion: { enum: ['v3.0', 'v3.1'] },
      eventsPollIntervalMs: int(1000),
      fullSyncCron: { type: 'string', pattern: '^\\S+( \\S+){4}$' },
      tokenMissingGraceMs: int(0),
    }),
    migrations: obj({
      enabled: bool,
      activeDeadlineSeconds: int(30),
      backoffLimit: int(0, 10),
      resources: ref('resources'),
    }),
    hooks: obj({ serviceAccountName: str }),
    purge: obj({
      district: { type: 'string', pattern: '^([A-Za-z0-9_-]{1,64})?$' },
      dryRun: bool,
      purgeId: { type: 'string', pattern: '^([A-Za-z0-9_-]{1,64})?$' },
      operator: ref('nonEmptyString'),
      app: { enum: ['clever-ingestion', 'identity', 'classes'] },
      certificates: obj({ existingClaim: str }),
      timeoutSeconds: int(30),
      activeDeadlineSeconds: int(60),
      resources: ref('resources'),
    }),
    serviceAccount: obj({ create: bool, name: str, annotations: ref('stringMap') }),
    podSecurityContext: {
      $comment: 'non-root is required; other fields pass through to the pod spec',
      type: 'object',
      required: ['runAsNonRoot'],
      properties: {
        runAsNonRoot: { const: true },
        runAsUser: ref('id'),
        runAsGroup: ref('id'),
        fsGroup: ref('id'),
      },
    },
    containerSecurityContext: {
      $comment: 'non-root, read-only root filesystem, no privilege escalation, not privileged, all capabilities dropped',
      type: 'object',
      required: ['runAsNonRoot', 'allowPrivilegeEscalation', 'readOnlyRootFilesystem', 'capabilities'],
      properties: {
        runAsNonRoot: { const: true },
        runAsUser: ref('id'),
        runAsGroup: ref('id'),
        allowPrivilegeEscalation: { const: false },
        readOnlyRootFilesystem: { const: true },
        privileged: { const: false },
        capabilities: obj({ drop: { type: 'array', contains: { const: 'ALL' } }, add: { type: 'array', maxItems: 0 } }, [
          'drop',
        ]),
      },
    },
    terminationGracePeriodSeconds: int(10, 600),
    preStopSleepSeconds: int(0, 60),
    probes: obj({ startup: ref('probe'), liveness: ref('probe'), readiness: ref('probe') }),
    nodeSelector: ref('stringMap'),
    tolerations: { type: 'array', items: { type: 'object' } },
    affinity: { type: 'object' },
    topologySpread: bool,
    podAnnotations: ref('stringMap'),
    podLabels: ref('stringMap'),
    ingestion: kafkaService(['DATABASE_URL', 'CLEVER_CLIENT_ID', 'CLEVER_CLIENT_SECRET', 'INTERNAL_AUTH_SECRET']),
    identity: kafkaService(['DATABASE_URL', 'INTERNAL_AUTH_SECRET']),
    classes: kafkaService(['DATABASE_URL', 'INTERNAL_AUTH_SECRET'], {
      courseCatalog: obj({ json: str, existingConfigMap: str, key: ref('nonEmptyString') }),
    }),
    gateway: {
      ...obj({
        enabled: bool,
        existingSecret: str,
        secretKeys: secretKeys(['INTERNAL_AUTH_SECRET', 'SESSION_SECRET', 'CLEVER_CLIENT_ID', 'CLEVER_CLIENT_SECRET']),
        publicBaseUrl: ref('httpsUrl'),
        env: ref('env'),
        api: ref('apiWorkload'),
      }),
      allOf: [secretRequiredWhenEnabled],
    },
    sandbox: obj({
      enabled: bool,
      wireIngestion: bool,
      existingSecret: { anyOf: [{ const: '' }, ref('secretName')] },
      env: ref('env'),
      replicas: int(0, 3),
      resources: ref('resources'),
    }),
    ingress: {
      ...obj({
        enabled: bool,
        className: str,
        annotations: ref('stringMap'),
        host: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
        path: { type: 'string', pattern: '^/' },
        tls: obj({ enabled: bool, secretName: str }),
      }),
      allOf: [
        ifThen(
          'TLS at the Ingress needs its Secret',
          { properties: { enabled: { const: true }, tls: { properties: { enabled: { const: true } } } } },
          { properties: { tls: { properties: { secretName: ref('secretName') } } } },
        ),
      ],
    },
    tracing: obj({
      // Empty: tracing off. An http(s) URL of an OTLP/HTTP collector (no credentials in it: a collector is reached inside the cluster).
      otlpEndpoint: { type: 'string', anyOf: [{ const: '' }, { pattern: '^https?://[^\\s@]+$' }] },
    }),
    metrics: obj({
      serviceMonitor: obj({
        enabled: bool,
        interval: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' },
        scrapeTimeout: { type: 'string', pattern: '^[0-9]+(ms|s|m|h)$' },
        labels: ref('stringMap'),
      }),
      prometheusRule: obj({
        enabled: bool,
        labels: ref('stringMap'),
        runbookBaseUrl: ref('nonEmptyString'),
        kubeStateMetrics: bool,
        kafkaExporter: bool,
        thresholds: obj({
          syncStaleHours: int(1),
          syncStaleCriticalHours: int(1),
          outboxOldestSeconds: int(1),
          consumerLagMessages: int(1),
          deadLettersPerHourCritical: int(1),
          httpErrorRatio: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        }),
      }),
      dashboards: obj({
        enabled: bool,
        namespace: { type: 'string', pattern: '^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)?$' },
        labels: ref('stringMap'),
        annotations: ref('stringMap'),
      }),
    }),
    networkPolicy: obj({
      enabled: bool,
      dns: obj({ to: ref('peers'), ports: ref('ports') }),
      kafka: obj({ to: ref('peers'), ports: ref('ports') }),
      postgresql: obj({ to: ref('peers'), ports: ref('ports') }),
      otlp: obj({ to: ref('peers'), ports: ref('ports') }),
      clever: obj({ to: ref('peers'), ports: ref('ports'), gateway: bool }),
      ingressFrom: ref('peers'),
      metricsFrom: ref('peers'),
    }),
  };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment:
      'GENERATED by tools/helm/values-schema.js (edit that file, then run `node tools/helm/values-schema.js`). ' +
      'Rejects unsafe or incomplete values: AUTH_MODE other than clever, missing existingSecret, credentials in env, ' +
      'consumer replicas or HPA maximum above kafka.topics.partitions, a missing or "latest" image tag, weakened pod security, ' +
      'uid/gid below 10000, resources without cpu, memory and ephemeral-storage requests and limits, unknown keys.',
    title: 'Roster Helm chart values',
    ...obj(properties),
    allOf: bounds.branches,
    $defs: defs,
  };
}

/** JSON with short objects and arrays on one line (readable diffs; prettier-compatible enough). */
function flatJson(value) {
  if (Array.isArray(value)) return `[${value.map(flatJson).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${flatJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function format(value, indent = '') {
  const flat = flatJson(value);
  if (typeof value !== 'object' || value === null || indent.length + flat.length <= 110) return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

function render() {
  return format(buildValuesSchema()) + '\n';
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const text = render();
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (check) {
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is out of date: run node tools/helm/values-schema.js`);
      process.exit(1);
    }
  } else if (current !== text) {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}

module.exports = { buildValuesSchema, render, SCHEMA_FILE, MAX_PARTITIONS, MANAGED_ENV, MIN_ID };
