import { connect, createServer, type Socket } from 'node:net';

/**
 * A loopback TCP proxy whose answers can be held back by `delayMs` (order preserved): a database that
 * suddenly takes half a second per round trip, which widens the window between two steps of the worker
 * enough for a test to kill it in between.
 */
export async function startSlowProxy(targetHost: string, targetPort: number) {
  const sockets = new Set<Socket>();
  const state = { delayMs: 0 };
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    let releaseAt = 0;
    upstream.on('data', (chunk: Buffer) => {
      releaseAt = Math.max(Date.now() + state.delayMs, releaseAt);
      const wait = releaseAt - Date.now();
      if (wait <= 0) client.write(chunk);
      else setTimeout(() => client.writable && client.write(chunk), wait);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
