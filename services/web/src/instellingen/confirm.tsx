import { useId, type ReactNode } from 'react';
import { Button, ButtonGroup, Heading3, Paragraph } from '@utrecht/component-library-react/css-module';

/** An `alertdialog` that says what will happen, with a button that does it and "Annuleren". */
export function Confirm({ title, children, yes, busy, onYes, onNo }: {
  title: string;
  children: ReactNode;
  /** The name of the button that does it. */
  yes: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const id = useId();
  return (
    <div role="alertdialog" aria-labelledby={`${id}-kop`} aria-describedby={`${id}-tekst`} className="gearbox-confirm">
      <Heading3 id={`${id}-kop`}>{title}</Heading3>
      <Paragraph id={`${id}-tekst`}>{children}</Paragraph>
      <ButtonGroup>
        <Button appearance="primary-action-button" onClick={onYes} busy={busy}>{yes}</Button>
        <Button appearance="secondary-action-button" onClick={onNo}>Annuleren</Button>
      </ButtonGroup>
    </div>
  );
}
