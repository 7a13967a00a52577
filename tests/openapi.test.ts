import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, useTestDbForRoutes } from './support/api';
import { createTestDb, type TestDb } from './support/db';
import { INTERNAL_ROUTES, PUBLIC_ROUTES, routeFiles } from './support/route-files';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
};

/** /api/v1/chats/[id]/messages → /api/v1/chats/{id}/messages, trailing slash dropped for comparison. */
const normalize = (path: string) => path.replace(/\[(\w+)\]/g, '{$1}').replace(/\/$/, '');

describe('OpenAPI document', () => {
  let t: TestDb;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestDb();
    useTestDbForRoutes(t);
    const { key } = await createKey(t.db, 'read');
    const res = await call('GET', '/api/v1/openapi.json', { key });
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(() => t.drop());

  it('is a valid OpenAPI 3.1 document (official schema, every $ref resolves)', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!);
    for (const ref of refs) {
      const target = ref
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
      expect(target, ref).toBeTruthy();
    }
  });

  it('describes every route handler on disk, and nothing that does not exist', () => {
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method.toUpperCase()} ${normalize(path)}`),
      ),
    );
    const onDisk = new Set(
      routeFiles()
        .filter((r) => !PUBLIC_ROUTES.includes(r.pattern) && !INTERNAL_ROUTES.includes(r.pattern))
        .flatMap((r) => r.methods.map((m) => `${m} ${normalize(r.pattern)}`)),
    );
    expect([...onDisk].filter((op) => !documented.has(op))).toEqual([]);
    expect([...documented].filter((op) => !onDisk.has(op))).toEqual([]);
  });

  it('takes each route’s access from its own operation (declared once, in the operations table)', () => {
    const wrong = routeFiles()
      .filter((r) => !PUBLIC_ROUTES.includes(r.pattern) && !INTERNAL_ROUTES.includes(r.pattern))
      .flatMap((r) => {
        const source = readFileSync(r.file, 'utf8');
        if (!source.includes('apiRoute')) return [];
        const named = /operationsAt\('([^']+)'\)/.exec(source)?.[1];
        return named !== undefined && normalize(named) === normalize(r.pattern)
          ? []
          : [`${r.pattern}: ${named}`];
      });
    expect(wrong).toEqual([]);
    expect(JSON.stringify(doc.paths)).toContain('"x-required-access":"admin"');
  });

  it('documents request bodies and the error shape from the validating schemas', () => {
    const send = doc.paths['/api/v1/superadmin/whatsapp/chats/{id}/messages/']!.post!;
    expect(JSON.stringify(send.requestBody)).toContain('"maxLength":4096');
    expect(send.responses).toHaveProperty('202');
    expect(send.responses).toHaveProperty('422');
    const group = doc.paths['/api/v1/superadmin/whatsapp/experiences/{id}/group/']!.patch!;
    expect(JSON.stringify(group.requestBody)).toMatch(/"type":"null"/);
  });
});
