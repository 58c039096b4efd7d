/**
 * A round-robin TCP balancer in front of a workload's replicas, standing in for a Kubernetes Service: a
 * connection goes to the next backend; a backend that refuses the connection (its process is down) is
 * skipped for this connection, as endpoints drop a pod that fails readiness.
 */
import {
  createConnection,
  createServer,
  type Server,
  type Socket,
} from "node:net";

export class TcpBalancer {
  private server: Server | undefined;
  private next = 0;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly name: string,
    private readonly backends: number[],
  ) {}

  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    this.server = createServer((client) => this.route(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  private route(client: Socket): void {
    this.sockets.add(client);
    client.once("close", () => this.sockets.delete(client));
    client.pause();
    const start = this.next++ % this.backends.length;
    const attempt = (i: number) => {
      if (i >= this.backends.length) {
        client.destroy();
        return;
      }
      const port = this.backends[(start + i) % this.backends.length];
      const upstream = createConnection({ port, host: "127.0.0.1" });
      const onError = () => {
        upstream.destroy();
        attempt(i + 1);
      };
      upstream.once("error", onError);
      upstream.once("connect", () => {
        upstream.off("error", onError);
        this.sockets.add(upstream);
        upstream.once("close", () => this.sockets.delete(upstream));
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(0);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) =>
      this.server ? this.server.close(() => r()) : r(),
    );
  }
}
