import { LAYOUT_TEXT, type PageLocale } from './locale.js';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Embeds data in an inline script without letting it close the script element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
}

const STYLES = /* css */ `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #17181c; --muted: #5b606b; --border: #d5d8de;
  --accent: #3b5bdb; --accent-text: #ffffff; --danger: #c92a2a; --banner-bg: #fff3bf; --banner-text: #5c3c00;
  --focus: #748ffc;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14161a; --card: #1d2026; --text: #eceef2; --muted: #a3a8b3; --border: #3a3f48;
    --accent: #748ffc; --accent-text: #0b0d12; --danger: #ff8787; --banner-bg: #3d2f00; --banner-text: #ffe8a3;
    --focus: #91a7ff;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; min-height: 100vh; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  display: flex; flex-direction: column; align-items: center;
}
.banner {
  width: 100%; padding: 0.6rem 1rem; text-align: center; background: var(--banner-bg); color: var(--banner-text);
  font-size: 0.9rem; border-bottom: 1px solid var(--border);
}
main { width: 100%; max-width: 26rem; padding: 2.5rem 1rem; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 12px; padding: 1.75rem; }
h1 { font-size: 1.4rem; margin: 0 0 0.25rem; }
p { margin: 0.5rem 0; }
.muted { color: var(--muted); font-size: 0.9rem; }
form { display: flex; flex-direction: column; gap: 1rem; margin-top: 1.25rem; }
/* A rule that sets display would otherwise show what the page hides (the two-step code form). */
[hidden] { display: none !important; }
.field { display: flex; flex-direction: column; gap: 0.3rem; }
.field p { margin: 0; }
label { font-weight: 600; font-size: 0.95rem; }
input {
  font: inherit; padding: 0.6rem 0.75rem; border-radius: 8px; border: 1px solid var(--border);
  background: var(--bg); color: var(--text);
}
input[aria-invalid="true"] { border-color: var(--danger); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.error { color: var(--danger); font-size: 0.9rem; min-height: 0; margin: 0; }
.error:empty { display: none; }
button, .button {
  font: inherit; font-weight: 600; padding: 0.65rem 1rem; border-radius: 8px; border: 0; cursor: pointer;
  background: var(--accent); color: var(--accent-text); text-decoration: none; text-align: center;
}
button[disabled] { opacity: 0.6; cursor: progress; }
a { color: var(--accent); }
.switch { margin-top: 1.25rem; text-align: center; }
.hint { margin-top: 1.5rem; padding-top: 1rem; border-top: 1px solid var(--border); }
code { font-size: 0.85rem; }
table { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
.wide { max-width: 60rem; }
`;

export interface PageOptions {
  title: string;
  body: string;
  script?: string;
  wide?: boolean;
  locale?: PageLocale;
  /** Extra <head> content (an organization's favicon and colours). */
  head?: string;
}

export function renderPage({ title, body, script, wide, head, locale = 'en' }: PageOptions): string {
  const text = LAYOUT_TEXT[locale];
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${text.titleSuffix}</title>
<style>${STYLES}</style>
${head ?? ''}
</head>
<body>
<div class="banner" role="note">${text.banner}</div>
<main${wide ? ' class="wide"' : ''}>
${body}
</main>
${script ? `<script>${script}</script>` : ''}
</body>
</html>`;
}

export function renderMessagePage(title: string, message: string, locale: PageLocale = 'en', link?: { href: string; text: string }): string {
  const action = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : '';
  return renderPage({
    title,
    locale,
    body: `<div class="card"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${action}</div>`,
  });
}
