/**
 * A minimal TCP load balancer for tests: each new connection goes to the first backend that
 * accepts it, so when the first relay dies its clients' reconnections land on the next one (as
 * behind Caddy or nginx with health checks). Bytes are piped untouched, websocket upgrade included.
 */
import net from "node:net";

export interface FailoverProxy {
  /** e.g. `ws://127.0.0.1:1234/` */
  url: string;
  close(): Promise<void>;
}

export async function startFailoverProxy(backends: readonly number[]): Promise<FailoverProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const connectFirst = (index: number, client: net.Socket): void => {
    if (index >= backends.length) {
      client.destroy();
      return;
    }
    const upstream = net.connect(backends[index]!, "127.0.0.1");
    let connected = false;
    upstream.once("error", () => {
      if (!connected) connectFirst(index + 1, client); // refused: the next backend
    });
    upstream.once("connect", () => {
      connected = true;
      track(upstream);
      client.pipe(upstream);
      upstream.pipe(client);
      upstream.on("close", () => client.destroy());
      client.on("close", () => upstream.destroy());
      client.resume();
    });
  };
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    connectFirst(0, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
