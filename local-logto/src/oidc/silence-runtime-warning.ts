/**
 * oidc-provider 9 warns "Unsupported runtime" on Node.js 20 when it is first
 * imported, although it works there. This module must be imported before
 * oidc-provider; it drops that one line and leaves every other warning alone.
 */
const warn = console.warn.bind(console);

console.warn = (...args: unknown[]): void => {
  const [first] = args;
  if (typeof first === 'string' && first.includes('oidc-provider WARNING: Unsupported runtime')) {
    return;
  }
  warn(...args);
};

export {};
