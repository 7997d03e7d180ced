/**
 * A choice with search (WAI-ARIA combobox with a listbox popup, "list autocomplete with manual
 * selection"): a text box that filters the options as one types; ↓/↑ move through them, Enter
 * chooses, Escape closes (or empties the box), a click chooses too. Only a chosen option is a value:
 * text that names none is put back to the choice when the box is left.
 */
import { useId, useState, type ChangeEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { Listbox, ListboxOption, Paragraph, Textbox } from '@utrecht/component-library-react/css-module';
import type { Option } from './forms.tsx';

interface PickerProps {
  /** The text box's id (its label points at it), and the field's description and error. */
  id: string;
  label: string;
  describedBy?: string | undefined;
  invalid: boolean;
  required: boolean;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
}

/** Lower case without accents, so "jose" finds "José" and "ELS" finds "Els". */
const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('nl');

/** The options whose label holds every word typed, in any order. */
export function matching(options: Option[], query: string): Option[] {
  const words = plain(query).split(/\s+/).filter(Boolean);
  return options.filter((o) => words.every((w) => plain(o.label).includes(w)));
}

export function Picker({ id, label, describedBy, invalid, required, options, value, onChange }: PickerProps) {
  const listId = useId();
  const chosen = options.find((o) => o.value === value);
  /** What is typed while searching; `undefined` shows the chosen option's label. */
  const [query, setQuery] = useState<string | undefined>();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const shown = query === undefined ? options : matching(options, query);
  const expanded = open && shown.length > 0;
  const optionId = (i: number) => `${listId}-${i}`;

  const choose = (o: Option | undefined) => {
    onChange(o?.value ?? '');
    setQuery(undefined);
    setOpen(false);
    setActive(-1);
  };
  const leave = () => {
    // Typed text counts only when it is exactly one option's label, or empty (no choice).
    if (query !== undefined) {
      const exact = options.filter((o) => plain(o.label) === plain(query.trim()));
      if (exact.length === 1) choose(exact[0]);
      else if (!query.trim()) choose(undefined);
      else setQuery(undefined);
    }
    setOpen(false);
    setActive(-1);
  };
  const move = (step: number) => {
    if (!open) {
      setOpen(true);
      setActive(Math.max(0, shown.findIndex((o) => o.value === value)));
      return;
    }
    if (shown.length) setActive((i) => (i + step + shown.length) % shown.length);
  };
  const keyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter' && expanded && shown[active]) {
      e.preventDefault();
      choose(shown[active]);
    } else if (e.key === 'Escape') {
      if (expanded) e.preventDefault();
      if (open) leave();
      else if (query !== undefined || value) choose(undefined);
    }
  };

  return (
    <div className="gearbox-picker">
      <Textbox
        id={id}
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={describedBy}
        invalid={invalid}
        required={required}
        value={query ?? chosen?.label ?? ''}
        onChange={(e: ChangeEvent<HTMLInputElement>) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={keyDown}
        onBlur={leave}
      />
      <Listbox id={listId} aria-label={label} tabIndex={-1} hidden={!expanded}>
        {expanded
          ? shown.map((o, i) => (
              <ListboxOption
                key={o.value}
                id={optionId(i)}
                active={i === active}
                selected={i === active}
                // Keep the focus in the text box; the click then chooses.
                onMouseDown={(e: MouseEvent) => e.preventDefault()}
                onClick={() => choose(o)}
              >
                {o.label}
              </ListboxOption>
            ))
          : null}
      </Listbox>
      <span className="gearbox-sr" role="status">{open ? (shown.length === 1 ? '1 keuze' : `${shown.length} keuzes`) : ''}</span>
      {open && query && !shown.length ? <Paragraph>Niets gevonden voor “{query}”.</Paragraph> : null}
    </div>
  );
}
