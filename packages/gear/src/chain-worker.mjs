// Hashes the chain beside the thread that reads and folds the events (chain.ts ChainWorker): that
// thread sends each event's chain text (its canonical JSON) in batches, this one links them with
// sha256 and acknowledges each batch; at the end it answers the head.
import { parentPort } from 'node:worker_threads';
import { GENESIS, hashStep } from './chain-core.mjs';

let head = GENESIS;
let count = 0;
parentPort.on('message', (message) => {
  if (message.type === 'texts') {
    for (const text of message.texts) head = hashStep(head, text);
    count += message.texts.length;
    parentPort.postMessage({ type: 'ack' });
  } else if (message.type === 'finish') {
    parentPort.postMessage({ type: 'head', head, count });
  }
});
