// Preloaded (`node --import`) into a server that tests start on a port the test process holds
// (tests/support/ports.ts): the server's own listen() on that port takes over the held socket,
// sent through the IPC channel, instead of binding anew. So the port is never free between
// "picked" and "bound", and no other process can take it meanwhile.
//
// Plain JavaScript with Node built-ins only: it is also loaded into the standalone server, which
// must not resolve anything from the project.
import net from 'node:net';

const port = Number(process.env.LISTEN_HANDOFF_PORT);
const count = Number(process.env.LISTEN_HANDOFF_COUNT || '1');
// Only this process takes the sockets; processes it starts don't look for them.
delete process.env.LISTEN_HANDOFF_PORT;
delete process.env.LISTEN_HANDOFF_COUNT;
if (process.env.NODE_OPTIONS) {
  process.env.NODE_OPTIONS = process.env.NODE_OPTIONS.replace(/--import[= ]\S*listen-handoff\.mjs/, '').trim();
}

if (Number.isInteger(port) && port > 0 && typeof process.send === 'function') {
  /** @type {((handle: net.Server) => void)[]} */
  const waiting = [];
  /** @type {net.Server[]} */
  const received = [];
  const onHandle = (message, handle) => {
    if (!message || message.type !== 'listen-handoff' || !handle) return;
    const next = waiting.shift();
    if (next) next(handle);
    else received.push(handle);
  };
  process.on('message', onHandle);
  const nextHandle = () =>
    new Promise((resolve) => {
      const ready = received.shift();
      if (ready) resolve(ready);
      else waiting.push(resolve);
    });

  let taken = 0;
  const listen = net.Server.prototype.listen;
  /** The port a listen() call asks for, whichever of its forms it uses. */
  const portOf = (args) => {
    const first = args[0];
    if (typeof first === 'number' || typeof first === 'string') return Number(first);
    if (first && typeof first === 'object' && 'port' in first) return Number(first.port);
    return undefined;
  };
  net.Server.prototype.listen = function (...args) {
    if (taken >= count || portOf(args) !== port) return listen.apply(this, args);
    taken += 1;
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
    void nextHandle().then((handle) => {
      listen.call(this, handle, () => {
        process.send({ type: 'listen-handoff-bound' });
        if (taken >= count) {
          process.off('message', onHandle);
          process.channel?.unref();
        }
        callback?.();
      });
    });
    return this;
  };
  // The server ends with the test process that started it, even one that was killed: its end
  // closes the IPC channel, and the server shuts down as on any SIGTERM.
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.send({ type: 'listen-handoff-ready' });
}
