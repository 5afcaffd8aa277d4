import net from 'node:net';

/**
 * The simplest load balancer: each incoming connection goes to the first backend that accepts it.
 * When a backend dies, its connections close, the page reconnects, and lands on the next one —
 * what a real balancer with health checks does. No sticky sessions.
 */
export class TcpBalancer {
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  port = 0;

  private constructor(backends: () => number[]) {
    this.#server = net.createServer((client) => {
      this.#sockets.add(client);
      client.once('close', () => this.#sockets.delete(client));
      const tryBackend = (ports: number[]) => {
        const [port, ...rest] = ports;
        if (port === undefined) {
          client.destroy();
          return;
        }
        const upstream = net.connect(port, '127.0.0.1');
        let connected = false;
        upstream.on('error', () => {
          if (connected) client.destroy();
          else tryBackend(rest); // refused: this backend is down, try the next
        });
        upstream.once('connect', () => {
          connected = true;
          this.#sockets.add(upstream);
          upstream.once('close', () => {
            this.#sockets.delete(upstream);
            client.destroy();
          });
          client.once('close', () => upstream.destroy());
          client.on('error', () => upstream.destroy());
          client.pipe(upstream);
          upstream.pipe(client);
        });
      };
      tryBackend(backends());
    });
  }

  /** Listens on a free loopback port; `backends()` gives the ports to try, in order. */
  static async start(backends: () => number[]): Promise<TcpBalancer> {
    const balancer = new TcpBalancer(backends);
    await new Promise<void>((resolve) => balancer.#server.listen(0, '127.0.0.1', () => resolve()));
    balancer.port = (balancer.#server.address() as net.AddressInfo).port;
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
