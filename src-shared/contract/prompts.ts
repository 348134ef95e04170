import { z } from 'zod';
import { idSchema } from '../schemas/common.ts';
import { promptPreviewInput, promptPreviewSchema } from '../schemas/prompt-preview.ts';
import { operation } from './define-operation.ts';

/** Prompt rules and parameter overrides, tried on a sample before (or after) saving them. */
export const prompts = {
  preview: operation({
    summary: 'Preview what the upstream receives for a sample request (after rules and translation)',
    input: z.object({ id: idSchema, body: promptPreviewInput }),
    output: promptPreviewSchema,
    errors: [400, 404],
  }),
};
