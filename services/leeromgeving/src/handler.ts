/** The kernel's command path for leerplekken; who sees what is declared in definition.ts (visibility.ts). */
import { StreamHandler, type KernelDeps } from '@gearbox/kernel';
import { leerplekDefinition, type Leerplek } from './definition.ts';

export class LeerplekHandler extends StreamHandler<Leerplek> {
  constructor(deps: KernelDeps) {
    super(leerplekDefinition, deps);
  }
}
