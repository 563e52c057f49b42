/**
 * A TCP proxy in front of the real SNS/SQS emulator, with a switch: `open` passes everything
 * through, `refuse` drops every connection at once (an outage), `stall` accepts connections and
 * never answers (a hung service). Switching closes the connections already open, so a kept-alive
 * socket does not slip past the switch.
 */
import { connect, createServer, type Socket } from 'node:net';

export type SwitchPosition = 'open' | 'refuse' | 'stall';

export const startSwitchProxy = async (target: string) => {
  const { hostname, port } = new URL(target);
  let position: SwitchPosition = 'open';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = createServer((client) => {
    track(client);
    if (position === 'refuse') return void client.destroy();
    if (position === 'stall') return void client.resume();
    const upstream = connect(Number(port), hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('The proxy has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    set(next: SwitchPosition) {
      position = next;
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((closed) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => closed());
      }),
  };
};

export type SwitchProxy = Awaited<ReturnType<typeof startSwitchProxy>>;
