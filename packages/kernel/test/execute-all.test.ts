import { afterEach, describe, expect, it } from 'vitest';
import { CommandNotAllowedError, StreamHandler } from '../src/index.ts';
import { contextOf, memoryDeps, type MemoryDeps } from '../src/testing.ts';
import { chief, editor, listDefinition } from './toy.ts';

describe('several commands to one stream as one decision (executeAll)', () => {
  let deps: MemoryDeps;
  afterEach(() => deps.close());

  async function opened() {
    deps = memoryDeps();
    const handler = new StreamHandler(listDefinition, deps);
    const { view } = await handler.start(contextOf(editor), { title: 'Boodschappen', owner: 'o-1' });
    return { handler, id: view.id };
  }

  const both = { ...editor, roles: ['editor', 'chief'] };

  it('decides each on the state the ones before leave, and appends all in one go with the ids it was given', async () => {
    const { handler, id } = await opened();
    // Close needs an item: only the Add before it in the same batch makes it allowed.
    const result = await handler.executeAll(contextOf(both), id, [
      { body: { type: 'Add', item: 'brood' }, eventId: '00000000-0000-4000-8000-00000000000a' },
      { body: { type: 'Close' }, eventId: '00000000-0000-4000-8000-00000000000b' },
    ]);
    expect(result.newEvents.map((e) => [e.type, e.revision, e.id])).toEqual([
      ['Added', 1, '00000000-0000-4000-8000-00000000000a'],
      ['Closed', 2, '00000000-0000-4000-8000-00000000000b'],
    ]);
    expect(result.view).toMatchObject({ state: 'closed', revision: 2 });
    expect((await handler.events(contextOf(both), id)).map((e) => e.type)).toEqual(['Opened', 'Added', 'Closed']);
  });

  it('appends nothing when any command of the batch is refused', async () => {
    const { handler, id } = await opened();
    const refused = handler.executeAll(contextOf(both), id, [{ body: { type: 'Add', item: 'brood' } }, { body: { type: 'Add', item: 'brood' } }]);
    await expect(refused).rejects.toBeInstanceOf(CommandNotAllowedError);
    // Reopen on an open list is refused by the machine, so the Note before it is not stored either.
    await expect(handler.executeAll(contextOf(both), id, [{ body: { type: 'Note', text: 'x' } }, { body: { type: 'Reopen' } }])).rejects.toBeInstanceOf(CommandNotAllowedError);
    expect((await handler.events(contextOf(chief), id)).map((e) => e.type)).toEqual(['Opened']);
  });
});
