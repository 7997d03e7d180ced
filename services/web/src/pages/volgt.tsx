import { Heading1, Paragraph } from '@utrecht/component-library-react/css-module';
import { useTitle } from '../layout.tsx';

/** A page of UI.md that is not built yet: said honestly, with where to find it meanwhile. */
export function Volgt({ title }: { title: string }) {
  useTitle(title);
  return (
    <>
      <Heading1>{title}</Heading1>
      <Paragraph>Deze pagina volgt. De gegevens zijn al via de API beschikbaar (zie <a className="utrecht-link" href="/docs">de API-documentatie</a>).</Paragraph>
    </>
  );
}

export function NietGevonden({ what = 'Deze pagina' }: { what?: string }) {
  useTitle('Niet gevonden');
  return (
    <>
      <Heading1>Niet gevonden</Heading1>
      <Paragraph>{what} is niet gevonden in uw instituut.</Paragraph>
    </>
  );
}
