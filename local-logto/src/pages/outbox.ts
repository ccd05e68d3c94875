import type { Queryable } from '../db/database.js';
import { html, ok } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { listOutboxMessages, type OutboxMessage } from '../store/outbox.js';
import { escapeHtml, renderPage } from './layout.js';

/** Only http(s) links become clickable; anything else is shown as text. */
function renderLink(link: string | null): string {
  if (!link) {
    return '<span class="muted">none</span>';
  }
  const safe = URL.canParse(link) && ['http:', 'https:'].includes(new URL(link).protocol);
  return safe ? `<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>` : escapeHtml(link);
}

function renderOutbox(messages: OutboxMessage[]): string {
  const rows = messages
    .map(
      (message) => `<tr>
<td><time datetime="${new Date(message.createdAt).toISOString()}">${new Date(message.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC</time></td>
<td>${escapeHtml(message.to)}</td>
<td>${escapeHtml(message.subject)}</td>
<td>${renderLink(message.link)}</td>
</tr>`,
    )
    .join('');
  const table = messages.length
    ? `<table><caption class="muted">Newest first</caption><thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Link</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="muted">No messages yet. Invitations created with a <code>messagePayload</code> land here.</p>';
  return renderPage({
    title: 'Outbox',
    wide: true,
    body: `<div class="card"><h1>Outbox</h1>
<p>E-mails the local server would have sent. A real Logto sends them through its e-mail connector; this one keeps them here (also as <a href="/outbox.json">JSON</a>).</p>
${table}</div>`,
  });
}

export function registerOutboxRoutes(router: Router, { db }: { db: Queryable }): void {
  router.get('/outbox', async () => html(200, renderOutbox(await listOutboxMessages(db))));
  router.get('/outbox.json', async () => ok(await listOutboxMessages(db)));
}
