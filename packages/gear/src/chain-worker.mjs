// Hashes the chain beside the thread that reads and folds the events (chain.ts ChainWorker): that
// thread hands over batches of chain texts as UTF-8 in shared buffers, each text after 65 free
// bytes and with its end offset; this one writes the previous hash and a newline into those free
// bytes and hashes the slot in one call — the same bytes as hashStep's `${previous}\n${text}` —
// then hands the buffer back for reuse. At the end it answers the head. Plain JavaScript with no
// imports of ours, so it runs without a TypeScript loader; the genesis hash comes as workerData.
import { hash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const NEWLINE = 0x0a;

let head = workerData.genesis;
let count = 0;
parentPort.on('message', (message) => {
  if (message.type === 'events') {
    const { bytes, ends } = message;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let start = 0;
    for (const end of ends) {
      buffer.latin1Write(head, start);
      buffer[start + 64] = NEWLINE;
      // crypto.hash: one call, no Hash object per event (creating one cost more than hashing).
      head = hash('sha256', buffer.subarray(start, end), 'hex');
      start = end;
    }
    count += ends.length;
    parentPort.postMessage({ type: 'ack', bytes });
  } else if (message.type === 'finish') {
    parentPort.postMessage({ type: 'head', head, count });
  }
});
