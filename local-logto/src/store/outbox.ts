import type { Queryable } from '../db/database.js';
import { longId } from '../db/ids.js';

/** An e-mail the local server "sent": stored instead of delivered (there is no e-mail connector). */
export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  link: string | null;
  payload: Record<string, unknown>;
  createdAt: number;
}

interface OutboxRow {
  id: string;
  recipient: string;
  subject: string;
  link: string | null;
  payload: Record<string, unknown>;
  created_at: number;
}

export async function insertOutboxMessage(
  db: Queryable,
  message: { to: string; subject: string; link: string | null; payload: Record<string, unknown> },
): Promise<void> {
  await db.query(
    'insert into outbox_messages (id, recipient, subject, link, payload, created_at) values ($1, $2, $3, $4, $5, $6)',
    [longId(), message.to, message.subject, message.link, JSON.stringify(message.payload), Date.now()],
  );
}

export async function listOutboxMessages(db: Queryable): Promise<OutboxMessage[]> {
  const { rows } = await db.query<OutboxRow>(
    'select id, recipient, subject, link, payload, created_at from outbox_messages order by seq desc',
  );
  return rows.map((row) => ({
    id: row.id,
    to: row.recipient,
    subject: row.subject,
    link: row.link,
    payload: row.payload,
    createdAt: Number(row.created_at),
  }));
}
