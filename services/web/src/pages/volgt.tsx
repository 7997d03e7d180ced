import { Heading1, Paragraph } from '@utrecht/component-library-react/css-module';
import { useTitle } from '../layout.tsx';

export function NietGevonden({ what = 'Deze pagina' }: { what?: string }) {
  useTitle('Niet gevonden');
  return (
    <>
      <Heading1>Niet gevonden</Heading1>
      <Paragraph>{what} is niet gevonden in uw instituut.</Paragraph>
    </>
  );
}
