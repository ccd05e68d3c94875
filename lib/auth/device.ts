import Bowser from 'bowser';

export type Device = {
  /** "Chrome 131 on macOS", or a fallback when the user agent says nothing usable. */
  label: string;
  kind: 'desktop' | 'mobile' | 'tablet' | 'unknown';
};

const KINDS = new Set<Device['kind']>(['desktop', 'mobile', 'tablet']);

/** A human description of the browser behind a user agent string (parsed with bowser). */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent?.trim()) return { label: 'Unknown browser', kind: 'unknown' };
  const parsed = Bowser.parse(userAgent);
  const browser = parsed.browser.name;
  const major = parsed.browser.version?.split('.')[0];
  const os = parsed.os.name;
  const platform = parsed.platform.type as Device['kind'] | undefined;
  const kind = platform && KINDS.has(platform) ? platform : 'unknown';
  const name = browser ? `${browser}${major ? ` ${major}` : ''}` : 'Unknown browser';
  return { label: os ? `${name} on ${os}` : name, kind };
}
