import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type Provider from 'oidc-provider';
import { z } from 'zod';

import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database.js';
import type { WebhookDispatcher } from '../hooks/dispatcher.js';
import { userInfo } from '../hooks/events.js';
import { clientIp, interactionMetadata } from '../hooks/request-context.js';
import { ApiError, createdText, noContent, ok, readJsonBody } from '../http/responses.js';
import type { Router } from '../http/router.js';
import { parseInput } from '../http/validation.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { findApplication } from '../store/applications.js';
import {
  createUser,
  findUserById,
  findUserByIdentifier,
  recordSignIn,
  toApiUser,
  type IdentifierType,
  type UserRecord,
} from '../store/users.js';
import { provisionNewUser, reportJitMemberships } from './jit.js';
import { completeMfaAtSubmit } from './mfa-routes.js';
import { checkPassword } from './password-policy.js';
import { loadExperience, loadInteraction, type ExperienceSession, type Identifier } from './state.js';

/** Logto's username and e-mail formats for new accounts. */
export const USERNAME_PATTERN = /^[A-Z_a-z]\w*$/;
export const EMAIL_PATTERN = /^\S+@\S+\.\S+$/;

const eventBody = z.object({ interactionEvent: z.enum(['SignIn', 'Register']) });

const passwordBody = z.object({
  identifier: z.object({ type: z.enum(['username', 'email', 'phone']), value: z.string().min(1) }),
  password: z.string().min(1),
});

const newIdentityBody = z.object({
  identifier: z.discriminatedUnion('type', [
    z.object({ type: z.literal('username'), value: z.string().regex(USERNAME_PATTERN) }),
    z.object({ type: z.literal('email'), value: z.string().regex(EMAIL_PATTERN) }),
    z.object({ type: z.literal('phone'), value: z.string().regex(/^\d{4,20}$/) }),
  ]),
  password: z.string(),
});

const identificationBody = z.object({ verificationId: z.string().min(1) });

function invalidCredentials(): ApiError {
  return new ApiError(422, 'session.invalid_credentials', 'Incorrect account or password. Please check your input.');
}

function verificationNotFound(): ApiError {
  return new ApiError(
    404,
    'session.verification_session_not_found',
    'The verification was not successful. Restart the verification flow and try again.',
  );
}

export function identifierInUse(type: IdentifierType): ApiError {
  switch (type) {
    case 'username':
      return new ApiError(422, 'user.username_already_in_use', 'This username is already in use.');
    case 'email':
      return new ApiError(422, 'user.email_already_in_use', 'This email is associated with an existing account.');
    case 'phone':
      return new ApiError(422, 'user.phone_already_in_use', 'This phone number is associated with an existing account.');
  }
}

function newVerificationId(): string {
  return randomBytes(16).toString('base64url');
}

function userInfoOf(identifier: Identifier): { username?: string; email?: string } {
  if (identifier.type === 'username') {
    return { username: identifier.value };
  }
  return identifier.type === 'email' ? { email: identifier.value } : {};
}

/**
 * The subset of Logto's Experience API that the sign-in pages, tests and
 * scripts use: start an event, verify a password or a new password identity,
 * identify, submit; plus the first-party consent.
 */
export function registerExperienceRoutes(
  router: Router,
  { provider, database, hooks }: { provider: Provider; database: Database; hooks: WebhookDispatcher },
): void {
  /**
   * Reports what an interaction did, as Logto's Experience API does: `User.Created` when
   * registration creates the user, then `PostRegister` or `PostSignIn` on submit.
   */
  const reportInteraction = async (
    req: IncomingMessage,
    experience: ExperienceSession,
    event: 'SignIn' | 'Register',
    report: { created?: UserRecord; submitted?: UserRecord },
  ) => {
    const clientId = experience.interaction.params.client_id;
    const applicationId = typeof clientId === 'string' ? clientId : undefined;
    const found = applicationId ? await findApplication(database, applicationId) : undefined;
    const application = found && { id: found.id, type: found.type, name: found.name, description: found.description };
    const sessionId = experience.interaction.jti;
    if (report.created) {
      hooks.dispatch(
        [{ event: 'User.Created', fields: { ...(application ? { application } : {}), data: userInfo(toApiUser(report.created)) } }],
        interactionMetadata(req, { event, applicationId, sessionId }),
      );
    }
    if (report.submitted) {
      const fields = {
        interactionEvent: event,
        sessionId,
        userAgent: req.headers['user-agent'],
        userId: report.submitted.id,
        userIp: clientIp(req),
        user: userInfo(toApiUser(report.submitted)),
        application,
      };
      hooks.dispatch([{ event: event === 'Register' ? 'PostRegister' : 'PostSignIn', fields }], {});
    }
  };

  router.put('/api/experience', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const { interactionEvent } = parseInput(eventBody, await readJsonBody(req));
    await experience.save({ event: interactionEvent, verifications: {} });
    return noContent();
  });

  router.post('/api/experience/verification/password', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const { identifier, password } = parseInput(passwordBody, await readJsonBody(req));
    const user = await findUserByIdentifier(database, identifier.type, identifier.value);
    // Always hash, so an unknown account answers exactly like a wrong password.
    const valid = await verifyPassword(password, user?.passwordHash);
    if (!user || !valid) {
      throw invalidCredentials();
    }
    if (user.isSuspended) {
      throw new ApiError(401, 'user.suspended', 'This account has been suspended.');
    }
    const verificationId = newVerificationId();
    await experience.save({
      ...experience.state,
      verifications: { ...experience.state.verifications, [verificationId]: { type: 'Password', userId: user.id } },
    });
    return ok({ verificationId });
  });

  router.post('/api/experience/verification/new-password-identity', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const { identifier, password } = parseInput(newIdentityBody, await readJsonBody(req));
    if (await findUserByIdentifier(database, identifier.type, identifier.value)) {
      throw identifierInUse(identifier.type);
    }
    const issues = checkPassword(password, userInfoOf(identifier));
    if (issues.length > 0) {
      throw new ApiError(422, 'password.rejected', 'Password rejected. Please check if your password meets the requirements.', {
        data: issues,
      });
    }
    const verificationId = newVerificationId();
    await experience.save({
      ...experience.state,
      verifications: {
        ...experience.state.verifications,
        [verificationId]: { type: 'NewPasswordIdentity', identifier, passwordHash: await hashPassword(password) },
      },
    });
    return ok({ verificationId });
  });

  router.post('/api/experience/identification', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const body = identificationBody.safeParse((await readJsonBody(req)) ?? {});
    if (!body.success) {
      // Logto's own answer here, placeholder included.
      throw new ApiError(400, 'guard.invalid_input', 'The request {{type}} is invalid.');
    }
    const { event, verifications } = experience.state;
    if (!event) {
      throw new ApiError(404, 'session.interaction_not_found', 'Interaction not found. Please start the sign-in again.');
    }
    const verification = verifications[body.data.verificationId];

    if (event === 'SignIn') {
      if (verification?.type !== 'Password') {
        throw verificationNotFound();
      }
      await experience.save({ ...experience.state, identifiedUserId: verification.userId });
      return noContent();
    }

    if (verification?.type !== 'NewPasswordIdentity') {
      throw verificationNotFound();
    }
    const { identifier, passwordHash } = verification;
    const clientId = typeof experience.interaction.params.client_id === 'string' ? experience.interaction.params.client_id : null;
    let created: UserRecord;
    let jitOrganizationIds: string[] = [];
    try {
      const user = await database.transaction(async (tx) => {
        const inserted = await createUser(tx, {
          username: identifier.type === 'username' ? identifier.value : null,
          primaryEmail: identifier.type === 'email' ? identifier.value : null,
          primaryPhone: identifier.type === 'phone' ? identifier.value : null,
          passwordHash,
          applicationId: clientId,
        });
        jitOrganizationIds = await provisionNewUser(tx, inserted);
        return inserted;
      });
      created = user;
    } catch (error) {
      // Someone took the identifier between verification and identification.
      if (isUniqueViolation(error)) {
        throw identifierInUse(identifier.type);
      }
      throw error;
    }
    const remaining = Object.fromEntries(
      Object.entries(verifications).filter(([id]) => id !== body.data.verificationId),
    );
    await experience.save({ event, verifications: remaining, identifiedUserId: created.id });
    await reportInteraction(req, experience, event, { created });
    reportJitMemberships(hooks, req, jitOrganizationIds, { applicationId: clientId ?? undefined, sessionId: experience.interaction.jti });
    return createdText();
  });

  router.post('/api/experience/submit', async ({ req, res }) => {
    const experience = await loadExperience(provider, req, res);
    const userId = experience.state.identifiedUserId;
    const user = userId ? await findUserById(database, userId) : undefined;
    if (!user) {
      throw new ApiError(404, 'session.identifier_not_found', 'User identifier not found. Please go back and sign in again.');
    }
    await completeMfaAtSubmit(database, experience.state, user.id);
    const clientId = experience.interaction.params.client_id;
    if (typeof clientId === 'string') {
      await recordSignIn(database, user.id, clientId);
    }
    const redirectTo = await provider.interactionResult(req, res, { login: { accountId: user.id } });
    if (experience.state.event) {
      await reportInteraction(req, experience, experience.state.event, { submitted: user });
    }
    return ok({ redirectTo });
  });

  /**
   * Every app here is first-party, so consent grants what oidc-provider found
   * missing: the OIDC scopes and claims, and the resource scopes the user may
   * have (the resource servers already narrowed them to the user's roles).
   */
  router.post('/api/interaction/consent', async ({ req, res }) => {
    const interaction = await loadInteraction(provider, req, res);
    await readJsonBody(req);
    const accountId = interaction.session?.accountId;
    const clientId = interaction.params.client_id;
    if (interaction.prompt.name !== 'consent' || !accountId || typeof clientId !== 'string') {
      throw new ApiError(400, 'session.not_found', 'Session not found. Please go back and sign in again.');
    }
    const grant =
      (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId });
    const details = consentDetails.parse(interaction.prompt.details);
    if (details.missingOIDCScope) {
      grant.addOIDCScope(details.missingOIDCScope);
    }
    if (details.missingOIDCClaims) {
      grant.addOIDCClaims(details.missingOIDCClaims);
    }
    for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes);
    }
    const grantId = await grant.save();
    const redirectTo = await provider.interactionResult(req, res, { consent: { grantId } });
    return ok({ redirectTo });
  });
}

const consentDetails = z.object({
  missingOIDCScope: z.array(z.string()).optional(),
  missingOIDCClaims: z.array(z.string()).optional(),
  missingResourceScopes: z.record(z.string(), z.array(z.string())).optional(),
});
