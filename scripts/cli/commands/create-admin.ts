import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createUser } from '../../../lib/auth/users';
import { defineCommand } from '../command';

export const createAdminCommand = defineCommand({
  name: 'create-admin',
  usage: 'create-admin <email> [--password <contraseña>]',
  summary: 'Crea un usuario superadmin; sin --password genera una contraseña y la muestra una sola vez.',
  options: { password: { type: 'string' } },
  schema: z.object({
    positionals: z.tuple([z.email('el primer argumento debe ser un correo electrónico')]),
    values: z.object({
      password: z.string().min(10, 'la contraseña debe tener al menos 10 caracteres').max(200).optional(),
    }),
  }),
  run: async ({ db, out }, { positionals: [email], values }) => {
    const generated = values.password ? undefined : randomBytes(12).toString('base64url');
    const user = await createUser(db, { email, password: values.password ?? generated!, role: 'superadmin' });
    out(`Superadmin creado: ${user.email}`);
    if (generated) out(`Contraseña (se muestra una sola vez): ${generated}`);
    return 0;
  },
});
