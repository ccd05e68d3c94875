import { z } from 'zod';

// Field rules shared by every form that names or describes an organization (create, settings).

export const organizationNameSchema = z
  .string({ error: 'Enter a name for the organization.' })
  .trim()
  .min(1, 'Enter a name for the organization.')
  .max(128, 'Use at most 128 characters.');

/** Optional; blank becomes null. */
export const organizationDescriptionSchema = z
  .string()
  .trim()
  .max(256, 'Use at most 256 characters.')
  .nullish()
  .transform((value) => value || null);
