import type { IncomingMessage, ServerResponse } from 'node:http';

import type Provider from 'oidc-provider';
import type { Interaction } from 'oidc-provider';
import { z } from 'zod';

import { ApiError } from '../http/responses.js';

const identifierSchema = z.object({
  type: z.enum(['username', 'email', 'phone']),
  value: z.string(),
});

const verificationSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Password'), userId: z.string() }),
  z.object({ type: z.literal('NewPasswordIdentity'), identifier: identifierSchema, passwordHash: z.string() }),
  // A new secret to bind (`secret` set) or the user's bound TOTP; see mfa-routes.ts.
  z.object({ type: z.literal('Totp'), userId: z.string(), secret: z.string().optional(), verified: z.boolean() }),
]);

const experienceSchema = z.object({
  event: z.enum(['SignIn', 'Register']).optional(),
  verifications: z.record(z.string(), verificationSchema).default({}),
  identifiedUserId: z.string().optional(),
  /** A verified new TOTP secret, bound to the user on submit (POST profile/mfa). */
  bindTotpSecret: z.string().optional(),
});

export type Identifier = z.infer<typeof identifierSchema>;
export type Verification = z.infer<typeof verificationSchema>;
export type ExperienceState = z.infer<typeof experienceSchema>;

/**
 * The Experience API's progress (event, verification records, identified user)
 * lives in the OIDC interaction it belongs to, so it expires with it and needs
 * no table of its own. Only password hashes and a TOTP secret being enrolled
 * are ever stored there.
 */
export interface ExperienceSession {
  interaction: Interaction;
  state: ExperienceState;
  save(state: ExperienceState): Promise<void>;
}

export function sessionNotFound(): ApiError {
  return new ApiError(400, 'session.not_found', 'Session not found. Please go back and sign in again.', {
    fields: { error: 'invalid_request', error_description: 'interaction session not found' },
  });
}

export async function loadInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Interaction> {
  try {
    return await provider.interactionDetails(req, res);
  } catch {
    throw sessionNotFound();
  }
}

export async function loadExperience(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<ExperienceSession> {
  const interaction = await loadInteraction(provider, req, res);
  const stored = experienceSchema.safeParse(interaction.result?.experience ?? {});
  const state = stored.success ? stored.data : { verifications: {} };
  return {
    interaction,
    state,
    save: async (next) => {
      interaction.result = { ...interaction.result, experience: next };
      const ttl = (interaction.exp ?? 0) - Math.floor(Date.now() / 1000);
      if (ttl <= 0) {
        throw sessionNotFound();
      }
      await interaction.save(ttl);
    },
  };
}
