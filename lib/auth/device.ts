import Bowser from 'bowser';

export type Device = {
  /** "Chrome 131"; null when the user agent names no browser (the page says so in its language). */
  browser: string | null;
  /** "macOS"; null when unknown. */
  os: string | null;
  kind: 'desktop' | 'mobile' | 'tablet' | 'unknown';
};

const KINDS = new Set<Device['kind']>(['desktop', 'mobile', 'tablet']);

/** The browser and system behind a user agent string (parsed with bowser): names, not sentences. */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent?.trim()) return { browser: null, os: null, kind: 'unknown' };
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const major = parsed.browser.version?.split('.')[0];
  const os = parsed.os.name;
  const platform = parsed.platform.type as Device['kind'] | undefined;
  const kind = platform && KINDS.has(platform) ? platform : 'unknown';
  return { browser: browser ? `${browser}${major ? ` ${major}` : ''}` : null, os: os || null, kind };
}
