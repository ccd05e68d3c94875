// Which port `npm run dev` starts the app on, and the APP_URL that goes with it. Pure, so every
// combination of `-p`, `PORT` and `APP_URL` is a unit test (scripts/dev-options.test.ts).

import { isLoopbackUrl } from '../lib/http/loopback';

export const DEFAULT_DEV_PORT = 3000;

export class DevOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DevOptionsError';
  }
}

export interface DevOptions {
  port: number;
  /** The APP_URL the app and the local Logto run with. */
  appUrl: string;
  /** Everything else on the command line, for `next dev` (e.g. `--turbopack`, `-H 0.0.0.0`). */
  nextArgs: string[];
}

function parsePort(raw: string, source: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new DevOptionsError(`${source} is not a port number between 1 and 65535: ${raw}`);
  }
  return port;
}

/** `-p 4000`, `-p4000`, `--port 4000` and `--port=4000`, as `next dev` takes them; the last one wins. */
function takePortArgument(argv: readonly string[]): { port: string | undefined; rest: string[] } {
  let port: string | undefined;
  const rest: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '-p' || arg === '--port') {
      const value = argv[index + 1];
      if (value === undefined) throw new DevOptionsError(`${arg} needs a port number, e.g. \`npm run dev -- ${arg} 4000\``);
      port = value;
      index += 1;
    } else if (arg.startsWith('--port=')) {
      port = arg.slice('--port='.length);
    } else if (/^-p\d+$/.test(arg)) {
      port = arg.slice(2);
    } else {
      rest.push(arg);
    }
  }
  return { port, rest };
}

/**
 * The port comes from `-p`/`--port`, else `PORT`, else a local APP_URL's port, else 3000.
 * APP_URL follows the port when it is unset (`http://localhost:<port>`). A local APP_URL
 * (localhost, 127.0.0.1) that names another port is an error: sign-in would come back to a
 * port nothing listens on. A public APP_URL (a tunnel or proxy in front of this machine)
 * says nothing about the local port and is left alone.
 */
export function resolveDevOptions(argv: readonly string[], env: { PORT?: string; APP_URL?: string }): DevOptions {
  const { port: portArgument, rest } = takePortArgument(argv);
  const chosen =
    portArgument !== undefined
      ? { port: parsePort(portArgument, `The port option (-p ${portArgument})`), source: `-p ${portArgument}` }
      : env.PORT !== undefined && env.PORT !== ''
        ? { port: parsePort(env.PORT, `PORT=${env.PORT}`), source: `PORT=${env.PORT}` }
        : undefined;

  const appUrlSetting = env.APP_URL === '' ? undefined : env.APP_URL;
  if (appUrlSetting === undefined) {
    const port = chosen?.port ?? DEFAULT_DEV_PORT;
    return { port, appUrl: `http://localhost:${port}`, nextArgs: rest };
  }
  if (!URL.canParse(appUrlSetting)) {
    throw new DevOptionsError(`APP_URL is not a URL: ${appUrlSetting}`);
  }
  const url = new URL(appUrlSetting);
  if (!isLoopbackUrl(url)) {
    return { port: chosen?.port ?? DEFAULT_DEV_PORT, appUrl: appUrlSetting, nextArgs: rest };
  }
  const appUrlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (chosen && chosen.port !== appUrlPort) {
    throw new DevOptionsError(
      `APP_URL=${appUrlSetting} names port ${appUrlPort}, but ${chosen.source} starts the app on port ${chosen.port}. ` +
        `Set APP_URL to ${url.protocol}//${url.hostname}:${chosen.port} (or remove APP_URL), or drop ${chosen.source}.`,
    );
  }
  return { port: appUrlPort, appUrl: appUrlSetting, nextArgs: rest };
}
