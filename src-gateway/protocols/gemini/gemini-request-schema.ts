import { z } from 'zod';

/**
 * Zod schema of an inbound Gemini `GenerateContentRequest` (protocols.md 3), as
 * `@google/genai` and Gemini CLI send it. Loose objects: fields the gateway does
 * not translate (`safetySettings`, `cachedContent`, `labels`, new part kinds)
 * pass validation, reach a Gemini upstream untouched (pass-through) and are
 * dropped for the other families. Only fields the decoder reads are typed.
 */
const blobSchema = z.looseObject({ mimeType: z.string().optional(), data: z.string() });
const fileDataSchema = z.looseObject({ mimeType: z.string().optional(), fileUri: z.string() });

export const geminiInboundPartSchema = z.looseObject({
  text: z.string().optional(),
  thought: z.boolean().optional(),
  thoughtSignature: z.string().optional(),
  inlineData: blobSchema.optional(),
  fileData: fileDataSchema.optional(),
  functionCall: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().min(1),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .optional(),
  functionResponse: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().min(1),
      response: z.record(z.string(), z.unknown()).nullish(),
      parts: z.array(z.looseObject({ inlineData: blobSchema.optional() })).optional(),
    })
    .optional(),
  executableCode: z.looseObject({ language: z.string().optional(), code: z.string() }).optional(),
  codeExecutionResult: z
    .looseObject({ outcome: z.string().optional(), output: z.string().optional() })
    .optional(),
});

export const geminiInboundContentSchema = z.looseObject({
  role: z.string().optional(),
  parts: z.array(geminiInboundPartSchema),
});

const functionDeclarationSchema = z.looseObject({
  name: z.string().min(1),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  parametersJsonSchema: z.record(z.string(), z.unknown()).optional(),
});

const thinkingConfigSchema = z.looseObject({
  includeThoughts: z.boolean().optional(),
  thinkingBudget: z.number().int().optional(),
  thinkingLevel: z.string().optional(),
});

const generationConfigSchema = z.looseObject({
  temperature: z.number().optional(),
  topP: z.number().optional(),
  topK: z.number().optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  stopSequences: z.array(z.string()).optional(),
  candidateCount: z.number().int().optional(),
  seed: z.number().int().optional(),
  responseMimeType: z.string().optional(),
  responseSchema: z.record(z.string(), z.unknown()).optional(),
  responseJsonSchema: z.record(z.string(), z.unknown()).optional(),
  thinkingConfig: thinkingConfigSchema.optional(),
});

export const geminiRequestSchema = z.looseObject({
  contents: z.array(geminiInboundContentSchema).min(1),
  systemInstruction: z.union([z.string(), geminiInboundContentSchema]).optional(),
  tools: z
    .array(z.looseObject({ functionDeclarations: z.array(functionDeclarationSchema).optional() }))
    .optional(),
  toolConfig: z
    .looseObject({
      functionCallingConfig: z
        .looseObject({
          mode: z.string().optional(),
          allowedFunctionNames: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  generationConfig: generationConfigSchema.optional(),
});

export type GeminiRequestBody = z.infer<typeof geminiRequestSchema>;
export type GeminiInboundPart = z.infer<typeof geminiInboundPartSchema>;
export type GeminiInboundContent = z.infer<typeof geminiInboundContentSchema>;
export type GeminiGenerationConfig = z.infer<typeof generationConfigSchema>;
