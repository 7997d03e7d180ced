/**
 * Why a leerplek refuses a command, in words (API.md: a 422 names what is missing). Each reason
 * mirrors one guard of machine.ts, in the state where that guard decides.
 */
import { text, type Text } from '@gearbox/kernel';
import type { LeerplekContext } from './machine.ts';

type Reason = { states: readonly string[]; why: (c: LeerplekContext) => Text | undefined };

const ANY = ['actief', 'geschorst'];

const reasons: Record<string, Reason> = {
  LinkOpleider: {
    states: ['actief'],
    why: (c) =>
      c.kind === 'opleidingspraktijk'
        ? undefined
        : text('Een opleider hoort bij een opleidingspraktijk; koppel aan een stageplaats een stageopleider.', 'An opleider belongs to an opleidingspraktijk; link a stageopleider to a stageplaats.'),
  },
  LinkStageopleider: {
    states: ['actief'],
    why: (c) =>
      c.kind === 'stageplaats'
        ? undefined
        : text('Een stageopleider hoort bij een stageplaats; koppel aan een opleidingspraktijk een opleider.', 'A stageopleider belongs to a stageplaats; link an opleider to an opleidingspraktijk.'),
  },
  RecordVgb: {
    states: ['actief'],
    why: (c) =>
      c.opleiders.length || c.stageopleiders.length
        ? undefined
        : text('Deze leerplek heeft nog geen opleider of stageopleider; een VGB vraagt er een.', 'This leerplek has no opleider or stageopleider yet; a VGB needs one.'),
  },
  UnlinkOpleider: {
    states: ANY,
    why: (c) => (c.opleiders.length ? undefined : text('Aan deze leerplek is geen opleider gekoppeld.', 'No opleider is linked to this leerplek.')),
  },
  UnlinkStageopleider: {
    states: ANY,
    why: (c) => (c.stageopleiders.length ? undefined : text('Aan deze leerplek is geen stageopleider gekoppeld.', 'No stageopleider is linked to this leerplek.')),
  },
};

/** The hook of the leerplek's StreamDefinition (`explain`). */
export function explainLeerplek(context: LeerplekContext, command: string, state: string): Text | undefined {
  const reason = Object.hasOwn(reasons, command) ? reasons[command] : undefined;
  return reason?.states.includes(state) ? reason.why(context) : undefined;
}
