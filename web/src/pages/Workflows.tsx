import { PageTitle } from '../components/common';
import { useT } from '../i18n/i18n';

export function WorkflowsPage() {
  const t = useT();
  return <PageTitle title={t('app.comingSoon')}>{t('app.comingSoon')}</PageTitle>;
}
