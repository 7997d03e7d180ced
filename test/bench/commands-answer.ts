/**
 * What the bytes of a crowd's answers cost on one cycle. API.md answers every command with the whole
 * cycle and its newEvents, so a crowd of n AddEvidence on one fresh cycle writes answers holding
 * 1, 2, …, n evidence items. The answers are made by the kernel (`StreamHandler.execute`, not timed),
 * then turned into the bytes that go out, in the order the crowd got them: plain `JSON.stringify`
 * encoded as UTF-8 (what writing its text to the socket does) and `answerBody` (each evidence item's
 * JSON written and encoded once and kept), in turns; the bytes must be equal.
 * Each round takes a fresh cycle, so `answerBody` writes every item once, as the server does; a first
 * round warms both up and is not counted.
 */
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '@gearbox/eventstore';
import { StreamHandler, openSqliteKeyStore, randomIds, systemClock, type CommandContext } from '@gearbox/kernel';
import { answerBody } from '@gearbox/http';
import { cycleDefinition, type Cycle } from '@gearbox/cycles';
import { ACTOR, INSTITUTE, addEvidenceBody, startCycleBody, toPhaseDo } from './commands-workload.ts';

export interface AnswerFigures {
  amount: number;
  /** Milliseconds for all the crowd's answers, one per round. */
  plain: number[];
  kept: number[];
  /** Mean answer size in bytes. */
  meanBytes: number;
}

const ctx = (): CommandContext => ({ institute: INSTITUTE, actor: ACTOR, correlationId: randomUUID() });

async function crowdAnswers(handler: StreamHandler<Cycle>, amount: number, sequence: number): Promise<Record<string, unknown>[]> {
  const cycle = await handler.start(ctx(), startCycleBody(sequence));
  const { id } = cycle.view;
  for (const command of toPhaseDo) await handler.execute(ctx(), id, command);
  const answers: Record<string, unknown>[] = [];
  for (let n = 0; n < amount; n++) {
    const result = await handler.execute(ctx(), id, addEvidenceBody(sequence * 10_000 + n));
    answers.push({ ...result.view, newEvents: result.newEvents });
  }
  return answers;
}

/** Milliseconds to make every answer's bytes; each is dropped at once, as the server drops it once written. */
const plainBytes = (answer: Record<string, unknown>): Buffer => Buffer.from(JSON.stringify(answer));

function timed(answers: Record<string, unknown>[], write: (answer: Record<string, unknown>) => Uint8Array): { ms: number; bytes: number } {
  let bytes = 0;
  const started = performance.now();
  for (const answer of answers) bytes += write(answer).byteLength;
  return { ms: performance.now() - started, bytes };
}

export async function runAnswerBench(amounts: number[], rounds: number, log: (message: string) => void): Promise<AnswerFigures[]> {
  const store = openSqliteEventStore({ path: ':memory:' });
  const keys = openSqliteKeyStore(':memory:');
  const handler = new StreamHandler(cycleDefinition, { store, keys, clock: systemClock, ids: randomIds });
  const fixed = cycleDefinition.fixedItems;
  let sequence = 0;
  try {
    const figures: AnswerFigures[] = [];
    for (const amount of amounts) {
      const result: AnswerFigures = { amount, plain: [], kept: [], meanBytes: 0 };
      // Round -1 warms both up (the JIT) and is not counted.
      for (let round = -1; round < rounds; round++) {
        const answers = await crowdAnswers(handler, amount, sequence++);
        const plain = () => timed(answers, plainBytes);
        const kept = () => timed(answers, (answer) => Buffer.from(answerBody(answer, fixed)));
        const plainFirst = round % 2 === 0;
        const [first, second] = plainFirst ? [plain(), kept()] : [kept(), plain()];
        const [p, k] = plainFirst ? [first, second] : [second, first];
        // Not timed: the same bytes, answer by answer.
        if (answers.some((answer) => !Buffer.from(answerBody(answer, fixed)).equals(plainBytes(answer)))) throw new Error('answerBody wrote other bytes than JSON.stringify');
        if (round < 0) continue;
        result.plain.push(p.ms);
        result.kept.push(k.ms);
        result.meanBytes = p.bytes / amount;
      }
      log(`answers of ${amount} commands on one cycle: JSON.stringify ${result.plain.map((ms) => ms.toFixed(1)).join(', ')} ms; answerBody ${result.kept.map((ms) => ms.toFixed(1)).join(', ')} ms`);
      figures.push(result);
    }
    return figures;
  } finally {
    await store.close();
    keys.close();
  }
}
