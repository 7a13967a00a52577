import type { Metadata } from 'next';
import { OperatorsTable } from '@/components/operators/operators-table';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Operadores' };

export default async function OperatorsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.operators.title} description={t.operators.description} />
      <OperatorsTable canWrite={user.role === 'superadmin'} />
    </>
  );
}
