import type { Metadata } from 'next';
import { ExperiencesTable } from '@/components/experiences/experiences-table';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Experiencias' };

export default async function ExperiencesPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.experiences.title} description={t.experiences.description} />
      <ExperiencesTable canWrite={user.role === 'superadmin'} />
    </>
  );
}
