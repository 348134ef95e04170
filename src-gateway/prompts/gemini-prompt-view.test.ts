import { describe, expect, it } from 'vitest';
import { createGeminiPromptView } from './gemini-prompt-view.ts';

const body = () => ({
  systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }] },
  contents: [
    { role: 'user', parts: [{ text: 'Weather?' }] },
    { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: {} } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'Sunny' } } }] },
  ],
  generationConfig: { temperature: 0.1 },
});

describe('Gemini prompt view', () => {
  it('sees systemInstruction and user text, not function responses, and never mutates the body', () => {
    const original = body();
    const snapshot = JSON.stringify(original);
    const view = createGeminiPromptView(original);
    expect(view.systemTexts().map((slot) => slot.get())).toEqual(['Be brief.']);
    expect(view.userTexts().map((slot) => slot.get())).toEqual(['Weather?']);
    expect(view.lastUserText()).toBe('Weather?');
    expect(view.isFirstTurn()).toBe(false);
    view.setSystem('prepend', 'First.');
    view.addToLastUser('append', 'In French.');
    view.userTexts()[0]!.set('Weather in Paris?');
    const edited = view.result() as ReturnType<typeof body>;
    expect(edited.systemInstruction.parts).toEqual([{ text: 'First.' }, { text: 'Be brief.' }]);
    expect(edited.contents[0]!.parts).toEqual([{ text: 'Weather in Paris?' }, { text: 'In French.' }]);
    expect(edited.contents[2]).toBe(original.contents[2]);
    expect(edited.generationConfig).toBe(original.generationConfig);
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('overrides or creates the system instruction', () => {
    const view = createGeminiPromptView({ contents: [{ parts: [{ text: 'Hi' }] }] });
    expect(view.isFirstTurn()).toBe(true);
    view.setSystem('append', 'Be kind.');
    expect(view.result().systemInstruction).toBe('Be kind.');
    view.setSystem('override', 'Only this.');
    expect(view.result().systemInstruction).toEqual({ parts: [{ text: 'Only this.' }] });
  });
});
