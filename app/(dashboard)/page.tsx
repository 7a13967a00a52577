import { OverviewScreen } from '@/components/overview/overview-screen';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../_lib/auth-guards';
import { getT } from '../_lib/locale';

export default async function OverviewPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.overview.title} description={t.overview.description} />
      <OverviewScreen canWrite={user.role === 'superadmin'} />
    </>
  );
}
