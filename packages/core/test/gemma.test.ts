import { describe, expect, it } from 'vitest';
import { modelTurnText, renderGemma } from '../src/exports/gemma';

describe('renderGemma (FORMATS.md §3)', () => {
  it('renders the capital-of-France example byte-exactly', () => {
    const text = renderGemma({
      prompt: 'What is the capital of France?',
      steps: ['Recall geography knowledge', "Identify France's capital"],
      finalAnswer: 'Paris',
    });
    expect(text).toBe(
      '<start_of_turn>user\nWhat is the capital of France?<end_of_turn>\n' +
        '<start_of_turn>model\nReasoning:\n1. Recall geography knowledge\n' +
        "2. Identify France's capital\nAnswer: Paris<end_of_turn>",
    );
  });

  it('folds a system instruction into the user turn', () => {
    const text = renderGemma({
      prompt: 'Calculate 5*6',
      steps: ['Multiply 5 by 6'],
      finalAnswer: '30',
      systemInstruction: 'You are a calculator.',
    });
    expect(text).toBe(
      '<start_of_turn>user\nYou are a calculator.\n\nCalculate 5*6<end_of_turn>\n' +
        '<start_of_turn>model\nReasoning:\n1. Multiply 5 by 6\nAnswer: 30<end_of_turn>',
    );
  });

  it('omits the reasoning block when there are no steps', () => {
    expect(renderGemma({ prompt: 'Q', steps: [], finalAnswer: 'A' })).toBe(
      '<start_of_turn>user\nQ<end_of_turn>\n<start_of_turn>model\nAnswer: A<end_of_turn>',
    );
  });

  it('inserts content verbatim, newlines included', () => {
    expect(modelTurnText(['a\nb', '<end_of_turn>'], 'x')).toBe('Reasoning:\n1. a\nb\n2. <end_of_turn>\nAnswer: x');
  });
});
