import { createServer, type Socket, connect } from 'node:net';

/** A TCP proxy in front of a server that a test can freeze: see {@link startTcpProxy}. */
export interface TcpProxy {
  /** `host:port` to connect to instead of the server. */
  readonly address: string;
  /**
   * Stops passing the clients' bytes on, holding them, as a server that hangs without closing
   * its connections: the clients' requests wait, and no error tells them why.
   */
  freeze(): void;
  /** Passes on what was held, then everything again. */
  thaw(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy on a free port of 127.0.0.1 to `target` (`host:port`), for faults a stopped
 * server cannot stage: a Redis that does not answer is not one that refuses connections.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.split(':').pop())];
  let frozen = false;
  const pipes: { client: Socket; upstream: Socket; held: Buffer[] }[] = [];
  const server = createServer((client) => {
    const upstream = connect(port, host);
    const pipe = { client, upstream, held: [] as Buffer[] };
    pipes.push(pipe);
    client.on('data', (chunk) => (frozen ? pipe.held.push(chunk) : upstream.write(chunk)));
    upstream.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${own}`,
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const pipe of pipes) for (const chunk of pipe.held.splice(0)) pipe.upstream.write(chunk);
    },
    close: async () => {
      for (const { client, upstream } of pipes) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
