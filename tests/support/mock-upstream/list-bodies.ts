/** Model-list and embeddings answers in each family's real shape (protocols.md 1.4). */

export function openAiModelList(ids: string[]): unknown {
  return {
    object: 'list',
    data: ids.map((id) => ({ id, object: 'model', created: 1764280000, owned_by: 'mock' })),
  };
}

export function anthropicModelList(ids: string[]): unknown {
  return {
    data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-11-27T00:00:00Z' })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  };
}

export function geminiModelList(ids: string[]): unknown {
  return {
    models: ids.map((id) => ({
      name: `models/${id}`,
      displayName: id,
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })),
  };
}

/** Deterministic 8-dimension vectors, one per input. */
export function embeddingsBody(body: Record<string, unknown>): unknown {
  const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ''];
  const data = inputs.map((input, index) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    const embedding = Array.from(
      { length: 8 },
      (_, dimension) => (((text.length + 1) * (dimension + 1)) % 97) / 97,
    );
    return { object: 'embedding', index, embedding };
  });
  const tokens = inputs.reduce<number>((sum, input) => sum + Math.ceil(String(input).length / 4), 0);
  return {
    object: 'list',
    data,
    model: body.model ?? 'mock-embedding',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
