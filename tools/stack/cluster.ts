/**
 * The distributed shape on one machine, started and controlled from code: a durable PostgreSQL (one database per
 * service), a Kafka broker, the Clever sandbox (or one given by URL), every service process under a Supervisor,
 * and a TCP balancer in front of each workload with replicas (what a Kubernetes Service does).
 *
 * With `splitRoles`, each service runs as the Helm chart runs it: `api` and `consumer` processes (`replicas` of
 * each) and a separate `relay` process (one; the relay is one-active by advisory lock). Without it, one process
 * per service with every role (the plain `npm run stack`).
 *
 * Ports: gateway (balancer) = basePort, its management = basePort+200; sandbox basePort+100; service balancers
 * basePort+101..103 (management basePort+201..203); PostgreSQL basePort+300; Kafka basePort+310 (+311 controller);
 * the processes themselves from basePort+400 up.
 */
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { ensureDatabaseExists } from "@roster/persistence";
import { TcpBalancer } from "./balancer";
import { DurablePostgres, LocalBroker } from "./infra";
import { Supervisor, waitForUrl, type ProcessSpec } from "./supervisor";

const execFileAsync = promisify(execFile);

export const SERVICES = ["clever-ingestion", "identity", "classes"] as const;
export type ServiceName = (typeof SERVICES)[number];
export type Role = "api" | "consumer" | "relay" | "all";

export interface ClusterOptions {
  repoRoot: string;
  dataDir: string;
  basePort: number;
  /** api and consumer replicas per service (with splitRoles), or processes per service (without). */
  replicas: number;
  splitRoles: boolean;
  gatewayReplicas: number;
  /** `dist`: the built files (npm run build first); `source`: the TypeScript through tools/scripts/run-ts.cjs. */
  runner: "dist" | "source";
  /** An already running Clever sandbox; otherwise one is started as a process. */
  sandboxUrl?: string;
  /** Extra environment of every service process (e.g. CLEVER_EVENTS_POLL_INTERVAL_MS). */
  serviceEnv?: NodeJS.ProcessEnv;
  logLevel?: string;
  echo?: boolean;
  say?: (line: string) => void;
}

export interface ClusterProcess {
  name: string;
  kind: "gateway" | "sandbox" | ServiceName;
  role: Role | "gateway" | "sandbox";
}

const SERVICE_DB: Record<ServiceName, string> = {
  "clever-ingestion": "roster_ingestion",
  identity: "roster_identity",
  classes: "roster_classes",
};

export class Cluster {
  readonly processes: ClusterProcess[] = [];
  readonly balancers: TcpBalancer[] = [];
  gatewayUrl = "";
  gatewayManagementUrl = "";
  sandboxUrl = "";
  readonly serviceManagement = new Map<ServiceName, number[]>();
  readonly processManagement = new Map<string, string>();

  constructor(
    readonly options: ClusterOptions,
    readonly supervisor: Supervisor,
    readonly postgres: DurablePostgres,
    readonly broker: LocalBroker,
  ) {}

  dbUrl(service: ServiceName): string {
    return this.postgres.adminUrl.replace(
      /\/postgres$/,
      `/${SERVICE_DB[service]}`,
    );
  }

  logDir(): string {
    return join(this.options.dataDir, "logs");
  }

  kill(name: string): number | undefined {
    return this.supervisor.kill(name);
  }

  async waitAllReady(timeoutMs = 180_000): Promise<void> {
    await Promise.all(
      this.processes.map((p) => this.supervisor.waitReady(p.name, timeoutMs)),
    );
  }

  /** Stops every process, the balancers, the broker and PostgreSQL (by PID), whatever state they are in. */
  async close(): Promise<void> {
    await this.supervisor.close().catch(() => undefined);
    await Promise.all(
      this.balancers.map((b) => b.close().catch(() => undefined)),
    );
    await this.broker.stop().catch(() => this.broker.kill());
    await this.postgres.stop().catch(() => this.postgres.kill());
  }
}

function nodeCommand(
  options: ClusterOptions,
  app: string,
  file: string,
): { command: string; args: string[] } {
  // kafkajs 2.2.4 schedules a negative timeout on Node 24; the warning is noise in every log. The heap cap is
  // what a container limit does (docs/performance.md: the services' data fits in 192 MiB).
  const nodeArgs = [
    "--disable-warning=TimeoutNegativeWarning",
    "--max-old-space-size=384",
  ];
  if (options.runner === "dist")
    return {
      command: process.execPath,
      args: [...nodeArgs, join(options.repoRoot, "dist", app, `${file}.js`)],
    };
  return {
    command: process.execPath,
    args: [
      ...nodeArgs,
      join(options.repoRoot, "tools/scripts/run-ts.cjs"),
      join(options.repoRoot, app, `${file}.ts`),
    ],
  };
}

async function runToEnd(
  options: ClusterOptions,
  name: string,
  app: string,
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { command, args } = nodeCommand(options, app, file);
  try {
    await execFileAsync(command, args, {
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${name} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const say = options.say ?? (() => undefined);
  rmSync(options.dataDir, { recursive: true, force: true });
  const logDir = join(options.dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const base = options.basePort;
  const postgres = new DurablePostgres(
    options.repoRoot,
    join(options.dataDir, "pg"),
    base + 300,
    join(logDir, "postgres.log"),
  );
  const broker = new LocalBroker(
    options.repoRoot,
    join(options.dataDir, "kafka"),
    base + 310,
  );
  const supervisor = new Supervisor({ logDir, say });
  const cluster = new Cluster(options, supervisor, postgres, broker);
  try {
    await postgres.init();
    await Promise.all([postgres.start(), broker.start()]);
    say(
      `PostgreSQL 127.0.0.1:${postgres.port} (durable: fsync on, synchronous_commit on), Kafka ${broker.brokers.join(",")}`,
    );
    const kafkaEnv = {
      KAFKA_BROKERS: broker.brokers.join(","),
      KAFKAJS_NO_PARTITIONER_WARNING: "1",
    };
    await runToEnd(
      options,
      "topics",
      "tools/scripts",
      "provision-topics",
      kafkaEnv,
    );
    for (const service of SERVICES) {
      await ensureDatabaseExists(cluster.dbUrl(service));
      await runToEnd(
        options,
        `${service} migrate`,
        `apps/${service}/src`,
        "migrate",
        { DATABASE_URL: cluster.dbUrl(service) },
      );
    }

    if (options.sandboxUrl) {
      cluster.sandboxUrl = options.sandboxUrl;
    } else {
      cluster.sandboxUrl = `http://127.0.0.1:${base + 100}`;
      const { command, args } = nodeCommand(
        options,
        "apps/clever-sandbox/src",
        "main",
      );
      supervisor.add({
        name: "sandbox",
        command,
        args,
        env: { ...process.env, PORT: String(base + 100) },
        readyUrl: `${cluster.sandboxUrl}/__sandbox/districts`,
        echo: false,
      });
      cluster.processes.push({
        name: "sandbox",
        kind: "sandbox",
        role: "sandbox",
      });
      await supervisor.waitReady("sandbox");
    }

    const secret = randomBytes(32).toString("hex");
    const common = {
      ...process.env,
      ...kafkaEnv,
      INTERNAL_AUTH_SECRET: secret,
      LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? "warn",
      HOST: "127.0.0.1",
    };
    let nextPort = base + 400;
    const workloads: Array<{ role: Role; count: number }> = options.splitRoles
      ? [
          { role: "api", count: options.replicas },
          { role: "consumer", count: options.replicas },
          { role: "relay", count: 1 },
        ]
      : [{ role: "all", count: options.replicas }];

    for (const service of SERVICES) {
      const apiPorts: number[] = [];
      const managementPorts: number[] = [];
      for (const { role, count } of workloads) {
        for (let i = 1; i <= count; i++) {
          const port = nextPort++;
          const management = nextPort++;
          const name =
            role === "all" ? `${service}-${i}` : `${service}-${role}-${i}`;
          if (role === "api" || role === "all") {
            apiPorts.push(port);
            managementPorts.push(management);
          }
          const { command, args } = nodeCommand(
            options,
            `apps/${service}/src`,
            "main",
          );
          const spec: ProcessSpec = {
            name,
            command,
            args,
            env: {
              ...common,
              ...(role === "all" ? {} : { PROCESS_ROLES: role }),
              KAFKA_CLIENT_ID: name,
              PORT: String(port),
              MANAGEMENT_PORT: String(management),
              DATABASE_URL: cluster.dbUrl(service),
              CLEVER_API_BASE_URL: cluster.sandboxUrl,
              CLEVER_OAUTH_BASE_URL: cluster.sandboxUrl,
              CLEVER_CLIENT_ID: "sandbox-client",
              CLEVER_CLIENT_SECRET: "sandbox-secret",
              ...options.serviceEnv,
            },
            readyUrl: `http://127.0.0.1:${management}/health/ready`,
            echo: options.echo,
          };
          supervisor.add(spec);
          cluster.processes.push({ name, kind: service, role });
          cluster.processManagement.set(name, `http://127.0.0.1:${management}`);
        }
      }
      cluster.serviceManagement.set(service, managementPorts);
      const api = new TcpBalancer(`${service}-api`, apiPorts);
      const management = new TcpBalancer(
        `${service}-management`,
        managementPorts,
      );
      cluster.balancers.push(api, management);
    }
    await Promise.all(
      cluster.balancers.map((b, i) =>
        b.listen(base + 101 + Math.floor(i / 2) + (i % 2) * 100),
      ),
    );
    await cluster.waitAllReady();

    // The gateway replicas share one session secret (a session signed by one is valid on the other).
    const sessionSecret = randomBytes(32).toString("hex");
    const gatewayPorts: number[] = [];
    const gatewayManagementPorts: number[] = [];
    const serviceUrl = (i: number) => `http://127.0.0.1:${base + 101 + i}`;
    const managementUrl = (i: number) => `http://127.0.0.1:${base + 201 + i}`;
    for (let i = 1; i <= options.gatewayReplicas; i++) {
      const port = nextPort++;
      const management = nextPort++;
      gatewayPorts.push(port);
      gatewayManagementPorts.push(management);
      const name = `gateway-${i}`;
      const { command, args } = nodeCommand(
        options,
        "apps/gateway/src",
        "main",
      );
      supervisor.add({
        name,
        command,
        args,
        env: {
          ...common,
          PORT: String(port),
          MANAGEMENT_PORT: String(management),
          INGESTION_MANAGEMENT_URL: managementUrl(0),
          IDENTITY_MANAGEMENT_URL: managementUrl(1),
          CLASSES_MANAGEMENT_URL: managementUrl(2),
          INGESTION_URL: serviceUrl(0),
          IDENTITY_URL: serviceUrl(1),
          CLASSES_URL: serviceUrl(2),
          SESSION_SECRET: sessionSecret,
          AUTH_MODE: "dev",
          NODE_ENV: "development",
          PUBLIC_BASE_URL: `http://localhost:${base}`,
          CLEVER_CLIENT_ID: "sandbox-client",
          CLEVER_CLIENT_SECRET: "sandbox-secret",
          CLEVER_API_BASE_URL: cluster.sandboxUrl,
          CLEVER_OAUTH_BASE_URL: cluster.sandboxUrl,
          RATE_LIMIT_PER_MINUTE: process.env.RATE_LIMIT_PER_MINUTE ?? "100000",
        },
        readyUrl: `http://127.0.0.1:${management}/health/ready`,
        echo: options.echo,
      });
      cluster.processes.push({ name, kind: "gateway", role: "gateway" });
      cluster.processManagement.set(name, `http://127.0.0.1:${management}`);
    }
    const gateway = new TcpBalancer("gateway", gatewayPorts);
    const gatewayManagement = new TcpBalancer(
      "gateway-management",
      gatewayManagementPorts,
    );
    cluster.balancers.push(gateway, gatewayManagement);
    await gateway.listen(base);
    await gatewayManagement.listen(base + 200);
    cluster.gatewayUrl = `http://127.0.0.1:${base}`;
    cluster.gatewayManagementUrl = `http://127.0.0.1:${base + 200}`;
    await waitForUrl(
      `${cluster.gatewayManagementUrl}/health/ready`,
      120_000,
      () => `see ${logDir}`,
    );
    return cluster;
  } catch (error) {
    await cluster.close();
    throw error;
  }
}
