import {
  isLineTerminatorCode,
  isWordCode,
  parseRegex,
  RegexRejectedError,
  type CharTest,
  type RegexNode,
} from './parse-regex.ts';

/**
 * Regular expressions that run in time linear in the input: the pattern is
 * compiled to an NFA program and run by a Pike VM (one pass over the text with
 * at most one thread per program instruction), so no pattern, however
 * pathological for a backtracking engine (`(a+)+$`), can stall the gateway.
 * Match semantics follow JavaScript's (leftmost, alternatives and quantifiers
 * by priority). On top of that, every run draws from a step budget: the hard
 * time bound for the whole request.
 */

type Instruction =
  | { op: 'char'; test: CharTest }
  | { op: 'split'; first: number; second: number }
  | { op: 'jump'; to: number }
  | { op: 'save'; slot: number }
  | { op: 'assert'; which: 'start' | 'end' | 'word' | 'not-word' }
  | { op: 'match' };

/** Shared by every run of one request: each VM step spends one unit. */
export interface RegexBudget {
  remaining: number;
}

/** Thrown when a run spends the whole budget. */
export class RegexBudgetExceededError extends Error {
  constructor() {
    super('regular expression step budget exhausted');
    this.name = 'RegexBudgetExceededError';
  }
}

export interface LinearRegex {
  readonly groupCount: number;
  /** Start and end of the first match at or after `from`, plus each group's span (`-1` when unset). */
  exec(text: string, from: number, budget: RegexBudget): number[] | null;
  /** Replace every match, like `String.prototype.replace` with a `g` regex and a replacer function. */
  replaceAll(text: string, budget: RegexBudget, replacer: (match: ReplaceMatch) => string): string;
}

export interface ReplaceMatch {
  text: string;
  /** Capture spans: `[start0, end0, start1, end1, ...]`, `-1` when a group did not take part. */
  spans: number[];
  groupNames: ReadonlyMap<string, number>;
}

/** Instructions a pattern may expand to (repetitions are copied). */
export const maxProgramSize = 20_000;

/** Compile `pattern` with flags from `ims`; throws RegexRejectedError with a readable message. */
export function compileLinearRegex(pattern: string, flags = ''): LinearRegex {
  if (!/^[ims]*$/.test(flags)) throw new RegexRejectedError(`unsupported flags "${flags}" (use i, m, s)`);
  try {
    new RegExp(pattern, flags); // Same syntax as JavaScript: let the native parser judge it first.
  } catch (error) {
    throw new RegexRejectedError((error as Error).message);
  }
  const multiline = flags.includes('m');
  const parsed = parseRegex(pattern, { ignoreCase: flags.includes('i'), dotAll: flags.includes('s') });
  const program: Instruction[] = [];
  const emit = (instruction: Instruction): number => {
    if (program.length >= maxProgramSize)
      throw new RegexRejectedError('pattern too large once its repetitions are expanded');
    program.push(instruction);
    return program.length - 1;
  };

  function compile(node: RegexNode): void {
    switch (node.kind) {
      case 'empty':
        return;
      case 'char':
        emit({ op: 'char', test: node.test });
        return;
      case 'assert':
        emit({ op: 'assert', which: node.which });
        return;
      case 'concat':
        for (const item of node.items) compile(item);
        return;
      case 'alternation': {
        const jumps: Array<Extract<Instruction, { op: 'jump' }>> = [];
        node.items.forEach((item, index) => {
          if (index === node.items.length - 1) {
            compile(item);
            return;
          }
          const split = { op: 'split', first: 0, second: 0 } as Extract<Instruction, { op: 'split' }>;
          split.first = emit(split) + 1;
          compile(item);
          const jump = { op: 'jump', to: 0 } as Extract<Instruction, { op: 'jump' }>;
          emit(jump);
          jumps.push(jump);
          split.second = program.length;
        });
        for (const jump of jumps) jump.to = program.length;
        return;
      }
      case 'group':
        if (node.index === null) compile(node.body);
        else {
          emit({ op: 'save', slot: node.index * 2 });
          compile(node.body);
          emit({ op: 'save', slot: node.index * 2 + 1 });
        }
        return;
      case 'repeat':
        compileRepeat(node);
    }
  }

  function compileRepeat(node: Extract<RegexNode, { kind: 'repeat' }>): void {
    for (let count = 0; count < node.min; count++) compile(node.body);
    if (node.max === Infinity) {
      const split = { op: 'split', first: 0, second: 0 } as Extract<Instruction, { op: 'split' }>;
      const loop = emit(split);
      compile(node.body);
      emit({ op: 'jump', to: loop });
      const body = loop + 1;
      const exit = program.length;
      [split.first, split.second] = node.greedy ? [body, exit] : [exit, body];
      return;
    }
    const splits: Array<Extract<Instruction, { op: 'split' }>> = [];
    for (let count = node.min; count < node.max; count++) {
      const split = { op: 'split', first: 0, second: 0 } as Extract<Instruction, { op: 'split' }>;
      const at = emit(split);
      splits.push(split);
      compile(node.body);
      split.first = at + 1; // Patched below with the exit once it is known.
    }
    const exit = program.length;
    for (const split of splits) {
      const body = split.first;
      [split.first, split.second] = node.greedy ? [body, exit] : [exit, body];
    }
  }

  emit({ op: 'save', slot: 0 });
  compile(parsed.root);
  emit({ op: 'save', slot: 1 });
  emit({ op: 'match' });

  const slotCount = (parsed.groupCount + 1) * 2;
  const run = createPikeVm(program, slotCount, multiline);
  return {
    groupCount: parsed.groupCount,
    exec: run,
    replaceAll(text, budget, replacer) {
      let out = '';
      let last = 0;
      let from = 0;
      while (from <= text.length) {
        const spans = run(text, from, budget);
        if (!spans) break;
        const [start, end] = [spans[0]!, spans[1]!];
        out += text.slice(last, start) + replacer({ text, spans, groupNames: parsed.groupNames });
        last = end;
        from = end === start ? end + 1 : end;
      }
      return out + text.slice(last);
    },
  };
}

function createPikeVm(program: Instruction[], slotCount: number, multiline: boolean) {
  const size = program.length;
  return function exec(text: string, from: number, budget: RegexBudget): number[] | null {
    const length = text.length;
    let current = createThreadList(size);
    let next = createThreadList(size);
    let matched: number[] | null = null;

    const holds = (which: Extract<Instruction, { op: 'assert' }>['which'], at: number): boolean => {
      switch (which) {
        case 'start':
          return at === 0 || (multiline && isLineTerminatorCode(text.charCodeAt(at - 1)));
        case 'end':
          return at === length || (multiline && isLineTerminatorCode(text.charCodeAt(at)));
        default: {
          const before = at > 0 && isWordCode(text.charCodeAt(at - 1));
          const after = at < length && isWordCode(text.charCodeAt(at));
          return (before !== after) === (which === 'word');
        }
      }
    };

    /** Follow jumps, splits, saves and assertions from `pc` at `at`, in priority order. */
    const addThread = (list: ThreadList, startPc: number, at: number, startSlots: number[]): void => {
      const stack: Array<[number, number[]]> = [[startPc, startSlots]];
      while (stack.length > 0) {
        const [pc, slots] = stack.pop()!;
        if (--budget.remaining < 0) throw new RegexBudgetExceededError();
        if (list.seen[pc] === list.generation) continue;
        list.seen[pc] = list.generation;
        const instruction = program[pc]!;
        switch (instruction.op) {
          case 'jump':
            stack.push([instruction.to, slots]);
            break;
          case 'split':
            stack.push([instruction.second, slots], [instruction.first, slots]);
            break;
          case 'save': {
            const copy = slots.slice();
            copy[instruction.slot] = at;
            stack.push([pc + 1, copy]);
            break;
          }
          case 'assert':
            if (holds(instruction.which, at)) stack.push([pc + 1, slots]);
            break;
          default:
            list.pcs.push(pc);
            list.slots.push(slots);
        }
      }
    };

    for (let at = from; at <= length; at++) {
      if (matched === null) addThread(current, 0, at, new Array<number>(slotCount).fill(-1));
      if (current.pcs.length === 0 && matched !== null) break;
      const code = at < length ? text.charCodeAt(at) : -1;
      for (let index = 0; index < current.pcs.length; index++) {
        if (--budget.remaining < 0) throw new RegexBudgetExceededError();
        const instruction = program[current.pcs[index]!]!;
        if (instruction.op === 'match') {
          matched = current.slots[index]!;
          break; // Lower-priority threads lose to this match.
        }
        if (instruction.op === 'char' && code !== -1 && instruction.test(code))
          addThread(next, current.pcs[index]! + 1, at + 1, current.slots[index]!);
      }
      [current, next] = [next, current];
      next.reset();
    }
    return matched;
  };
}

interface ThreadList {
  pcs: number[];
  slots: number[][];
  seen: Uint32Array;
  generation: number;
  reset(): void;
}

function createThreadList(size: number): ThreadList {
  const list: ThreadList = {
    pcs: [],
    slots: [],
    seen: new Uint32Array(size),
    generation: 1,
    reset() {
      list.pcs.length = 0;
      list.slots.length = 0;
      list.generation++;
    },
  };
  return list;
}
