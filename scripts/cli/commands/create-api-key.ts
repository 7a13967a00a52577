import { z } from 'zod';
import { API_KEY_SCOPES, createApiKey } from '../../../lib/auth/api-keys';
import { defineCommand } from '../command';

export const createApiKeyCommand = defineCommand({
  name: 'create-api-key',
  usage: 'create-api-key --name <nombre> --scope read|write',
  summary: 'Crea una clave de API y la muestra una sola vez (última línea, para scripts).',
  options: { name: { type: 'string' }, scope: { type: 'string' } },
  schema: z.object({
    positionals: z.tuple([]),
    values: z.object({
      name: z
        .string({ error: '--name es obligatorio' })
        .trim()
        .min(1, '--name no puede estar vacío')
        .max(100),
      scope: z.enum(API_KEY_SCOPES, { error: '--scope debe ser read o write' }),
    }),
  }),
  run: async ({ db, out }, { values }) => {
    const { apiKey, key } = await createApiKey(db, values, { type: 'system', label: 'cli' });
    out(`Clave «${apiKey.name}» creada (#${apiKey.id}, alcance ${apiKey.scope}, prefijo ${apiKey.prefix}).`);
    out('Guárdala ahora: no se vuelve a mostrar. Se envía como «Authorization: Bearer <clave>».');
    out(key);
    return 0;
  },
});
