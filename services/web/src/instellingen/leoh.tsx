/** Instellingen → LEOH-instellingen: the scale, the crucial items and the threshold below which they raise a signal. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Heading2, Paragraph } from '@utrecht/component-library-react/css-module';
import { api, data } from '../api/client.ts';
import type { Form } from '../cycles/commands.ts';
import { SpecForm } from '../cycles/spec-form.tsx';
import { datum, getal } from '../format.ts';
import { Loaded } from '../loaded.tsx';

type Setting = Awaited<ReturnType<typeof readSetting>>;
const readSetting = () => data(api.GET('/settings/leoh'));

const form = (s: Setting): Form => ({
  label: 'LEOH-instellingen',
  fields: [
    { name: 'scale.min', label: 'Laagste score op de schaal', kind: 'number' },
    { name: 'scale.max', label: 'Hoogste score op de schaal', kind: 'number' },
    { name: 'threshold', label: 'Drempel', kind: 'number', description: 'Een cruciaal item dat lager dan dit scoort, geeft een LEOH-signaal en een CMO-screening' },
    { name: 'crucialItems', label: 'Cruciale items', kind: 'checkboxes', optional: true, choices: s.items.map((i) => ({ value: i.code, label: i.title })) },
  ],
});

export function LeohSettings() {
  const queries = useQueryClient();
  const setting = useQuery({ queryKey: ['leoh-setting'], queryFn: readSetting });
  return (
    <section aria-labelledby="leoh">
      <Heading2 id="leoh">LEOH-instellingen</Heading2>
      <Loaded query={setting} notFound={<Paragraph>Dit instituut heeft nog geen LEOH-instelling.</Paragraph>}>
        {(s) => (
          <>
            <Paragraph>
              Laatst gewijzigd op {datum(s.setAt)}. Nu: schaal {getal(s.scale.min)} tot en met {getal(s.scale.max)}, een signaal onder {getal(s.threshold)} op{' '}
              {s.crucialItems.length ? s.crucialItems.map((c) => s.items.find((i) => i.code === c)?.title ?? c).join('; ') : 'geen enkel item (er komen geen signalen)'}.
            </Paragraph>
            <SpecForm
              key={s.revision}
              form={form(s)}
              heading={false}
              submit="LEOH-instellingen opslaan"
              initial={{ 'scale.min': getal(s.scale.min), 'scale.max': getal(s.scale.max), threshold: getal(s.threshold), crucialItems: s.crucialItems }}
              send={async (body) => {
                const crucialItems = (body.crucialItems as string[] | undefined) ?? [];
                const saved = await data(api.PUT('/settings/leoh', { body: { ...(body as { scale: Setting['scale']; threshold: number }), crucialItems, items: s.items }, params: { header: { 'If-Match': `"${s.revision}"` } } }));
                queries.setQueryData(['leoh-setting'], saved);
              }}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
