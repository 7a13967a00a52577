import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SettingsScreen } from '@/components/settings/settings-screen';
import { PageHeader } from '@/components/ui/card';
import { TEMPLATE_SAMPLE } from '@/lib/settings/template-sample';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Ajustes' };

export default async function SettingsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.settings.title} description={t.settings.description} />
      <Suspense>
        <SettingsScreen
          canWrite={user.role === 'superadmin'}
          currentUserId={user.id}
          sample={TEMPLATE_SAMPLE}
        />
      </Suspense>
    </>
  );
}
