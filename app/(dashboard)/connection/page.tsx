import type { Metadata } from 'next';
import { ConnectionPanel } from '@/components/connection/connection-panel';
import { NumbersList } from '@/components/connection/numbers-list';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';
import { setSessionAction } from '../actions';

export const metadata: Metadata = { title: 'Conexión' };

export default async function ConnectionPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.connection.title} description={t.connection.description} />
      <NumbersList canAct={user.role === 'superadmin'} choose={setSessionAction} />
      <ConnectionPanel canAct={user.role === 'superadmin'} />
    </>
  );
}
