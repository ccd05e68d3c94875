import { isForeignKeyViolation, isUniqueViolation } from '../db/database.js';
import { ApiError } from '../http/responses.js';

/** Logto's Management API errors, with its English messages. */

export const notExistsWithId = (table: string, id: string): ApiError =>
  new ApiError(404, 'entity.not_exists_with_id', `The ${table} with ID \`${id}\` does not exist.`);

export const notExists = (name: string): ApiError =>
  new ApiError(404, 'entity.not_exists', `The ${name} does not exist.`);

export const notFound = (): ApiError => new ApiError(404, 'entity.not_found', 'The resource does not exist.');

export const uniqueViolation = (): ApiError =>
  new ApiError(422, 'entity.unique_integrity_violation', 'The entity already exists. Please check the input and try again.');

export const relationNotFound = (): ApiError =>
  new ApiError(
    422,
    'entity.relation_foreign_key_not_found',
    'Cannot find one or more foreign keys. Please check the input and ensure that all referenced entities exist.',
  );

export const requireMembership = (): ApiError =>
  new ApiError(422, 'organization.require_membership', 'The user must be a member of the organization to proceed.');

/** Logto's ids are at most 21 characters: its id columns are `varchar(21)`. */
export const ID_MAX_LENGTH = 21;

/**
 * Logto stores ids in `varchar(21)` columns, so an insert with a longer id fails in the
 * database before any foreign-key check: 422 `entity.value_too_long`, nothing written. This
 * server's columns are `text`, so the length is checked here, before the write.
 */
export function checkIdLengths<Ids extends readonly string[]>(ids: Ids): Ids {
  if (ids.some((id) => id.length > ID_MAX_LENGTH)) {
    throw new ApiError(422, 'entity.value_too_long', 'The length of value is too long and exceeds the limit.');
  }
  return ids;
}

/** What Logto answers to a PATCH whose body sets nothing it can change. */
export const emptyUpdate = (): ApiError =>
  new ApiError(422, 'entity.invalid_input', 'Invalid input. Value list must not be empty.');

export const invalidRequestInput = (status: number, details: string): ApiError =>
  new ApiError(status, 'request.invalid_input', `Input is invalid. ${details}`);

/** Runs a write and turns PostgreSQL's constraint errors into Logto's 422 bodies. */
export async function withConstraintErrors<T>(
  work: () => Promise<T>,
  unique: () => ApiError = uniqueViolation,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw unique();
    }
    if (isForeignKeyViolation(error)) {
      throw relationNotFound();
    }
    throw error;
  }
}
