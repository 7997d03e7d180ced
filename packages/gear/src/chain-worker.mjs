// Hashes the chain beside the thread that reads and folds the events (chain.ts ChainWorker): that
// thread transfers batches of chain texts as UTF-8 bytes with the end offset of each event; this
// one links them with sha256 (the same bytes as hashStep's `${previous}\n${text}`), and hands each
// buffer back for reuse. At the end it answers the head.
import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { GENESIS } from './chain-core.mjs';

let head = GENESIS;
let count = 0;
parentPort.on('message', (message) => {
  if (message.type === 'events') {
    const { bytes, ends } = message;
    let start = 0;
    for (const end of ends) {
      head = createHash('sha256').update(`${head}\n`).update(bytes.subarray(start, end)).digest('hex');
      start = end;
    }
    count += ends.length;
    parentPort.postMessage({ type: 'ack', bytes }, [bytes.buffer]);
  } else if (message.type === 'finish') {
    parentPort.postMessage({ type: 'head', head, count });
  }
});
