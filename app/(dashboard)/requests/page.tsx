import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RequestsScreen } from '@/components/requests/requests-screen';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Solicitudes de reserva' };

export default async function RequestsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.requests.title} description={t.requests.description} />
      <Suspense>
        <RequestsScreen canWrite={user.role === 'superadmin'} />
      </Suspense>
    </>
  );
}
