import { z } from 'zod';

import { validationMessage } from '@/i18n/user-messages';

export const projectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, validationMessage('projectId'));

export const projectNameSchema = z
  .string({ error: validationMessage('projectNameRequired') })
  .trim()
  .min(1, validationMessage('projectNameRequired'))
  .max(100, validationMessage('tooLong'));

export const projectDescriptionSchema = z
  .string()
  .trim()
  .max(500, validationMessage('tooLong'))
  .nullish()
  .transform((value) => value || null);

export const createProjectSchema = z.strictObject({ name: projectNameSchema, description: projectDescriptionSchema });
export const updateProjectSchema = z
  .strictObject({ name: projectNameSchema.optional(), description: projectDescriptionSchema.optional() })
  .refine((value) => value.name !== undefined || value.description !== undefined, 'Send a name or a description to change.');

export const listProjectsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'Not a valid cursor.')
    .optional(),
});

/** What the API and the UI get: never the raw row. */
export const projectDtoSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProjectDto = z.infer<typeof projectDtoSchema>;

export const projectListDtoSchema = z.object({ items: z.array(projectDtoSchema), nextCursor: z.string().nullable() });
export type ProjectListDto = z.infer<typeof projectListDtoSchema>;
