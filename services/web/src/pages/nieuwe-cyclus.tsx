import { api, data } from '../api/client.ts';
import { KIND_LABEL, options } from '../cycles/labels.ts';
import type { CommandSpec, Form } from '../cycles/commands.ts';
import { NewPage } from '../cycles/spec-form.tsx';
import type { paths } from '../api/schema.ts';

type NewCycle = paths['/cycles']['post']['requestBody']['content']['application/json'];

// Typed against the API's request body, like the command forms.
const NEW_CYCLE: CommandSpec<NewCycle> = {
  label: 'Nieuwe cyclus',
  fields: [
    { name: 'title', label: 'Titel', kind: 'text', description: 'Bijvoorbeeld Curriculum 2027' },
    { name: 'kind', label: 'Soort', kind: 'select', choices: options(KIND_LABEL) },
    { name: 'period.from', label: 'Periode van', kind: 'date' },
    { name: 'period.to', label: 'Periode tot en met', kind: 'date' },
    { name: 'scope', label: 'Reikwijdte', kind: 'text', optional: true, description: 'Bijvoorbeeld terugkomdagen; cycli van dezelfde soort en reikwijdte nemen open acties van elkaar over' },
  ],
};

export default function NieuweCyclus() {
  return <NewPage form={NEW_CYCLE as unknown as Form} create={(body) => data(api.POST('/cycles', { body: body as never }))} one="cycle" lists="cycles" to={(id) => `/cycli/${id}`} />;
}
