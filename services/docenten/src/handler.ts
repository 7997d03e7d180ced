/** The kernel's command path for docenten; what is special (visibility, subject ids) is declared in definition.ts. */
import { StreamHandler, type KernelDeps } from '@gearbox/kernel';
import { docentDefinition, type Docent } from './definition.ts';

export class DocentHandler extends StreamHandler<Docent> {
  constructor(deps: KernelDeps) {
    super(docentDefinition, deps);
  }
}
