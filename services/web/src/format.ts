/** UI.md: dates dd-mm-jjjj, numbers with a decimal comma, times in Europe/Amsterdam. */
const day = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: '2-digit', month: '2-digit', year: 'numeric' });
const number = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 2 });

/** `2026-06-30` or an instant → `30-06-2026`. */
export function datum(value: string | undefined | null): string {
  if (!value) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : day.format(date);
}

const clock = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' });

/** An instant → `30-06-2026 om 14:05` (Amsterdam). */
export function datumTijd(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : `${day.format(date)} om ${clock.format(date)}`;
}

export function getal(value: number): string {
  return number.format(value);
}

const lijst = new Intl.ListFormat('nl', { type: 'conjunction' });

/** `AN-2, AN-3 en AN-4`: a list in words. */
export function opsomming(items: string[]): string {
  return lijst.format(items);
}

/** `1 open bevinding`, `2 open bevindingen`: the count with the right form of the word. */
export function aantal(n: number, enkelvoud: string, meervoud: string): string {
  return `${getal(n)} ${n === 1 ? enkelvoud : meervoud}`;
}

/** `31-03-2027` (as typed) → `2027-03-31` (as the API takes it); anything else as typed, for the API to refuse next to the field. */
export function parseDatum(text: string): string {
  const m = /^\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$/.exec(text);
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : text;
}

/** What a person types (`7,4` or `7.4`) as a number; the text itself when it is none, for the API to refuse. */
export function parseGetal(text: string): number | string {
  const n = Number(text.trim().replace(',', '.'));
  return text.trim() === '' || Number.isNaN(n) ? text : n;
}

/** `2026-06-30` → the last millisecond of that day in Amsterdam, as an instant (a "stand per" date as the API's asOf). */
export function eindeVanDag(isoDate: string): string {
  const noon = new Date(`${isoDate}T12:00:00Z`);
  if (Number.isNaN(noon.getTime())) return isoDate;
  const amsterdam = new Date(noon.toLocaleString('en-US', { timeZone: 'Europe/Amsterdam' }));
  const utc = new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(Date.parse(`${isoDate}T23:59:59.999Z`) - (amsterdam.getTime() - utc.getTime())).toISOString();
}
