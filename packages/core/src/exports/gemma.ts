// Gemma chat-template rendering (FORMATS.md §3). Gemma IT has no system role, so a system
// instruction is folded into the user turn; no <bos>/<eos>, no trailing newline.

const START = '<start_of_turn>';
const END = '<end_of_turn>';

export interface GemmaInput {
  prompt: string;
  steps: readonly string[];
  finalAnswer: string;
  systemInstruction?: string;
}

function turn(role: 'user' | 'model', text: string): string {
  return `${START}${role}\n${text}${END}`;
}

/** Numbered by array position (1..n); step `i` labels are never rendered. */
function reasoning(steps: readonly string[]): string {
  if (steps.length === 0) return '';
  return `Reasoning:\n${steps.map((content, k) => `${k + 1}. ${content}\n`).join('')}`;
}

/** The model turn's text; also the `training_example` response (FORMATS.md §5.4). */
export function modelTurnText(steps: readonly string[], finalAnswer: string): string {
  return `${reasoning(steps)}Answer: ${finalAnswer}`;
}

export function renderGemma({ prompt, steps, finalAnswer, systemInstruction }: GemmaInput): string {
  const userText = systemInstruction === undefined ? prompt : `${systemInstruction}\n\n${prompt}`;
  return `${turn('user', userText)}\n${turn('model', modelTurnText(steps, finalAnswer))}`;
}
