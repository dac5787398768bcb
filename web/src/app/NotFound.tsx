import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/i18n';

export function NotFound() {
  const t = useT();
  return (
    <section>
      <h1 tabIndex={-1}>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p>
        <Link to="/tasks">{t('notFound.back')}</Link>
      </p>
    </section>
  );
}
