import { z } from 'zod';
import { migrateOperators } from '../../../lib/operators/migrate-operators';
import { defineCommand } from '../command';

export const migrateOperatorsCommand = defineCommand({
  name: 'migrate-operators',
  usage: 'migrate-operators [--dry-run]',
  summary: 'Vincula operadores antiguos a su organizador (por correo, teléfono o nombre) o crea uno.',
  options: { 'dry-run': { type: 'boolean' } },
  schema: z.object({ positionals: z.tuple([]), values: z.object({ 'dry-run': z.boolean().default(false) }) }),
  run: async ({ db, out }, { values }) => {
    const dryRun = values['dry-run'];
    const result = await migrateOperators(db, { dryRun }, { type: 'system', label: 'cli' });
    if (result.plan.length === 0) {
      out('No hay operadores sin organizador: nada que hacer.');
      return 0;
    }
    out(dryRun ? 'Plan (simulación, no se guardó nada):' : 'Cambios aplicados:');
    for (const step of result.plan) {
      const what =
        step.action === 'link'
          ? `vincular a «${step.organizerName}» (coincide por ${{ email: 'correo', phone: 'teléfono', name: 'nombre' }[step.matchedBy]})`
          : `crear el organizador «${step.organizerName}»`;
      out(`  operador #${step.operatorId} «${step.operatorName}»: ${what}`);
    }
    if (!dryRun)
      out(`${result.linked} operadores vinculados, ${result.organizersCreated} organizadores creados.`);
    return 0;
  },
});
