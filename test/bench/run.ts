/**
 * Entry point of `pnpm bench [name] [--markdown]`. Each benchmark lives in its own file under
 * bench/ and returns its tables; this file only picks one and prints what it returns, so a new
 * benchmark (HTTP command throughput, GEAR export, ...) is one file plus one line below.
 * Progress goes to stderr; stdout carries only the tables.
 */
import { cpus } from 'node:os';
import { renderMarkdown, renderTable, type Table } from './table.ts';

type Benchmark = () => Promise<Table[]>;

const benchmarks: Record<string, () => Promise<Benchmark>> = {
  eventstore: async () => (await import('./eventstore.ts')).runEventStoreBenchmark,
  commands: async () => (await import('./commands.ts')).runCommandsBenchmark,
  crowds: async () => (await import('./commands.ts')).runCrowdsBenchmark,
  gear: async () => (await import('./gear.ts')).runGearBenchmark,
  sharing: async () => (await import('./sharing.ts')).runSharingBenchmark,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const markdown = args.includes('--markdown');
  const names = args.filter((arg) => !arg.startsWith('--'));
  const selected = names.length > 0 ? names : ['eventstore'];

  const unknown = selected.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    return;
  }

  const cpu = cpus();
  console.log(`Node ${process.version}, ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown cpu'}), ${process.platform}`);
  for (const name of selected) {
    const benchmark = await benchmarks[name]!();
    const tables = await benchmark();
    for (const table of tables) {
      console.log(`\n${markdown ? `### ${table.title}\n\n${renderMarkdown(table)}` : renderTable(table)}\n`);
    }
  }
}

await main();
