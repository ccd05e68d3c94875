import { createLocalLogtoInstance, type LocalLogtoOptions } from './instance.js';

export type { LocalLogtoOptions } from './instance.js';

export interface LocalLogto {
  /** `http://localhost:<port>`; the server also answers on `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the local, Logto-compatible server (development and tests only).
 * The OIDC issuer is `${endpoint}/oidc`, always in the `localhost` form.
 */
export async function startLocalLogto(options: LocalLogtoOptions = {}): Promise<LocalLogto> {
  const { endpoint, port, stop } = await createLocalLogtoInstance(options);
  return { endpoint, port, stop };
}
