import type { Queryable } from '../db/database.js';
import { html, ok } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { listOutboxMessages, type OutboxMessage } from '../store/outbox.js';
import { escapeHtml, renderPage } from './layout.js';
import { OUTBOX_TEXT, pickLocale, type PageLocale } from './locale.js';

/** Only http(s) links become clickable; anything else is shown as text. */
function renderLink(link: string | null, noLink: string): string {
  if (!link) {
    return `<span class="muted">${escapeHtml(noLink)}</span>`;
  }
  const safe = URL.canParse(link) && ['http:', 'https:'].includes(new URL(link).protocol);
  return safe ? `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>` : escapeHtml(link);
}

function renderOutbox(messages: OutboxMessage[], locale: PageLocale): string {
  const text = OUTBOX_TEXT[locale];
  const rows = messages
    .map(
      (message) => `<tr>
<td><time datetime="${new Date(message.createdAt).toISOString()}">${new Date(message.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC</time></td>
<td>${escapeHtml(message.to)}</td>
<td>${escapeHtml(message.subject)}</td>
<td>${renderLink(message.link, text.noLink)}</td>
</tr>`,
    )
    .join('');
  const table = messages.length
    ? `<table><caption class="muted">${escapeHtml(text.newestFirst)}</caption><thead><tr>${[text.sent, text.to, text.subject, text.link]
        .map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`)
        .join('')}</tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="muted">${text.empty}</p>`;
  return renderPage({
    title: text.title,
    wide: true,
    locale,
    body: `<div class="card"><h1>${escapeHtml(text.title)}</h1>
<p>${text.intro}</p>
${table}</div>`,
  });
}

export function registerOutboxRoutes(router: Router, { db }: { db: Queryable }): void {
  router.get('/outbox', async ({ req }) => html(200, renderOutbox(await listOutboxMessages(db), pickLocale(undefined, req.headers['accept-language']))));
  router.get('/outbox.json', async () => ok(await listOutboxMessages(db)));
}
