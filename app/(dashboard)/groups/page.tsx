import type { Metadata } from 'next';
import { GroupsTable } from '@/components/groups/groups-table';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Grupos' };

export default async function GroupsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.groups.title} description={t.groups.description} />
      <GroupsTable canWrite={user.role === 'superadmin'} />
    </>
  );
}
