import type { Metadata } from 'next';
import { AccountScreen } from '@/components/account/account-screen';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';
import { changePasswordAction, signOutEverywhereAction } from './actions';

export const metadata: Metadata = { title: 'Mi cuenta' };

export default async function AccountPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <PageHeader title={t.account.title} description={user.email} />
      <AccountScreen
        t={t.account}
        changePassword={changePasswordAction}
        signOutEverywhere={signOutEverywhereAction}
      />
    </>
  );
}
